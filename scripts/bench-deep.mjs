// Deep networks for `npm run bench` (scripts/bench.mjs): training speed of the batched WebAssembly
// engine against TensorFlow.js's WebAssembly backend, both in the training worker of the built
// site, driven through its message protocol from a page of the site (so the worker is
// same-origin); the GFLOP/s each reaches next to this machine's 128-bit SIMD peak (measured with a
// small f32x4 kernel); and how long the partition holds training up while the 16×3 network trains.
import { readdirSync } from 'node:fs';
import { importTs } from './ts.mjs';

/** The deep-network shapes of the budgets: hidden widths, batch (0: all 4,096 points), seconds. */
export const DEEP_SHAPES = [
  { id: '30x30b256', label: '2→30×30→1, batch 256', hidden: Array(30).fill(30), batchSize: 256, min: 300 },
  { id: '30x30full', label: '2→30×30→1, full 4,096', hidden: Array(30).fill(30), batchSize: 0, min: 20 },
  { id: '16x3full', label: '2→16→16→16→1, full 4,096', hidden: [16, 16, 16], batchSize: 0, min: 500 },
];
/** The batched engine must beat TensorFlow.js's WebAssembly backend by this much on each shape. */
export const MIN_RATIO = 8;
/** One frame at 60 Hz: the longest the partition may hold training up in one go. */
export const FRAME_MS = 1000 / 60;

function workerUrl(distDir, base) {
  const chunk = readdirSync(`${distDir}/_astro`).find((f) => /^train\.worker.*\.js$/.test(f));
  if (!chunk) throw new Error('no training worker in the build');
  return `${base}_astro/${chunk}`;
}

/**
 * Trains a run in a fresh worker at full speed and returns its steps per second over `seconds`
 * (after `warmup` seconds), the engine's name, and the longest partition pause the snapshots told.
 */
async function trainInWorker(browser, origin, url, run, { warmup = 1.5, seconds = 4 } = {}) {
  const page = await browser.newPage();
  try {
    await page.goto(origin + '404.html');
    return await page.evaluate(
      ({ url, run, warmup, seconds }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(url, { type: 'module' });
          const samples = [];
          let engine = '';
          let timer = 0;
          let playing = 0;
          const fail = (message) => {
            clearInterval(timer);
            worker.terminate();
            reject(new Error(message));
          };
          worker.onerror = (e) => fail(e.message);
          worker.onmessage = ({ data }) => {
            if (data.type === 'error') return fail(data.message);
            if (data.type === 'diverged') return fail(`the run diverged at step ${data.snapshot.step}`);
            if (data.type === 'ready') {
              engine = data.engine.name;
              worker.postMessage({ type: 'play', stepsPerSecond: Infinity });
              playing = performance.now();
              timer = setInterval(() => worker.postMessage({ type: 'frame' }), 100);
              setTimeout(() => {
                clearInterval(timer);
                worker.terminate();
                const measured = samples.filter((s) => s.t - playing >= warmup * 1000);
                const a = measured[0];
                const b = measured[measured.length - 1];
                const rate = a && b && b.t > a.t ? ((b.step - a.step) * 1000) / (b.t - a.t) : null;
                resolve({ engine, rate, pauseMs: Math.max(0, ...samples.map((s) => s.pause)), partitions: samples.filter((s) => s.partition).length, steps: b?.step ?? 0 });
              }, (warmup + seconds) * 1000);
              return;
            }
            if (data.type === 'snapshot' && playing) {
              const s = data.snapshot;
              samples.push({ t: performance.now(), step: s.step, pause: s.partitionPauseMs ?? 0, partition: Boolean(s.partition) });
            }
          };
          worker.postMessage({ type: 'init', id: 1, run });
        }),
      { url, run, warmup, seconds },
    );
  } finally {
    await page.close();
  }
}

/** GFLOP/s of a small f32x4 kernel on one core (12 independent multiply-add chains), in a page. */
async function simdPeak(browser) {
  const { default: asc } = await import('assemblyscript/asc');
  const source = `
export function peak(n: i32): f32 {
  const m = f32x4.splat(0.9999999);
  const c = f32x4.splat(1e-7);
  let a0 = f32x4.splat(1.0); let a1 = f32x4.splat(1.1); let a2 = f32x4.splat(1.2); let a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4); let a5 = f32x4.splat(1.5); let a6 = f32x4.splat(1.6); let a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8); let a9 = f32x4.splat(1.9); let a10 = f32x4.splat(2.0); let a11 = f32x4.splat(2.1);
  for (let i = 0; i < n; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c); a2 = f32x4.add(f32x4.mul(a2, m), c);
    a3 = f32x4.add(f32x4.mul(a3, m), c); a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c); a8 = f32x4.add(f32x4.mul(a8, m), c);
    a9 = f32x4.add(f32x4.mul(a9, m), c); a10 = f32x4.add(f32x4.mul(a10, m), c); a11 = f32x4.add(f32x4.mul(a11, m), c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  const t = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(t, 0);
}`;
  const { binary, error, stderr } = await asc.compileString(source, { optimizeLevel: 3, runtime: 'stub', enable: ['simd'] });
  if (error || !binary) throw new Error(`the SIMD peak kernel did not compile: ${error?.message ?? ''} ${stderr}`);
  // A blank page: the site's pages forbid compiling WebAssembly on the main thread (their CSP).
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (bytes) => {
      const { instance } = await WebAssembly.instantiate(Uint8Array.from(bytes), { env: { abort() {} } });
      const peak = instance.exports.peak;
      peak(1e6);
      let best = 0;
      for (let r = 0; r < 7; r++) {
        const n = 2e7;
        const t0 = performance.now();
        peak(n);
        const s = (performance.now() - t0) / 1000;
        best = Math.max(best, (n * 12 * 8) / s / 1e9);
      }
      return best;
    }, Array.from(binary));
  } finally {
    await page.close();
  }
}

/** The deep-network figures: speeds, ratios, GFLOP/s, peak, and the partition's pause. */
export async function deepFigures(browser, origin, base, distDir, log = (m) => process.stdout.write(`${m}\r`)) {
  const { stepFlops } = await importTs('src/train/wasm.ts');
  const url = workerUrl(distDir, base);
  const run = (hidden, batchSize, engine, backend) => ({
    settings: { hidden, optimizer: 'adam', learningRate: 1e-3, batchSize, seed: 1 },
    target: { kind: 'named', name: 'ring' },
    trainSize: 64,
    displaySize: 16,
    backend,
    engine,
  });
  const shapes = [];
  for (const shape of DEEP_SHAPES) {
    log(`deep networks: ${shape.label}, batched WebAssembly…`);
    const wasm = await trainInWorker(browser, origin, url, run(shape.hidden, shape.batchSize, 'wasm', 'auto'));
    log(`deep networks: ${shape.label}, tfjs-wasm…`);
    const tfjs = await trainInWorker(browser, origin, url, run(shape.hidden, shape.batchSize, 'tfjs', 'wasm'), { warmup: 2, seconds: shape.batchSize === 0 && shape.hidden.length > 3 ? 8 : 4 });
    const flops = stepFlops(shape.hidden, shape.batchSize || 64 * 64);
    shapes.push({ ...shape, wasm, tfjs, ratio: wasm.rate && tfjs.rate ? wasm.rate / tfjs.rate : null, gflops: wasm.rate ? (wasm.rate * flops) / 1e9 : null, tfjsGflops: tfjs.rate ? (tfjs.rate * flops) / 1e9 : null });
  }
  log('deep networks: SIMD peak…');
  const peak = await simdPeak(browser);
  log('deep networks: partition pauses while 2→16→16→16→1 trains…');
  const pause = await trainInWorker(browser, origin, url, { ...run([16, 16, 16], 0, 'auto', 'auto'), settings: { hidden: [16, 16, 16], optimizer: 'adam', learningRate: 0.003, batchSize: 0, seed: 1 }, displaySize: 128, regions: { maxRegions: 20_000 } }, { warmup: 1, seconds: 5 });
  return { shapes, peak, pause };
}

/** Prints the deep-network figures; returns the results and budgets to check. */
export function reportDeep(deep, fmt) {
  console.log('\nDeep networks in a worker (64×64 ring, Adam), steps per second; GFLOP/s of the batched engine');
  console.log(`network                        batched WebAssembly    tfjs-wasm     ratio   GFLOP/s (SIMD peak ${fmt(deep.peak, 1)})`);
  for (const s of deep.shapes) {
    console.log(
      `${s.label.padEnd(30)} ${fmt(s.wasm.rate, 1).padStart(10)} (${s.wasm.engine}) ${fmt(s.tfjs.rate, 1).padStart(9)} ${(s.ratio ? `${fmt(s.ratio, 1)}×` : '—').padStart(8)}   ${fmt(s.gflops, 1)} (${s.gflops ? fmt((100 * s.gflops) / deep.peak) : '—'}% of peak; tfjs-wasm ${fmt(s.tfjsGflops, 2)})`,
    );
  }
  console.log(`While 2→16→16→16→1 trains with its partition (${deep.pause.engine}, ${fmt(deep.pause.rate)} steps/s, ${deep.pause.partitions} partitions sent): longest pause for the partition ${fmt(deep.pause.pauseMs, 1)} ms`);
  const results = {};
  const budgets = {};
  for (const s of deep.shapes) {
    results[`deep${s.id}`] = s.wasm.rate ?? 0;
    budgets[`deep${s.id}`] = { min: s.min, unit: 'steps/s', what: `batched WebAssembly, ${s.label}` };
    results[`ratio${s.id}`] = s.ratio ?? 0;
    budgets[`ratio${s.id}`] = { min: MIN_RATIO, unit: '×', what: `… against tfjs-wasm, ${s.label}` };
  }
  results.partitionPause16x3 = deep.pause.pauseMs;
  budgets.partitionPause16x3 = { max: FRAME_MS, unit: 'ms', what: 'longest pause of training for the partition, 2→16×3→1' };
  return { results, budgets };
}
