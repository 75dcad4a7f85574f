/**
 * The live training widget of chapters 3 and 4: it trains, pauses, steps, replays a seed, stops
 * out of view, reports divergence instead of hanging, draws one crease per neuron, and shows its
 * first state without JavaScript.
 *
 * The training is CPU heavy (two cores on the test machine), so the tests of this file run one
 * after another in a single worker. Set TRAINING_SCREENSHOTS=1 to also write review screenshots
 * into screenshots/ (slow: about a minute and a half).
 */
import { mkdirSync } from 'node:fs';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { type Abc, button, expectReady, expectedKind, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';


test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

interface Chapter {
  readonly path: string;
  readonly id: string;
  readonly neurons: number;
  readonly learningRate: number;
}
const TEN: Chapter = { path: 'ten-neurons/', id: 'ten', neurons: 10, learningRate: 0.01 };
const FIVE_HUNDRED: Chapter = { path: 'five-hundred-neurons/', id: 'five-hundred', neurons: 500, learningRate: 0.003 };
const PRESETS = [TEN, FIVE_HUNDRED] as const;

/** Side of the widget's crease overlay (its viewBox), covering the square [-1, 1]². */
const OVERLAY = 256;

const sleep = (page: Page, ms: number): Promise<void> => page.waitForTimeout(ms);

const widgetOf = (page: Page): Locator => page.locator('[data-widget="training"]');
const readout = (widget: Locator, name: string): Locator =>
  widget.locator('dl.readouts > div').filter({ has: widget.page().locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd');

async function step(widget: Locator): Promise<number> {
  return numAttr(widget, 'data-step');
}
async function loss(widget: Locator): Promise<number> {
  return numAttr(widget, 'data-loss');
}


/** Opens a chapter, hydrates its training widget and waits for its worker. */
async function openWidget(page: Page, chapter: Chapter): Promise<Locator> {
  const response = await page.goto(chapter.path);
  expect(response?.status()).toBe(200);
  const widget = widgetOf(page);
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await expect(widget).toHaveAttribute('data-neurons', String(chapter.neurons));
  return widget;
}

/**
 * Waits until data-step stays put over `ms` (the reply to a pause may take a while to arrive on a
 * busy machine), and returns it; fails if the step keeps moving for TRAIN_WAIT.
 */
async function expectStepFrozen(page: Page, widget: Locator, ms: number, why: string): Promise<number> {
  let before = await step(widget);
  await expect
    .poll(
      async () => {
        await sleep(page, ms);
        const now = await step(widget);
        const still = now === before;
        before = now;
        return still;
      },
      { message: `${why}: data-step stops moving`, timeout: TRAIN_WAIT, intervals: [0] },
    )
    .toBe(true);
  return before;
}

// ---------------------------------------------------------------------------------------------
// The seeded initial creases, computed here independently of the site's code, from the
// initialisation that src/core/mlp.ts documents: mulberry32(seed); first the 2·n first-layer
// weights a, b ~ U(-√3, √3) (Kaiming uniform, fan-in 2), then the n biases c ~ U(-1, 1), all stored
// as 32-bit floats.

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seededCreases(neurons: number, seed: number): Abc[] {
  const next = mulberry32(seed);
  const uniform = (lo: number, hi: number): number => Math.fround(lo + (hi - lo) * next());
  const limit = Math.sqrt(6 / 2);
  const weights = Array.from({ length: 2 * neurons }, () => uniform(-limit, limit));
  const biases = Array.from({ length: neurons }, () => uniform(-1, 1));
  return biases.map((c, k) => ({ a: weights[2 * k]!, b: weights[2 * k + 1]!, c }));
}

type Segment = [number, number, number, number];

/** The overlay's crease lines, as plane coordinates of their two ends. */
async function overlayLines(widget: Locator): Promise<Segment[]> {
  const svg = widget.locator('svg.creases');
  await expect(svg).toHaveAttribute('viewBox', `0 0 ${OVERLAY} ${OVERLAY}`);
  // Creases of equal look share one path: "M x1,y1 L x2,y2" per crease.
  const paths = await svg.locator('path').evaluateAll((list) => list.map((p) => p.getAttribute('d') ?? ''));
  const drawn = paths.flatMap((d) =>
    [...d.matchAll(/M(-?[\d.]+),(-?[\d.]+)L(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [m[1], m[2], m[3], m[4]].map(Number)),
  );
  await expect(svg).toHaveAttribute('data-creases', String(drawn.length));
  return drawn.map((ends) => {
    expect(ends.every(Number.isFinite), `crease line ends are numbers: ${ends}`).toBe(true);
    const [sx1, sy1, sx2, sy2] = ends as Segment;
    const x = (s: number): number => (s / OVERLAY) * 2 - 1;
    const y = (s: number): number => 1 - (s / OVERLAY) * 2;
    return [x(sx1), y(sy1), x(sx2), y(sy2)];
  });
}

/** Each drawn line runs across the square: two distinct ends, both on its boundary. */
function expectAcrossSquare(lines: readonly Segment[]): void {
  for (const [x1, y1, x2, y2] of lines) {
    const label = `crease line (${x1}, ${y1}) – (${x2}, ${y2})`;
    for (const [x, y] of [
      [x1, y1],
      [x2, y2],
    ] as const) {
      expect(Math.max(Math.abs(x), Math.abs(y)), `${label}: ends on the square's boundary`).toBeCloseTo(1, 2);
    }
    expect(Math.hypot(x2 - x1, y2 - y1), `${label}: ends differ`).toBeGreaterThan(1e-3);
  }
}

/**
 * The overlay of the seeded, untrained network: exactly the creases that cross the square, each
 * drawn where its line a·x + b·y + c = 0 runs (matched one to one, in any order).
 */
async function expectSeededOverlay(widget: Locator, neurons: number, seed: number): Promise<Segment[]> {
  const inside = seededCreases(neurons, seed).filter((n) => expectedKind(n) === 'inside');
  const lines = await overlayLines(widget);
  expect(lines.length, `${neurons} neurons, seed ${seed}: one line per crease crossing the square`).toBe(inside.length);
  expectAcrossSquare(lines);
  const unmatched = [...lines];
  for (const { a, b, c } of inside) {
    const norm = Math.hypot(a, b);
    const on = ([x1, y1, x2, y2]: Segment): boolean =>
      Math.abs(a * x1 + b * y1 + c) / norm < 0.01 && Math.abs(a * x2 + b * y2 + c) / norm < 0.01;
    const k = unmatched.findIndex(on);
    expect(k, `a drawn line lies on the crease ${a}·x + ${b}·y + ${c} = 0`).toBeGreaterThanOrEqual(0);
    unmatched.splice(k, 1);
  }
  return lines;
}

/** The presets' overlays: seeded, and close to one line per neuron (few creases miss the square). */
async function expectPresetOverlay(widget: Locator, neurons: number): Promise<void> {
  const lines = await expectSeededOverlay(widget, neurons, 1);
  expect(lines.length).toBeLessThanOrEqual(neurons);
  expect(lines.length, `at least 80 % of the ${neurons} creases cross the square`).toBeGreaterThanOrEqual(0.8 * neurons);
}

// ---------------------------------------------------------------------------------------------

for (const chapter of PRESETS) {
  test(`${chapter.neurons} neurons: play halves the loss within 20 s, pause stops the steps`, async ({ page }) => {
    const widget = await openWidget(page, chapter);
    const l0 = await loss(widget);
    expect(l0, 'the untrained loss').toBeGreaterThan(0);
    await expect(readout(widget, 'engine')).toHaveText(/\S/);
    const started = Date.now();
    await button(widget, 'play').click();
    await expect(widget).toHaveAttribute('data-state', 'training');
    await expect(button(widget, 'play')).toHaveText('Pause');
    await expect
      .poll(async () => (await step(widget)) > 0 && (await loss(widget)) <= l0 / 2, {
        message: `data-step rises and data-loss falls to half of ${l0}`,
        timeout: TRAIN_WAIT,
      })
      .toBe(true);
    const halvedAfter = (Date.now() - started) / 1000;
    const halvedAt = await step(widget);
    // The rate read-out needs half a second of training to measure.
    await expect.poll(async () => Number(await readout(widget, 'steps/s').textContent()), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);
    const medium = Number(await readout(widget, 'steps/s').textContent());

    // The fastest speed, briefly, for the record.
    await widget.getByLabel('Speed').selectOption({ label: 'as fast as it goes' });
    await expect(widget).toHaveAttribute('data-state', 'training');
    await sleep(page, 3_000);
    const fastest = Number(await readout(widget, 'steps/s').textContent());
    expect(fastest).toBeGreaterThan(0);

    const engine = await widget.getAttribute('data-backend');
    console.log(
      `[training] ${chapter.neurons} neurons (${engine}): loss ${l0.toFixed(5)} halved at step ${halvedAt} after ${halvedAfter.toFixed(1)} s; ` +
        `steps/s at the default speed ${medium}, as fast as it goes ${fastest}`,
    );

    await button(widget, 'play').click();
    await expect(widget).toHaveAttribute('data-state', 'paused');
    await expect(button(widget, 'play')).toHaveText('Play');
    await expect(readout(widget, 'steps/s')).toHaveText('—');
    const frozen = await expectStepFrozen(page, widget, 1_000, 'paused');
    await expect(readout(widget, 'step')).toHaveText(String(frozen));
    expect(await loss(widget)).toBeLessThanOrEqual(l0 / 2);
  });
}

test('the crease overlay draws the seeded creases; switching to 50 neurons restarts with 50', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  await expect(readout(widget, 'seed')).toHaveText('1');
  await expectPresetOverlay(widget, 10);

  // Train a little: the overlay follows the network, still at most one line per neuron.
  await button(widget, 'play').click();
  await expect.poll(() => step(widget), { timeout: TRAIN_WAIT }).toBeGreaterThanOrEqual(200);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  const trained = await overlayLines(widget);
  expect(trained.length).toBeLessThanOrEqual(10);
  expect(trained.length).toBeGreaterThanOrEqual(8);
  expectAcrossSquare(trained);

  await widget.locator('select[data-option="neurons"]').selectOption('50');
  await expect(widget).toHaveAttribute('data-neurons', '50');
  await expectReady(widget);
  await expect(widget).toHaveAttribute('data-step', '0');
  await expectPresetOverlay(widget, 50);
  // The new run trains.
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '1');
});

test('the 500-neuron overlay draws its seeded creases', async ({ page }) => {
  const widget = await openWidget(page, FIVE_HUNDRED);
  await expectPresetOverlay(widget, 500);
});

test('scrolling the widget out of view pauses it; scrolling back resumes', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => step(widget), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);

  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await widget.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
  expect(box.top > box.height || box.bottom < 0, `the widget is out of view at the top of the page (${JSON.stringify(box)})`).toBe(true);
  await expect(widget).toHaveAttribute('data-state', 'paused');
  const stopped = await expectStepFrozen(page, widget, 1_000, 'out of view');

  await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => step(widget), { timeout: TRAIN_WAIT }).toBeGreaterThan(stopped);
  await expect(button(widget, 'play')).toHaveText('Pause');

  // Paused by the reader, it stays paused when it comes back into view.
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(page, 300);
  await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await sleep(page, 500);
  await expect(widget).toHaveAttribute('data-state', 'paused');
});

test('learning rate 10 diverges with a message instead of hanging; Reset recovers', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  await widget.locator('select[data-option="learning-rate"]').selectOption('10');
  await expectReady(widget);
  await button(widget, 'play').click();
  await expect(widget, 'the run ends').toHaveAttribute('data-state', 'done', { timeout: TRAIN_WAIT });
  const alert = widget.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/diverged/i);
  await expect(button(widget, 'play')).toBeDisabled();
  await expect(button(widget, 'step')).toBeDisabled();
  const reset = alert.getByRole('button', { name: 'Reset' });
  await expect(reset).toBeVisible();
  await reset.click();
  await expect(widget.getByRole('alert')).toHaveCount(0);
  await expectReady(widget);
  await expect(button(widget, 'play')).toBeEnabled();
});

test('after a divergence and a reset, a new run shows its progress while it trains', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  await widget.locator('select[data-option="learning-rate"]').selectOption('10');
  await expectReady(widget);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'done', { timeout: TRAIN_WAIT });
  await widget.getByRole('alert').getByRole('button', { name: 'Reset' }).click();
  await expectReady(widget);
  await widget.locator('select[data-option="learning-rate"]').selectOption('0.01');
  await expectReady(widget);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.soft.poll(() => step(widget), { message: 'data-step rises while training (snapshots arrive)', timeout: TRAIN_WAIT }).toBeGreaterThan(0);
  await expect(widget).toHaveAttribute('data-state', 'training');
  // Pausing asks the worker for a snapshot: it shows whether the worker trained meanwhile.
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  await expect.poll(() => step(widget), { message: 'the worker trained', timeout: TRAIN_WAIT }).toBeGreaterThan(0);
});

test('the Step button advances exactly one step per press', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  const l0 = await loss(widget);
  for (let k = 1; k <= 5; k++) {
    await button(widget, 'step').click();
    await expect(widget).toHaveAttribute('data-step', String(k));
    await expect(readout(widget, 'step')).toHaveText(String(k));
    await expect(widget).toHaveAttribute('data-state', 'paused');
  }
  await expectStepFrozen(page, widget, 500, 'after five steps');
  expect(await step(widget)).toBe(5);
  expect(await loss(widget), 'the steps changed the loss').not.toBe(l0);
});

test('the same seed replays the same run; a new seed gives another', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  const fiveSteps = async (): Promise<string> => {
    for (let k = 1; k <= 5; k++) {
      await button(widget, 'step').click();
      await expect(widget).toHaveAttribute('data-step', String(k));
    }
    const value = await widget.getAttribute('data-loss');
    expect(Number.isFinite(Number(value)), `data-loss="${value}"`).toBe(true);
    return value!;
  };
  const l0 = await widget.getAttribute('data-loss');
  const first = await fiveSteps();

  await button(widget, 'reset').click();
  await expectReady(widget);
  await expect(readout(widget, 'seed')).toHaveText('1');
  await expect(widget, 'reset restores the initial loss').toHaveAttribute('data-loss', l0!);
  expect(await fiveSteps(), 'the same seed gives the same loss after five steps').toBe(first);

  await button(widget, 'new-seed').click();
  await expectReady(widget);
  await expect(readout(widget, 'seed')).not.toHaveText('1');
  const seed = Number(await readout(widget, 'seed').textContent());
  expect(Number.isInteger(seed) && seed > 0, `seed ${seed}`).toBe(true);
  await expectSeededOverlay(widget, 10, seed);
  expect(await widget.getAttribute('data-loss'), 'a new seed starts from another network').not.toBe(l0);
  const other = await fiveSteps();
  expect(other, 'a new seed gives another run').not.toBe(first);

  // Reset keeps the new seed and replays its run.
  await button(widget, 'reset').click();
  await expectReady(widget);
  await expect(readout(widget, 'seed')).toHaveText(String(seed));
  expect(await fiveSteps()).toBe(other);
});

test('both engines follow the same run from the same seed', async ({ page }) => {
  const widget = await openWidget(page, TEN);
  const engine = widget.locator('select[data-option="engine"]');
  const losses: Record<string, number> = {};
  for (const [choice, name, words] of [
    ['fused', /^fused/, /our own loop/],
    ['tfjs', /^tfjs-/, /^TensorFlow\.js/],
  ] as const) {
    await engine.selectOption(choice);
    await expect(widget, `the ${choice} engine runs`).toHaveAttribute('data-backend', name, { timeout: TRAIN_WAIT });
    await expectReady(widget);
    // The read-out says it in plain words; its tooltip names the engine exactly.
    await expect(readout(widget, 'engine')).toHaveText(words);
    await expect(readout(widget, 'engine')).toHaveAttribute('title', new RegExp(`\\(${name.source.slice(1)}`));
    for (let k = 1; k <= 5; k++) {
      await button(widget, 'step').click();
      await expect(widget).toHaveAttribute('data-step', String(k));
    }
    losses[choice] = await loss(widget);
  }
  const { fused, tfjs } = losses as { fused: number; tfjs: number };
  expect(Math.abs(fused - tfjs) / tfjs, `loss after five steps: fused ${fused}, tfjs ${tfjs}`).toBeLessThan(1e-3);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const chapter of PRESETS) {
    test(`${chapter.neurons} neurons: the still image and its creases are in the HTML`, async ({ page }) => {
      const response = await page.goto(chapter.path);
      expect(response?.status()).toBe(200);
      const widget = widgetOf(page);
      await expect(widget).toHaveCount(1);
      await expect(widget.locator('xpath=ancestor::astro-island[1]'), 'nothing hydrated').toHaveAttribute('ssr', '');
      await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const img = widget.locator('.still img');
      await expect(img).toBeVisible();
      await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/);
      await expect(img).toHaveAttribute('alt', new RegExp(`${chapter.neurons} neurons`));
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0 && el.naturalHeight > 0)).toBe(true);
      const box = await img.boundingBox();
      expect(box?.width ?? 0, 'the still image is drawn at a readable size').toBeGreaterThan(150);
      await expect(widget.locator('svg.creases')).toBeVisible();
      await expectPresetOverlay(widget, chapter.neurons);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Review screenshots (not assertions about looks): each widget after ~5 s and ~20 s of training,
// at a desktop and a phone size, and with the error map on.

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

test.describe('screenshots', () => {
  test.skip(!process.env.TRAINING_SCREENSHOTS, 'set TRAINING_SCREENSHOTS=1 to write review screenshots');
  for (const chapter of PRESETS) {
    for (const viewport of VIEWPORTS) {
      test(`${chapter.neurons} neurons at ${viewport.width}×${viewport.height}`, async ({ page }) => {
        test.setTimeout(60_000);
        mkdirSync('screenshots', { recursive: true });
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const widget = await openWidget(page, chapter);
        const figure = page.locator(`#figure-${chapter.id}`);
        const shot = async (when: string): Promise<void> => {
          const name = `screenshots/training-${chapter.neurons}-${viewport.name}-${when}`;
          // The sticky site header would otherwise be stitched into the middle of a tall figure.
          await figure.screenshot({ path: `${name}.png`, style: '.site-header { visibility: hidden !important; }' });
          await page.screenshot({ path: `${name}-viewport.png` });
        };
        const started = Date.now();
        await button(widget, 'play').click();
        await expect(widget).toHaveAttribute('data-state', 'training');
        await sleep(page, 5_000);
        await shot('5s');
        await sleep(page, Math.max(0, 20_000 - (Date.now() - started)));
        await shot('20s');
        await widget.getByLabel('Error map').check();
        await sleep(page, 500);
        await shot('20s-error-map');
        await expect(widget).toHaveAttribute('data-state', 'training');
      });
    }
  }
});

// Uses the plain test: the worker's failed download is meant to show up as a console error here.
base('a worker that crashes is reported in the widget, and Restart brings training back', async ({ page }) => {
  // The worker's script cannot be fetched: the worker dies before it says anything.
  await page.route('**/train.worker-*.js', (route) => route.fulfill({ status: 500, body: 'no worker today' }));
  await page.goto(TEN.path);
  const widget = widgetOf(page);
  await hydrateWidget(page, widget);
  await expect(widget).toHaveAttribute('data-state', 'error', { timeout: TRAIN_WAIT });
  const alert = widget.locator('[role="alert"]');
  await expect(alert).toContainText('training worker stopped');
  await expect(button(widget, 'play')).toBeDisabled();

  await page.unroute('**/train.worker-*.js');
  await alert.getByRole('button', { name: 'Restart' }).click();
  await expect(alert).toHaveCount(0);
  await expectReady(widget);
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '1');
});
