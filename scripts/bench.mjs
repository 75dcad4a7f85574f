#!/usr/bin/env node
// `npm run bench`: builds the site, serves it, drives headless Chromium and prints what a reader's
// machine would feel: training steps per second per engine (in the worker, as the widgets run it),
// main-thread long tasks and frame intervals while the 500-neuron widget trains and draws, the
// time from a widget scrolling into view to its first frame, and the JavaScript shipped. Exits
// non-zero when a budget is missed. Not part of `npm test`: timings depend on the machine's load.
// Deep networks (scripts/bench-deep.mjs): the batched WebAssembly engine against tfjs-wasm, GFLOP/s
// next to the SIMD peak, and the partition's pauses while training.
// Options: --no-build (use the last benchmark build as it is), --json FILE (also write the figures),
// --only SECTION[,SECTION] (of steps, classes, smoothness, twoFigures, portrait, slider, firstFrame, partition, deep).
// BENCH_PORT sets the port it serves on (default 4399).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';
import { deepFigures, reportDeep } from './bench-deep.mjs';

const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : null;
const wants = (section) => !only || only.includes(section);
const PORT = Number(process.env.BENCH_PORT ?? 4399);
const BASE = '/folded-paper/';
const ORIGIN = `http://127.0.0.1:${PORT}${BASE}`;
// Its own build folder, so a benchmark never measures (or breaks) a build made by something else.
process.env.DIST_DIR = 'bench-results/dist';
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: BASE };

/** Budgets on the reference machine (2 cores, no GPU, headless Chromium). */
const BUDGETS = {
  steps500: { min: 400, unit: 'steps/s', what: '500 neurons, engine the widget picks' },
  steps10: { min: 5000, unit: 'steps/s', what: '10 neurons, engine the widget picks' },
  longTask: { max: 50, unit: 'ms', what: 'longest main-thread task while training 500 neurons' },
  frameP95: { max: 25, unit: 'ms', what: '95th percentile frame interval while training 500' },
  twoFramesP95: { max: 25, unit: 'ms', what: '95th percentile frame interval, two live figures training on screen' },
  portraitFace: { max: 10, unit: 's', what: 'portrait at its default settings: Play → a face (loss ≤ PORTRAIT_FACE_LOSS)' },
  firstFrame: { max: 1000, unit: 'ms', what: 'scrolled into view → first drawn frame (worst widget)' },
  sliderP95: { max: 25, unit: 'ms', what: '95th percentile frame interval while a slider of chapter 2 moves' },
  bytesBefore: { max: 40 * 1024, unit: 'B', what: 'JavaScript (gzip) before any widget is visible (worst page)' },
  partition16x3: { max: 30, unit: 'ms', what: 'exact partition of 2→16×3→1 in the worker (median)' },
  partition30x8: { max: 150, unit: 'ms', what: 'exact partition of 2→30×8→1 in the worker (median)' },
  classes500: { min: 400, unit: 'steps/s', what: '500 neurons × 3 classes (cross-entropy), the classifier' },
};

if (!args.includes('--no-build')) {
  console.log('building…');
  const r = spawnSync('node_modules/.bin/astro', ['build', '--outDir', process.env.DIST_DIR], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { measureBytes, chunkBytes } = await import('./bytes.mjs');

const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT)], { env, stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 600));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

async function openWidget(path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(ORIGIN + path, { waitUntil: 'networkidle' });
  const widget = page.locator('[data-widget="training"]');
  await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-widget="training"]');
      return el && (el.getAttribute('data-backend') || el.getAttribute('data-state') === 'error');
    },
    null,
    { timeout: 30_000 },
  );
  return { page, widget };
}

/** Steps per second at full speed, measured over `seconds` after a warm-up. */
async function stepsPerSecond(path, seconds = 4) {
  const { page, widget } = await openWidget(path);
  try {
    if ((await widget.getAttribute('data-state')) === 'error') return { rate: null, engine: 'unavailable' };
    await page.locator('[data-widget="training"] select[data-option="speed"]').selectOption('2');
    await page.click('[data-action="play"]');
    await page.waitForTimeout(1500);
    const s0 = Number(await widget.getAttribute('data-step'));
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = Number(await widget.getAttribute('data-step'));
    const t1 = Date.now();
    const state = await widget.getAttribute('data-state');
    return { rate: state === 'training' ? ((s1 - s0) * 1000) / (t1 - t0) : null, engine: await widget.getAttribute('data-backend') };
  } finally {
    await page.close();
  }
}

/**
 * The classifier of the categories chapter at full speed: 500 neurons, three classes (the spirals),
 * cross-entropy on the 64×64 grid, in the engine it picks.
 */
async function classifierStepsPerSecond(seconds = 4) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(ORIGIN + 'categories/', { waitUntil: 'networkidle' });
    const widget = page.locator('[data-widget="classifier"]');
    await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const ready = async () =>
      page.waitForFunction(
        () => {
          const el = document.querySelector('[data-widget="classifier"]');
          return el && el.getAttribute('data-backend') && el.getAttribute('data-state') === 'paused';
        },
        null,
        { timeout: 30_000 },
      );
    await ready();
    await widget.locator('select[data-option="target"]').selectOption('spirals');
    await widget.locator('select[data-option="neurons"]').selectOption('500');
    await widget.locator('select[data-option="speed"]').selectOption('2');
    await page.waitForFunction(() => document.querySelector('[data-widget="classifier"]')?.getAttribute('data-classes') === '3');
    await ready();
    await widget.locator('[data-action="play"]').click();
    await page.waitForTimeout(1500);
    const s0 = Number(await widget.getAttribute('data-step'));
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = Number(await widget.getAttribute('data-step'));
    const t1 = Date.now();
    const state = await widget.getAttribute('data-state');
    return { rate: state === 'training' ? ((s1 - s0) * 1000) / (t1 - t0) : null, engine: await widget.getAttribute('data-backend') };
  } finally {
    await page.close();
  }
}

/** Longest main-thread task and frame intervals while a widget trains at full speed. */
async function smoothness(path, seconds = 5) {
  const { page } = await openWidget(path);
  try {
    await page.evaluate(() => {
      const w = /** @type {Record<string, any>} */ (/** @type {unknown} */ (window));
      w.__long = [];
      w.__frames = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
    });
    await page.locator('[data-widget="training"] select[data-option="speed"]').selectOption('2');
    await page.click('[data-action="play"]');
    await page.waitForTimeout(1000);
    await page.evaluate(() => {
      const w = /** @type {Record<string, any>} */ (/** @type {unknown} */ (window));
      w.__long = [];
      let last = 0;
      const tick = (t) => {
        if (last) w.__frames.push(t - last);
        last = t;
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.waitForTimeout(seconds * 1000);
    const { long, frames } = await page.evaluate(() => {
      const w = /** @type {Record<string, any>} */ (/** @type {unknown} */ (window));
      w.__stop = true;
      return { long: w.__long, frames: w.__frames };
    });
    frames.sort((a, b) => a - b);
    return {
      longTask: long.length ? Math.max(...long) : 0,
      frameP95: frames[Math.floor(0.95 * (frames.length - 1))] ?? Infinity,
      frames: frames.length,
      late: lateShare(frames),
    };
  } finally {
    await page.close();
  }
}

/**
 * The share of frame intervals longer than 25 ms (a frame or more missed at 60 Hz). The 95th
 * percentile moves in whole frames (16.7, 33.3, 50 ms); this says how far a figure is from its
 * budget in between (the budget holds while fewer than 5 % are late).
 */
function lateShare(frames) {
  return frames.length ? frames.filter((f) => f > 25).length / frames.length : 1;
}

/** Frame intervals in the page while `seconds` of rAF run; the 95th percentile, the count, the late share. */
async function frameIntervals(page, seconds) {
  await page.evaluate(() => {
    const w = /** @type {Record<string, any>} */ (/** @type {unknown} */ (window));
    w.__frames = [];
    w.__stop = false;
    let last = 0;
    const tick = (t) => {
      if (last) w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(seconds * 1000);
  const frames = await page.evaluate(() => {
    const w = /** @type {Record<string, any>} */ (/** @type {unknown} */ (window));
    w.__stop = true;
    return w.__frames;
  });
  frames.sort((a, b) => a - b);
  return { p95: frames[Math.floor(0.95 * (frames.length - 1))] ?? Infinity, frames: frames.length, late: lateShare(frames) };
}

/**
 * Two live figures of one page on screen at once, both training as fast as they go: the pulse and
 * the bundling figure of the open questions, so the page draws two figures' pictures and charts
 * and two workers train beside it. The chapter puts several screens of prose between them, which
 * no real window shows at once (the window holding both was 1280 × 8,800 pixels, eleven million
 * pixels to composite each frame, more than a 4K screen); so the prose between the two figures is
 * folded away and the window is made just tall enough for both (about 2,450 pixels, a large
 * screen turned upright). The page's frame intervals.
 */
async function twoFigures(seconds = 5) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(ORIGIN + 'open-questions/', { waitUntil: 'networkidle' });
    const figures = ['pulse', 'bundling'].map((id) => page.locator(`[data-widget="${id}"]`));
    await page.evaluate(() => {
      const [first, second] = ['pulse', 'bundling'].map((id) => {
        const widget = document.querySelector(`[data-widget="${id}"]`);
        return widget.closest('figure.figure') ?? widget;
      });
      for (let n = first.nextElementSibling; n && n !== second && !n.contains(second); n = n.nextElementSibling) n.style.display = 'none';
    });
    // A window just tall enough to hold both figures whole.
    const [top, bottom] = await page.evaluate(() => {
      const [a, b] = ['pulse', 'bundling'].map((id) => document.querySelector(`[data-widget="${id}"]`).getBoundingClientRect());
      return [Math.min(a.top, b.top) + scrollY, Math.max(a.bottom, b.bottom) + scrollY];
    });
    const height = Math.ceil(bottom - top) + 200;
    if (height > 2600) throw new Error(`two figures: a window ${height} pixels tall would be needed to show both`);
    await page.setViewportSize({ width: 1280, height });
    await figures[0].evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const f of figures) {
      const inView = await f.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top < innerHeight && r.bottom > 0;
      });
      if (!inView) throw new Error('two figures: both should be on screen at once');
      await f.locator('[data-action="play"]').waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForFunction((el) => el.getAttribute('data-state') === 'paused' || el.getAttribute('data-state') === 'idle', await f.elementHandle(), { timeout: 30_000 });
      await f.locator('select[data-option="speed"]').selectOption('2');
      await f.locator('[data-action="play"]').click();
    }
    await page.waitForTimeout(1000);
    const training = await Promise.all(figures.map((f) => f.getAttribute('data-state')));
    if (training.some((s) => s !== 'training')) throw new Error(`two figures: not both training (${training.join(', ')})`);
    return { ...(await frameIntervals(page, seconds)), height };
  } finally {
    await page.close();
  }
}

/**
 * The loss at which the portrait's astronaut reads as a face (mean squared error per pixel): the
 * default run reaches it after about 7,500 steps, when her hair, eyes, smile and the suit's collar
 * can be made out (the target's variance is 0.080; the run starts at 0.81).
 */
const PORTRAIT_FACE_LOSS = Number(process.env.PORTRAIT_FACE_LOSS ?? 0.018);

/** Seconds from Play, at the portrait's default settings, until its loss reaches PORTRAIT_FACE_LOSS. */
async function portraitFace(limitSeconds = 60) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(ORIGIN + 'a-portrait/', { waitUntil: 'networkidle' });
    const widget = page.locator('[data-widget="training"]');
    await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.waitForFunction((el) => el.getAttribute('data-state') === 'paused', await widget.elementHandle(), { timeout: 30_000 });
    await widget.locator('[data-action="play"]').click();
    const started = Date.now();
    const reached = await page.waitForFunction(
      ([el, loss]) => Number(el.getAttribute('data-loss')) <= loss,
      [await widget.elementHandle(), PORTRAIT_FACE_LOSS],
      { timeout: limitSeconds * 1000, polling: 100 },
    ).then(() => true, () => false);
    return { seconds: reached ? (Date.now() - started) / 1000 : Infinity, step: Number(await widget.getAttribute('data-step')), loss: Number(await widget.getAttribute('data-loss')) };
  } finally {
    await page.close();
  }
}

/** From scrolling a widget into view to its canvas showing the first frame. */
async function firstFrame(path) {
  // A short window, so the widget starts below it (out of view, not yet hydrated).
  const page = await browser.newPage({ viewport: { width: 1280, height: 500 } });
  try {
    await page.goto(ORIGIN + path, { waitUntil: 'networkidle' });
    const early = await page.evaluate(() => Boolean(document.querySelector('[data-widget="training"] .prediction canvas:not(.hidden)')));
    if (early) throw new Error(`${path}: the widget drew before it was scrolled into view; cannot time its first frame`);
    const start = await page.evaluate(() => {
      document.querySelector('[data-widget="training"]').scrollIntoView({ block: 'center' });
      return performance.now();
    });
    const end = await page.waitForFunction(
      () => (document.querySelector('[data-widget="training"] .prediction canvas:not(.hidden)') ? performance.now() : 0),
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    return (await end.jsonValue()) - start;
  } finally {
    await page.close();
  }
}

/**
 * Frame intervals while the reader drags a slider of the one-neuron explorer: one new value per
 * frame for three seconds, both views redrawn each time.
 */
async function sliderSmoothness() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(ORIGIN + 'one-neuron/', { waitUntil: 'networkidle' });
    await page.locator('[data-widget="neuron"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.waitForFunction(() => !document.querySelector('[data-widget="neuron"]')?.closest('astro-island')?.hasAttribute('ssr'));
    const frames = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const input = /** @type {HTMLInputElement} */ (document.querySelector('[data-widget="neuron"] input[type="range"]'));
          const out = [];
          let last = 0;
          let k = 0;
          const tick = (t) => {
            if (last) out.push(t - last);
            last = t;
            input.value = String(Math.round(300 * Math.sin(k++ / 20)) / 100);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            if (out.length < 180) requestAnimationFrame(tick);
            else resolve(out);
          };
          requestAnimationFrame(tick);
        }),
    );
    const moved = await page.locator('[data-widget="neuron"]').getAttribute('data-a');
    frames.sort((a, b) => a - b);
    return { p95: frames[Math.floor(0.95 * (frames.length - 1))], frames: frames.length, moved };
  } finally {
    await page.close();
  }
}

/**
 * Milliseconds the training worker takes to compute the exact partition of a network at its
 * seeded initialisation and after each of a few single steps (the median of those, after a
 * first warm-up one), as the partition figure has it done. The worker is driven through its
 * protocol directly, from a page of the site (so its script is same-origin).
 */
async function partitionTiming(hidden, repeats = 7) {
  const { readdirSync } = await import('node:fs');
  const chunk = readdirSync(`${process.env.DIST_DIR}/_astro`).find((f) => /^train\.worker.*\.js$/.test(f));
  if (!chunk) throw new Error('no training worker in the build');
  const page = await browser.newPage();
  try {
    await page.goto(ORIGIN + '404.html');
    return await page.evaluate(
      ({ url, hidden, repeats }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(url, { type: 'module' });
          const times = [];
          let count = 0;
          worker.onerror = (e) => reject(new Error(e.message));
          worker.onmessage = ({ data }) => {
            if (data.type === 'error') return reject(new Error(data.message));
            const s = data.snapshot;
            if (!s || !s.partition) return;
            times.push(s.partitionMs);
            count = s.partition.count;
            if (times.length > repeats) {
              worker.terminate();
              const sorted = times.slice(1).sort((a, b) => a - b);
              resolve({ ms: sorted[Math.floor(sorted.length / 2)], regions: count, first: times[0] });
            } else worker.postMessage({ type: 'step', count: 1 });
          };
          worker.postMessage({
            type: 'init',
            id: 1,
            run: {
              settings: { hidden, optimizer: 'adam', learningRate: 1e-4, batchSize: 0, seed: 1 },
              target: { kind: 'named', name: 'circle' },
              trainSize: 16,
              displaySize: 4,
              backend: 'auto',
              engine: 'fused',
              regions: { maxRegions: 1e7 },
            },
          });
        }),
      { url: `${BASE}_astro/${chunk}`, hidden, repeats },
    );
  } finally {
    await page.close();
  }
}

const figures = { steps: [], classes: null, smoothness: null, two: null, portrait: null, slider: null, firstFrame: [], bytes: null, partition: [], deep: null };
// Whatever happens below, the browser and the server go when the benchmark does.
process.on('exit', () => server.kill());
const configs = [
  ['widget (auto)', ''],
  ['fused', '?engine=fused'],
  ['tfjs-wasm', '?engine=tfjs&backend=wasm'],
  ['tfjs-webgl', '?engine=tfjs&backend=webgl'],
  ['tfjs-webgpu', '?engine=tfjs&backend=webgpu'],
  ['tfjs-cpu', '?engine=tfjs&backend=cpu'],
];
for (const [neurons, path] of wants('steps') ? [[10, 'ten-neurons/'], [500, 'five-hundred-neurons/']] : []) {
  for (const [label, query] of configs) {
    process.stdout.write(`steps/s: ${neurons} neurons, ${label}…\r`);
    const r = await stepsPerSecond(path + query, label === 'tfjs-cpu' && neurons === 500 ? 6 : 4);
    figures.steps.push({ neurons, label, engine: r.engine, rate: r.rate });
  }
}
if (wants('classes')) {
  process.stdout.write('steps/s: the classifier, 500 neurons × 3 classes…\r');
  figures.classes = await classifierStepsPerSecond();
}
if (wants('smoothness')) figures.smoothness = await smoothness('five-hundred-neurons/');
if (wants('twoFigures')) figures.two = await twoFigures();
if (wants('portrait')) figures.portrait = await portraitFace();
if (wants('slider')) figures.slider = await sliderSmoothness();
for (const path of wants('firstFrame') ? ['ten-neurons/', 'five-hundred-neurons/'] : []) figures.firstFrame.push({ path, ms: await firstFrame(path) });
for (const [label, hidden] of wants('partition') ? [['2→16×3→1', [16, 16, 16]], ['2→30×8→1', Array(8).fill(30)]] : []) {
  process.stdout.write(`partition: ${label}…\r`);
  figures.partition.push({ label, ...(await partitionTiming(hidden)) });
}
if (wants('deep')) figures.deep = await deepFigures(browser, ORIGIN, BASE, process.env.DIST_DIR);
const pages = measureBytes();
figures.bytes = {
  pages,
  worker: chunkBytes('train.worker'),
};

await browser.close();
server.kill();

// The table.
const fmt = (v, digits = 0) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en', { maximumFractionDigits: digits }));
if (figures.steps.length) console.log('\nTraining speed in a worker (64×64 circle, full batch, Adam), steps per second');
if (figures.steps.length) console.log('engine                      10 neurons   500 neurons');
for (const [label] of figures.steps.length ? configs : []) {
  const a = figures.steps.find((s) => s.neurons === 10 && s.label === label);
  const b = figures.steps.find((s) => s.neurons === 500 && s.label === label);
  const name = label === 'widget (auto)' ? `widget picks ${a?.engine ?? '?'}` : label;
  console.log(`${name.padEnd(26)} ${fmt(a?.rate).padStart(11)} ${fmt(b?.rate).padStart(13)}`);
}
const auto = (n) => figures.steps.find((s) => s.neurons === n && s.label === 'widget (auto)')?.rate ?? 0;
const worstBefore = Math.max(...pages.map((p) => p.beforeWidgets));
const results = {
  steps500: wants('steps') ? auto(500) : undefined,
  steps10: wants('steps') ? auto(10) : undefined,
  longTask: figures.smoothness?.longTask,
  frameP95: figures.smoothness?.frameP95,
  twoFramesP95: figures.two?.p95,
  portraitFace: figures.portrait?.seconds,
  firstFrame: figures.firstFrame.length ? Math.max(...figures.firstFrame.map((f) => f.ms)) : undefined,
  sliderP95: figures.slider?.p95,
  bytesBefore: worstBefore,
  partition16x3: figures.partition[0]?.ms,
  partition30x8: figures.partition[1]?.ms,
  classes500: wants('classes') ? (figures.classes?.rate ?? 0) : undefined,
};
console.log('\nJavaScript shipped (gzip)');
for (const p of pages.filter((p) => p.islands.length)) {
  console.log(`  ${p.page.padEnd(34)} before widgets ${fmt(p.beforeWidgets / 1024, 1)} kB; ${p.islands.map((i) => `${i.name} +${fmt(i.bytes / 1024, 1)} kB`).join(', ')}`);
}
console.log(`  training worker (fused and batched WebAssembly engines; TensorFlow.js loads only where a GPU is probed) ${fmt(figures.bytes.worker / 1024, 1)} kB`);
if (figures.firstFrame.length) console.log(`\nFirst frame after scrolling into view: ${figures.firstFrame.map((f) => `${f.path} ${fmt(f.ms)} ms`).join(', ')}`);
if (figures.two) console.log(`Two live figures training on screen (pulse and bundling, full speed, the prose between them folded away, window 1280 × ${fmt(figures.two.height)}): p95 frame interval ${fmt(figures.two.p95, 1)} ms over ${figures.two.frames} frames, ${fmt(100 * figures.two.late, 1)} % later than 25 ms`);
if (figures.portrait) console.log(`Portrait at its default settings: loss ${fmt(PORTRAIT_FACE_LOSS, 4)} after ${fmt(figures.portrait.seconds, 1)} s (step ${fmt(figures.portrait.step)}, loss then ${fmt(figures.portrait.loss, 5)})`);
if (figures.slider) console.log(`While a slider moves (a new value every frame): p95 frame interval ${fmt(figures.slider.p95, 1)} ms over ${figures.slider.frames} frames`);
if (figures.classes) console.log(`\nThe classifier (500 neurons × 3 classes, cross-entropy, 64×64 grid): ${fmt(figures.classes.rate)} steps/s on ${figures.classes.engine}`);
if (figures.partition.length) console.log(`Exact partition in the worker (median of 7, first run in brackets): ${figures.partition.map((p) => `${p.label} ${fmt(p.regions)} regions ${fmt(p.ms, 1)} ms (${fmt(p.first, 1)} ms)`).join('; ')}`);
if (figures.smoothness) console.log(`While 500 neurons train at full speed: longest task ${fmt(results.longTask)} ms, p95 frame interval ${fmt(results.frameP95, 1)} ms over ${figures.smoothness.frames} frames, ${fmt(100 * figures.smoothness.late, 1)} % later than 25 ms`);
if (figures.deep) {
  const deep = reportDeep(figures.deep, fmt);
  Object.assign(results, deep.results);
  Object.assign(BUDGETS, deep.budgets);
}

console.log('\nBudgets');
let failed = 0;
for (const [key, budget] of Object.entries(BUDGETS)) {
  const v = results[key];
  if (v === undefined) continue; // a section left out with --only
  const ok = 'min' in budget ? v >= budget.min : v <= budget.max;
  if (!ok) failed++;
  const limit = 'min' in budget ? `≥ ${fmt(budget.min)}` : `≤ ${fmt(budget.max)}`;
  console.log(`  ${ok ? 'ok  ' : 'MISS'} ${budget.what.padEnd(62)} ${fmt(v, 1).padStart(9)} ${budget.unit.padEnd(7)} (${limit})`);
}
const jsonIndex = args.indexOf('--json');
if (jsonIndex >= 0) writeFileSync(args[jsonIndex + 1], JSON.stringify({ figures, results }, null, 2));
console.log(failed ? `\n${failed} budget(s) missed` : '\nall budgets met');
process.exit(failed ? 1 : 0);
