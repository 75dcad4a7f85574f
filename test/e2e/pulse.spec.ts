/**
 * The pulse figure of chapter 5: trains live, marks and counts the loss's spikes exactly as the
 * detector does in Node on the same run, draws the optimizer's trace on the same steps, restarts
 * when the optimizer changes (Adam's constants only for Adam), says when a run diverges, and shows
 * empty axes rather than nothing before it trains.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { button, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { PULSE_DETECTOR, findSpikes } from '../../src/core/spikes.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';
import { firstDivergence } from '../../src/core/loss.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'open-questions/';

async function openPulse(page: Page): Promise<Locator> {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="pulse"]');
  await hydrateWidget(page, widget);
  await expect(widget, 'a fresh run waits paused').toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', '0');
  return widget;
}

/** The step, loss and spike count of the widget, read together (so from one snapshot). */
async function reading(widget: Locator): Promise<{ step: number; loss: number; spikes: number }> {
  return widget.evaluate((el) => ({ step: Number(el.getAttribute('data-step')), loss: Number(el.getAttribute('data-loss')), spikes: Number(el.getAttribute('data-spikes')) }));
}

/**
 * Plays until the read-out shows at least `spikes` spikes, then pauses; returns the reading once
 * the worker's answer to the pause has arrived. The answer can lag well behind the click on a busy
 * machine (the page stops asking for frames at once, the worker may still finish its turn), so the
 * step must stay put over several looks, and step, loss and count are then read in one go.
 */
async function playUntilSpikes(page: Page, widget: Locator, spikes: number): Promise<{ step: number; loss: number; spikes: number }> {
  // Keyboard first: the Play button answers Enter.
  await button(widget, 'play').focus();
  await page.keyboard.press('Enter');
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-spikes'), { timeout: TRAIN_WAIT, intervals: [250] }).toBeGreaterThanOrEqual(spikes);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  let step = await numAttr(widget, 'data-step');
  let still = 0;
  await expect
    .poll(
      async () => {
        const now = await numAttr(widget, 'data-step');
        still = now === step ? still + 1 : 0;
        step = now;
        return still >= 3;
      },
      { timeout: TRAIN_WAIT, intervals: [400] },
    )
    .toBe(true);
  return reading(widget);
}

test('Adam on 100 neurons pulses: the figure counts the spikes the detector finds in the same run', async ({ page }) => {
  const widget = await openPulse(page);
  await expect(widget).toHaveAttribute('data-optimizer', 'adam');
  await expect(widget).toHaveAttribute('data-spikes', '0');
  const loss = widget.locator('svg[data-chart="loss"]');
  const note = widget.locator('[data-note]');
  await expect(note).toContainText('Press Play');
  const first = await numAttr(widget, 'data-loss');
  expect(first).toBeGreaterThan(0.1);

  const { step, loss: lastLoss, spikes: count } = await playUntilSpikes(page, widget, 3);
  expect(step).toBeGreaterThan(PULSE_DETECTOR.warmup);
  // The loss fell well below where it started (spikes or not).
  expect(lastLoss).toBeLessThan(first / 4);
  await expect(note).toHaveCount(0);

  // The same run in Node (fused engine, same seed and settings): the same losses, so the same spikes.
  const data = sampleTarget(TARGETS.circle, 64);
  const trainer = await createFusedTrainer(
    { hidden: [100], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1, adam: { beta2: 0.999, epsilon: 1e-7 } },
    data,
  );
  const losses = trainer.step(step);
  const spikes = findSpikes(losses, PULSE_DETECTOR);
  expect(count, `spikes in ${step} steps`).toBe(spikes.length);
  expect(lastLoss).toBeCloseTo(losses[step - 1]!, 6);
  // And nothing arrived since: the widget still shows that same reading.
  expect(await reading(widget)).toEqual({ step, loss: lastLoss, spikes: count });

  // One mark per spike on the loss curve, and the read-outs say the same.
  await expect(loss.locator('path.mark')).toHaveCount(count);
  await expect(widget.locator('[data-readout="spikes"]')).toHaveText(String(count));
  const gaps = spikes.slice(1).map((s, k) => s.peak - spikes[k]!.peak).sort((p, q) => p - q);
  const mid = gaps.length / 2;
  const period = gaps.length % 2 ? gaps[Math.floor(mid)]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  await expect(widget.locator('[data-readout="period"]')).toHaveText(`${Math.round(period)} steps`);
  await expect(widget.locator('[data-readout="height"]')).toHaveText(/^\d+ %$/);
  await expect(loss).toHaveAttribute('aria-label', new RegExp(`${count} spikes marked, a median ${Math.round(period)} steps apart`));

  // The trace chart: the update norm and Adam's second moment, each a drawn line.
  const trace = widget.locator('svg[data-chart="trace"]');
  await expect(trace.locator('path[data-series="update"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(trace.locator('path[data-series="root"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(trace).toHaveAttribute('aria-label', /√v̂; now/);
});

test('switching to SGD restarts at step 0 and leaves Adam’s constants out', async ({ page }) => {
  const widget = await openPulse(page);
  const beta2 = widget.locator('[data-option="beta2"]');
  const epsilon = widget.locator('[data-option="epsilon"]');
  await expect(beta2).toBeEnabled();
  await expect(epsilon).toBeEnabled();
  await expect(widget.locator('[data-option="amsgrad"]')).toBeEnabled();
  await expect(widget).toHaveAttribute('data-amsgrad', 'false');
  await button(widget, 'play').click();
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(1500);

  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  await expect.poll(() => numAttr(widget, 'data-spikes'), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);

  // A new run from step 0: nothing recorded, Adam's constants out of reach, SGD's own rate.
  await widget.locator('[data-option="optimizer"]').selectOption('sgd');
  await expect(widget).toHaveAttribute('data-optimizer', 'sgd');
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', '0');
  await expect(widget).toHaveAttribute('data-spikes', '0');
  await expect(widget.locator('[data-note]')).toContainText('Press Play');
  await expect(beta2).toBeDisabled();
  await expect(epsilon).toBeDisabled();
  await expect(widget.locator('[data-option="amsgrad"]')).toBeDisabled();
  await expect(widget.locator('[data-option="learning-rate"]')).toHaveValue('0.03');
  await expect(widget, 'the new run reported its first loss').not.toHaveAttribute('data-loss', 'NaN');
  const first = await numAttr(widget, 'data-loss');

  // Ten steps at a time: the curve and the update norm start.
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10');
  await expect(widget.locator('[data-note]')).toHaveCount(0);

  // SGD trains too (more slowly), draws its update norm, and has no second moment to draw.
  await button(widget, 'play').click();
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(500);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  expect(await numAttr(widget, 'data-loss')).toBeLessThan(first / 2);
  const trace = widget.locator('svg[data-chart="trace"]');
  await expect(trace.locator('path[data-series="update"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(trace.locator('path[data-series="root"]')).toHaveCount(0);
  await expect(trace).toContainText('SGD keeps no second moment');

  // Back to Adam: its constants are offered again, from step 0.
  await widget.locator('[data-option="optimizer"]').selectOption('adam');
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', '0');
  await expect(beta2).toBeEnabled();
  await expect(widget.locator('[data-option="learning-rate"]')).toHaveValue('0.01');
});

test('a run that blows up stops at that step and says why', async ({ page }) => {
  // SGD on 500 neurons at its usual rate overshoots within a few steps (in Node, the same run).
  const trainer = await createFusedTrainer({ hidden: [500], optimizer: 'sgd', learningRate: 0.03, batchSize: 0, seed: 1 }, sampleTarget(TARGETS.circle, 64));
  const start = trainer.loss();
  const losses = trainer.step(50);
  const at = firstDivergence(losses, start);
  expect(at, 'the run blows up within 50 steps').toBeGreaterThan(0);

  const widget = await openPulse(page);
  await widget.locator('[data-option="optimizer"]').selectOption('sgd');
  await widget.locator('[data-option="neurons"]').selectOption('500');
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'done', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', String(at + 1));
  const alert = widget.locator('[role="alert"]');
  await expect(alert).toContainText(`Training diverged at step ${at + 1}: the loss reached ${losses[at]!.toExponential(1)}`);
  await expect(alert).toContainText('0.03 is too large for SGD');
  await expect(button(widget, 'play')).toBeDisabled();
  await alert.getByRole('button', { name: 'Reset' }).click();
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', '0');
  await expect(alert).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the figure shows its empty axes, labelled controls and a note to press Play', async ({ page }) => {
    expect((await page.goto(PATH))?.status()).toBe(200);
    const widget = page.locator('[data-widget="pulse"]');
    await expect(widget).toHaveAttribute('data-state', 'idle');
    const loss = widget.locator('svg[data-chart="loss"]');
    await expect(loss).toBeVisible();
    await expect(widget.locator('[data-note]')).toBeVisible();
    await expect(widget.locator('[data-note]')).toContainText('Press Play');
    await expect(loss.locator('text.tick')).not.toHaveCount(0);
    await expect(loss).toHaveAttribute('aria-label', /Press Play/);
    await expect(widget.locator('svg[data-chart="trace"] text.tick')).not.toHaveCount(0);
    for (const option of ['neurons', 'optimizer', 'learning-rate', 'beta2', 'epsilon', 'seed', 'view', 'speed']) {
      const control = widget.locator(`[data-option="${option}"]`);
      const id = await control.getAttribute('id');
      await expect(widget.locator(`label[for="${id}"]`), `a label for ${option}`).toHaveCount(1);
    }
    // The caption's maths is typeset (KaTeX at build time): its source is kept for screen readers.
    await expect(page.locator('#figure-pulse figcaption').last().locator('annotation')).toHaveText('2 \\to n \\to 1');
  });
});
