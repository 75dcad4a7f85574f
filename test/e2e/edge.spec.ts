/**
 * Chapter 5's soft-edge figure: it trains, it measures the 10–90 % rise width of the disc's edge
 * as the same run trained here in Node measures it, the width shrinks with training, its controls
 * restart the run, and without JavaScript it shows the seeded starting network's profile.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { type FusedSettings, createFusedTrainer } from '../../src/train/fused.ts';
import { defaults } from '../../src/islands/live/table.ts';
import { edgeSettings, edgeTable } from '../../src/islands/specs/edge.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { radialProfile, riseWidth } from '../../src/core/edge.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'open-questions/';

/** The figure's run (its default unless told), trained here: its loss and the rise width (256 picture) after each count of steps. */
async function reference(
  checkpoints: readonly number[],
  settings: FusedSettings = edgeSettings(defaults(edgeTable), 1),
): Promise<{ step: number; loss: number; lastStepLoss: number; width: number }[]> {
  const data = sampleTarget(TARGETS.circle, 64);
  const t = await createFusedTrainer(settings, data);
  const out: { step: number; loss: number; lastStepLoss: number; width: number }[] = [];
  let done = 0;
  for (const c of checkpoints) {
    const losses = t.step(c - done);
    done = c;
    // The loss the figure shows after a step is the one that step computed (before its update).
    out.push({ step: c, loss: t.loss(), lastStepLoss: losses[losses.length - 1] ?? NaN, width: riseWidth(radialProfile(t.predict(256), 256), { edge: 64 }).width });
  }
  return out;
}

/** A width attribute: a number, or NaN when there is no edge to measure. */
async function widthAttr(widget: Locator, name: string): Promise<number> {
  const value = await widget.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  return value === 'NaN' ? NaN : Number(value);
}

async function openEdge(page: Page): Promise<Locator> {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="edge"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  return widget;
}

test('the edge figure trains, measures the rise width as Node does, and the width shrinks', async ({ page }) => {
  const [atStart, atHundred] = await reference([0, 100]);
  const widget = await openEdge(page);
  await expect(widget).toHaveAttribute('data-neurons', '500');

  const w0 = await widthAttr(widget, 'data-rise');
  if (Number.isNaN(atStart!.width)) {
    expect(w0).toBeNaN();
    await expect(widget.locator('[data-readout="rise"]')).toContainText('no edge yet');
  } else expect(w0).toBeCloseTo(atStart!.width, 3);
  const loss0 = await numAttr(widget, 'data-loss');
  expect(loss0).toBeCloseTo(atStart!.loss, 5);

  // Ten clicks of ten steps: step 100, measured exactly as in Node.
  for (let k = 1; k <= 10; k++) {
    await button(widget, 'step').click();
    await expect(widget).toHaveAttribute('data-step', String(10 * k));
  }
  const w100 = await widthAttr(widget, 'data-rise');
  expect(w100).toBeCloseTo(atHundred!.width, 3);
  expect(await widthAttr(widget, 'data-rise-train')).toBeCloseTo(w100 / 4, 9);
  expect(await numAttr(widget, 'data-loss')).toBeLessThan(loss0);
  await expect(widget.locator('[data-readout="rise"]')).toContainText(`${w100.toFixed(1)} pixels of the 256×256 picture`);
  await expect(widget.locator('.profile .rise-label')).toHaveText(`${w100.toFixed(1)} px`);

  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(1500);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  // Sharper: the edge's rise is well under two thirds of what it was at step 100.
  // (Read with its read-out in one go: the pause's own snapshot may still arrive and move them.)
  const shown = await widget.evaluate((el) => ({
    width: Number(el.getAttribute('data-rise')),
    text: el.querySelector('[data-readout="rise"]')?.textContent ?? '',
  }));
  expect(shown.width).toBeLessThan(w100 * 0.66);
  expect(shown.text.replace(/\s+/g, ' ')).toContain(`${shown.width.toFixed(1)} pixels of the 256×256 picture`);
  // The width's history falls: its last point sits lower on the chart's scale than its first.
  const d = (await widget.locator('.curve path.series').getAttribute('d'))!;
  const ys = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
  expect(ys.length).toBeGreaterThan(3);
  expect(ys[ys.length - 1]!).toBeGreaterThan(ys[0]!);
});

test('switching the width, rate, decay or seed starts again at step 0', async ({ page }) => {
  const widget = await openEdge(page);
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10');
  for (const [option, value, attribute] of [
    ['neurons', '100', 'data-neurons'],
    ['learning-rate', '0.01', 'data-learning-rate'],
    ['weight-decay', '0.001', 'data-weight-decay'],
  ] as const) {
    await widget.locator(`[data-option="${option}"]`).selectOption(value);
    await expect(widget).toHaveAttribute(attribute, value);
    await expectReady(widget);
    await button(widget, 'step').click();
    await expect(widget).toHaveAttribute('data-step', '10');
  }
  await button(widget, 'new-seed').click();
  await expectReady(widget);
  expect(await numAttr(widget, 'data-seed')).not.toBe(1);
});

test('on Fourier features the same neurons draw a sharper rim at equal steps, as in Node', async ({ page }) => {
  const plane = { ...defaults(edgeTable), neurons: 100 };
  const features = { ...plane, fourier: 1 };
  const [onPlane] = await reference([100], edgeSettings(plane, 1));
  const [onFeatures] = await reference([100], edgeSettings(features, 1));
  const widget = await openEdge(page);
  await widget.locator('[data-option="fourier"]').selectOption('1');
  await expect(widget).toHaveAttribute('data-fourier', '1');
  // The widest layers are not offered on features: the width falls back to the study's 100.
  await expect(widget).toHaveAttribute('data-neurons', '100');
  await expect(widget.locator('[data-option="neurons"] option')).toHaveText(['10', '30', '100']);
  await expectReady(widget);
  // Each click is ten steps on the engine's general path and a 256×256 picture through the
  // features: several times the work of a click on the plane, so each gets the training wait.
  for (let k = 1; k <= 10; k++) {
    await button(widget, 'step').click();
    await expect(widget).toHaveAttribute('data-step', String(10 * k), { timeout: TRAIN_WAIT });
  }
  expect(await numAttr(widget, 'data-loss')).toBeCloseTo(onFeatures!.lastStepLoss, 6);
  const w = await widthAttr(widget, 'data-rise');
  expect(w).toBeCloseTo(onFeatures!.width, 3);
  expect(w).toBeLessThan(onPlane!.width / 2);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the starting network’s profile is drawn in the page itself', async ({ page }) => {
    const [atStart] = await reference([0]);
    expect((await page.goto(PATH))?.status()).toBe(200);
    const widget = page.locator('[data-widget="edge"]');
    await expect(widget).toHaveAttribute('data-step', '0');
    // The profile: one point per ring across 0.3 … 0.7 (rings a quarter pixel wide: about 200).
    const d = (await widget.locator('.profile path.profile-line').getAttribute('d'))!;
    expect(d.match(/[ML]/g)!.length).toBeGreaterThan(150);
    await expect(widget.locator('.profile path.target')).toHaveAttribute('d', /^M[\d.]+,[\d.]+H[\d.]+V[\d.]+H[\d.]+$/);
    expect(await numAttr(widget, 'data-loss')).toBeCloseTo(atStart!.loss, 5);
    const w0 = await widthAttr(widget, 'data-rise');
    if (Number.isNaN(atStart!.width)) expect(w0).toBeNaN();
    else expect(w0).toBeCloseTo(atStart!.width, 3);
    await expect(widget.locator('svg.still')).toBeVisible();
    // Its runs of gray cover each of the 64×64 pixels once.
    const runs = await widget.locator('svg.still path').evaluateAll((paths) => paths.map((el) => el.getAttribute('d') ?? ''));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.join('').match(/h\d+/g)!.reduce((s, h) => s + Number(h.slice(1)), 0)).toBe(64 * 64);
  });
});
