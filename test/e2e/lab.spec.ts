/**
 * The lab: its whole state lives in the address (a link opens the same state, and changes are
 * written back), the hidden layers are typed as a list with limits enforced in words, and every
 * chapter figure's "Open in the lab" link carries its settings and seed there.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, hydrateWidget, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

async function openLab(page: Page, query = ''): Promise<Locator> {
  await page.goto(`lab/${query}`);
  const widget = page.locator('[data-widget="lab"]');
  await hydrateWidget(page, widget);
  await expect(widget, 'the worker is ready').not.toHaveAttribute('data-backend', '', { timeout: TRAIN_WAIT });
  return widget;
}

const STATE = 'h12-6_osgd_r0.03_b64_i0.5_g32_fnone_m1_c0_v2_s42';

test('a lab link round-trips: it opens that state, and the address written back is the same', async ({ page }) => {
  const widget = await openLab(page, `?lab=${STATE}`);
  await expect(widget).toHaveAttribute('data-hidden', '12-6');
  await expect(widget).toHaveAttribute('data-layers', '2');
  await expect(widget).toHaveAttribute('data-optimizer', 'sgd');
  await expect(widget).toHaveAttribute('data-learning-rate', '0.03');
  await expect(widget).toHaveAttribute('data-batch-size', '64');
  await expect(widget).toHaveAttribute('data-init-scale', '0.5');
  await expect(widget).toHaveAttribute('data-grid', '32');
  await expect(widget).toHaveAttribute('data-folds', 'none');
  await expect(widget).toHaveAttribute('data-error-map', 'true');
  await expect(widget).toHaveAttribute('data-curve', 'false');
  await expect(widget).toHaveAttribute('data-seed', '42');
  await expect(widget.locator('[data-option="hidden"]')).toHaveValue('12, 6');
  await expect(widget.locator('[data-option="optimizer"]')).toHaveValue('sgd');
  await expect(widget.locator('[data-note="link"]')).toHaveCount(0);
  await expect(widget.locator('[data-action="copy-link"]')).toHaveAttribute('href', new RegExp(`\\?lab=${STATE}#figure-lab$`));

  // A change is written into the address, and that address opens the changed state.
  await widget.locator('[data-option="hidden"]').fill('20, 10, 5');
  await widget.locator('[data-option="hidden"]').press('Enter');
  await expect(widget).toHaveAttribute('data-hidden', '20-10-5');
  await expect.poll(() => new URL(page.url()).searchParams.get('lab')).toContain('h20-10-5');
  const written = new URL(page.url()).searchParams.get('lab')!;
  const again = await openLab(page, `?lab=${encodeURIComponent(written)}`);
  await expect(again).toHaveAttribute('data-hidden', '20-10-5');
  await expect(again).toHaveAttribute('data-seed', '42');
  await expect(again).toHaveAttribute('data-optimizer', 'sgd');
  expect(new URL(page.url()).searchParams.get('lab')).toBe(written);

  // And it trains.
  await button(again, 'step').click();
  await expect(again).toHaveAttribute('data-step', '10', { timeout: TRAIN_WAIT });
});

test('hidden layers outside the limits are refused with a message, and the network stays as it was', async ({ page }) => {
  const widget = await openLab(page);
  const field = widget.locator('[data-option="hidden"]');
  for (const [typed, why] of [
    ['16, 0', /at least one neuron/],
    ['200, 200', /up to 128 neurons/],
    ['5000', /up to 2,000 neurons/],
    ['sixteen', /whole numbers separated by commas/],
  ] as const) {
    await field.fill(typed);
    await field.press('Enter');
    await expect(widget.locator('[data-note="hidden"][role="alert"]')).toHaveText(why);
    await expect(widget).toHaveAttribute('data-hidden', '10');
  }
  await field.fill('8 8');
  await field.press('Enter');
  await expect(widget).toHaveAttribute('data-hidden', '8-8');
  await expect(widget.locator('[data-note="hidden"][role="alert"]')).toHaveCount(0);
  // A deep network shows its exact partition and counts its regions.
  await expect(widget).toHaveAttribute('data-folds', 'partition');
  await expect(widget).toHaveAttribute('data-regions', /^\d+$/, { timeout: TRAIN_WAIT });
  await expect(widget.locator('[data-readout="regions"]')).toHaveText(/^\d[\d,]*$/);
});

test('a chapter figure’s "Open in the lab" link brings its settings and seed to the lab', async ({ page }) => {
  await page.goto('ten-neurons/');
  const figure = page.locator('[data-widget="training"]');
  await hydrateWidget(page, figure);
  await figure.locator('[data-option="neurons"]').selectOption('50');
  await figure.locator('[data-option="learning-rate"]').selectOption('0.003');
  await button(figure, 'new-seed').click();
  const seed = await figure.getAttribute('data-seed');
  const link = figure.locator('[data-action="open-lab"]');
  await expect(link).toHaveAttribute('href', new RegExp(`lab/\\?lab=h50_r0\\.003_s${seed}$`));
  await link.click();
  await page.waitForURL(/\/lab\//);
  const lab = page.locator('[data-widget="lab"]');
  await hydrateWidget(page, lab);
  await expect(lab).toHaveAttribute('data-hidden', '50');
  await expect(lab).toHaveAttribute('data-learning-rate', '0.003');
  await expect(lab).toHaveAttribute('data-seed', seed!);
  await expect(lab).toHaveAttribute('data-target', 'circle');
});
