/**
 * The lab: its whole state lives in the address (a link opens the same state, and changes are
 * written back), the hidden layers are typed as a list with limits enforced in words, and every
 * chapter figure's "Open in the lab" link carries its settings and seed there.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, canvasPixels, hydrateWidget, testWithoutErrors as test } from './helpers.ts';

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

test('class targets: cross-entropy with one output per class, or squared error on shades; never cross-entropy without classes', async ({ page }) => {
  const widget = await openLab(page, '?lab=tcells_h20_s9');
  await expect(widget).toHaveAttribute('data-target', 'cells');
  await expect(widget).toHaveAttribute('data-loss-function', 'ce');
  await expect(widget).toHaveAttribute('data-loss-name', 'cross-entropy');
  await expect(widget.locator('[data-readout="loss-used"]')).toHaveText('Trained with cross-entropy (softmax): 5 outputs, one per class.');
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-accuracy', /^(0(\.\d+)?|1)$/, { timeout: TRAIN_WAIT });
  // The same classes with squared error: one output, the classes as shades of gray.
  await widget.locator('[data-option="loss-function"]').selectOption('mse');
  await expect(widget).toHaveAttribute('data-loss-name', 'mean squared error');
  await expect(widget).toHaveAttribute('data-accuracy', '');
  await expect(widget.locator('[data-readout="loss-used"]')).toHaveText('Trained with squared error: one output, the classes as shades of gray.');
  await expect.poll(() => new URL(page.url()).searchParams.get('lab')).toBe('tcells_lmse_h20_s9');
  // A target without classes offers squared error alone, and the address carries no loss.
  await widget.locator('[data-option="target"]').selectOption('ring');
  await expect(widget).toHaveAttribute('data-loss-function', 'mse');
  await expect(widget.locator('[data-option="loss-function"] option')).toHaveText(['squared error']);
  await expect.poll(() => new URL(page.url()).searchParams.get('lab')).toBe('tring_lmse_h20_s9');
  // A link asking for cross-entropy on the ring is told, and trains with squared error.
  const refused = await openLab(page, '?lab=tring_lce');
  await expect(refused.locator('[data-note="link"]')).toContainText('(loss)');
  await expect(refused).toHaveAttribute('data-loss-function', 'mse');
  await expect(refused).toHaveAttribute('data-target', 'ring');
});

test('N random points: train and test loss, the points in the address; the grid has no test set', async ({ page }) => {
  const widget = await openLab(page, '?lab=tring_n625_s5');
  await expect(widget).toHaveAttribute('data-random-points', '625');
  await expect(widget).toHaveAttribute('data-points', '625');
  // The target is drawn at the size sampled: the ring's pixels, white on black.
  const target = await canvasPixels(widget.locator('figure.target canvas'));
  expect([target.width, target.height]).toEqual([256, 256]);
  expect(target.data.filter((_, k) => k % 4 === 0 && target.data[k] === 255).length).toBeGreaterThan(5000);
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10', { timeout: TRAIN_WAIT });
  const train = Number(await widget.getAttribute('data-train-loss'));
  const test = Number(await widget.getAttribute('data-test-loss'));
  expect(train).toBeGreaterThan(0);
  expect(test).toBeGreaterThan(0);
  await expect(widget.locator('[data-readout="test-loss"]')).toHaveText(/^\d/);
  await expect(widget.locator('svg path.test-loss')).toHaveCount(1);
  expect(new URL(page.url()).searchParams.get('lab')).toBe('tring_n625_s5');
  await widget.locator('[data-option="random-points"]').selectOption('0');
  await expect(widget).toHaveAttribute('data-points', String(64 * 64));
  await expect(widget).toHaveAttribute('data-test-loss', '');
  await expect.poll(() => new URL(page.url()).searchParams.get('lab')).toBe('tring_lmse_s5');
});

test('your own picture is read here and learnt; a file that is no picture is refused and the run goes on', async ({ page }) => {
  const widget = await openLab(page);
  const input = widget.locator('[data-input="lab-picture"]');
  await input.setInputFiles('test/e2e/fixtures/not-a-picture.png');
  await expect(widget.locator('[data-note="picture"][role="alert"]')).toContainText('The network goes on with its target.');
  await expect(widget).toHaveAttribute('data-target', 'circle');
  await input.setInputFiles('test/e2e/fixtures/photo-square.png');
  await expect(widget).toHaveAttribute('data-target', 'own', { timeout: TRAIN_WAIT });
  await expect(widget.locator('[data-note="picture"][role="alert"]')).toHaveCount(0);
  await expect(widget.locator('figure.target [role="img"]')).toHaveAttribute('aria-label', /photo-square\.png, as the 96 by 96 points/);
  await expect(widget).toHaveAttribute('data-points', String(96 * 96), { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10', { timeout: TRAIN_WAIT });
  // The address names the reader's picture, which it cannot carry: opened again, the lab says so.
  await expect.poll(() => new URL(page.url()).searchParams.get('lab')).toBe('town_lmse');
  const again = await openLab(page, '?lab=town');
  await expect(again.locator('[data-note="picture"][role="status"]')).toContainText('never leaves your computer');
});
