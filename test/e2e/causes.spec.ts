/**
 * The figures of the experiments that test the three questions' causes are drawn at build time:
 * without JavaScript the chapter shows them with every run of the committed results.
 */
import { expect, test } from '@playwright/test';
import experiments from '../../src/data/experiments.json' with { type: 'json' };

test.use({ javaScriptEnabled: false });

test('the questions chapter shows the pulse, edge and condensation tests from the committed results', async ({ page }) => {
  const response = await page.goto('open-questions/');
  expect(response?.status()).toBe(200);
  const PC = experiments.pulseCauses;

  // The pulse: a row per optimizer, a dot per seed, and a loss panel per optimizer.
  const pulse = page.locator('#figure-pulse-causes');
  await expect(pulse.locator('svg circle.dot')).toHaveCount(PC.conditions.length * PC.settings.seeds.length);
  await expect(pulse.locator('tbody tr')).toHaveCount(PC.conditions.length);
  await expect(pulse.locator('.multiples svg')).toHaveCount(PC.conditions.length);
  await expect(pulse.locator('tbody tr').filter({ hasText: 'AMSGrad' })).toHaveCount(1);
  await expect(pulse.locator('figcaption')).toContainText(`${PC.settings.seeds.length} seeds`);

  // The soft edge: two panels, one line per network, and a table row per network.
  const EC = experiments.edgeCauses;
  const edge = page.locator('#figure-edge-causes');
  await expect(edge.locator('svg path.series')).toHaveCount(EC.depth.length + EC.fourier.length);
  await expect(edge.locator('tbody tr')).toHaveCount(EC.depth.length + EC.fourier.length);
  await expect(edge.locator('tbody tr').filter({ hasText: '3 × 16' })).toHaveCount(1);

  // Condensation: a cell per optimizer and scale, a point per width and scale.
  const C = experiments.condensation;
  const cond = page.locator('#figure-condensation');
  await expect(cond.locator('rect.cell')).toHaveCount(C.grid.length + C.gradientDescent.length);
  await expect(cond.locator('svg path.series')).toHaveCount(C.settings.widthScales.length);

  // The prose quotes the same results.
  const prose = page.locator('article.prose');
  await expect(prose).toContainText('Testing the cause');
  await expect(prose).not.toContainText('belongs to Adam');
});
