/// <reference lib="webworker" />
/**
 * The training worker: owns one run (a network, its optimizer and its data) and trains it while
 * the page asks it to. See protocol.ts for the messages. Errors, including those thrown by async
 * handlers (which never reach `onerror`), are caught and posted back as `error` messages.
 */
import { SQUARE } from '../core/geometry.ts';
import { firstLayerCreases } from '../core/mlp.ts';
import { type Partition, networkLayers, partition } from '../core/regions.ts';
import { type Dataset, TARGETS, sampleTarget } from '../core/targets.ts';
import { imageDataset } from '../core/images.ts';
import { type FusedTrainer, createFusedTrainer } from '../train/fused.ts';
import { hardwareGpu } from './gpu.ts';
import type { TrainSettings, Trainer } from '../train/trainer.ts';
import {
  type EngineReport,
  type FromWorker,
  type RunRequest,
  type Snapshot,
  type ToWorker,
  isDiverged,
  needsFusedEngine,
  transferables,
} from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Longest stretch of training between looks at the message queue, in ms. */
const SLICE_MS = 12;

let trainer: Trainer | null = null;
/** The same trainer when it is the fused engine (it can be looked inside, for traces). */
let fused: FusedTrainer | null = null;
/** Per-step optimizer figures since the last snapshot (runs that asked for a trace). */
let pendingTrace: number[] = [];
let run: RunRequest | null = null;
let stepOffset = 0;
let playing = false;
let rate = Infinity;
let credit = 0;
/** Steps per call to the engine at full speed (adapted to the engine's speed). */
let chunk = 1;
let lastTick = 0;
let frameWanted = false;
let pending: number[] = [];
let lastLoss = NaN;
let lastImageAt = -Infinity;
let predictMs = 0;
let imageStale = true;
let rateWindow = { at: 0, step: 0, value: 0 };
let lastRegionsAt = -Infinity;
let regionsMs = 0;
let regionsStale = true;

/** The run the worker holds (the id of its `init`); every reply is stamped with it. */
let runId = 0;

type Reply = FromWorker extends infer M ? (M extends unknown ? Omit<M, 'run'> : never) : never;

function post(reply: Reply): void {
  const message = { ...reply, run: runId } as FromWorker;
  self.postMessage(message, transferables(message));
}

function step(): number {
  return stepOffset + (trainer?.steps ?? 0);
}

function snapshot(forceImage: boolean): Snapshot {
  const t = trainer!;
  const now = performance.now();
  let image: Float32Array | null = null;
  // Redraw the prediction when asked, or as often as its cost allows (at most ~20 times a second).
  if (forceImage || (imageStale && now - lastImageAt >= Math.max(50, 5 * predictMs))) {
    const started = performance.now();
    image = t.predict(run!.displaySize);
    predictMs = performance.now() - started;
    lastImageAt = now;
    imageStale = false;
  }
  if (now - rateWindow.at >= 500) {
    const dt = (now - rateWindow.at) / 1000;
    rateWindow = { at: now, step: step(), value: playing && rateWindow.at > 0 ? (step() - rateWindow.step) / dt : rateWindow.value };
  }
  const net = t.network();
  // A network on Fourier features has no creases of the plane in its first layer, and no
  // partition of the plane into flat pieces either.
  const planar = !run!.settings.fourier;
  const creases = planar ? firstLayerCreases(net) : new Float32Array(0);
  const output = net.length === 2 ? net[1]!.weights.slice() : new Float32Array(0);
  const losses = Float32Array.from(pending);
  pending = [];
  const trace = run!.trace ? Float32Array.from(pendingTrace) : null;
  pendingTrace = [];
  // The partition, likewise: when asked, or when it is stale and its cost allows (it can take a
  // good fraction of a second for tens of thousands of regions).
  let regions: Partition | null = null;
  if (run!.regions && planar && (forceImage || (regionsStale && now - lastRegionsAt >= Math.max(100, 4 * regionsMs)))) {
    const started = performance.now();
    regions = partition(networkLayers(net), run!.regions.box ?? SQUARE, { maxRegions: run!.regions.maxRegions });
    regionsMs = performance.now() - started;
    lastRegionsAt = performance.now();
    regionsStale = false;
  }
  return {
    step: step(),
    loss: lastLoss,
    losses,
    creases,
    outputWeights: output,
    image,
    stepsPerSecond: rateWindow.value,
    partition: regions,
    partitionMs: regionsMs,
    trace,
  };
}

function train(count: number): boolean {
  let losses: Float32Array;
  if (run!.trace && fused && trainer === fused) {
    const taken: number[] = [];
    for (let k = 0; k < count; k++) {
      const loss = fused.step(1)[0]!;
      taken.push(loss);
      const st = fused.inspect();
      pendingTrace.push(st.updateNorm, st.gradientNorm, st.secondMoment ? st.secondMoment.medianRoot : NaN);
      // Step by step, a blow-up stops the run at the step it happens, even if the loss would fall
      // back before the end of the batch of steps (it can: the neurons die and the loss settles).
      if (isDiverged(loss)) break;
    }
    losses = Float32Array.from(taken);
  } else losses = trainer!.step(count);
  for (const l of losses) pending.push(l);
  if (losses.length > 0) lastLoss = losses[losses.length - 1]!;
  imageStale = true;
  regionsStale = true;
  if (isDiverged(lastLoss)) {
    playing = false;
    post({ type: 'diverged', snapshot: snapshot(true) });
    return false;
  }
  return true;
}

// The next turn of the loop: at once (a message to ourselves, not clamped like timers) or after a
// delay. Never two pending at a time, so a pause and a play in quick succession cannot start a
// second loop beside the first.
let scheduled = false;
const channel = new MessageChannel();
channel.port1.onmessage = () => turn();
function turn(): void {
  scheduled = false;
  loop();
}
function schedule(delayMs = 0): void {
  if (scheduled) return;
  scheduled = true;
  if (delayMs > 0) setTimeout(turn, delayMs);
  else channel.port2.postMessage(null);
}

function loop(): void {
  if (!playing || !trainer) return;
  try {
    const started = performance.now();
    const elapsed = lastTick ? (started - lastTick) / 1000 : 0;
    lastTick = started;
    if (Number.isFinite(rate)) {
      credit = Math.min(credit + rate * elapsed, Math.max(1, rate / 10));
      const count = Math.floor(credit);
      if (count > 0 && !train(count)) return;
      credit -= count;
    } else {
      // As many steps as fit in a slice, in chunks sized from the last one's time per step.
      do {
        const t0 = performance.now();
        if (!train(chunk)) return;
        const perStep = (performance.now() - t0) / chunk;
        chunk = Math.max(1, Math.min(1000, Math.floor(SLICE_MS / 4 / Math.max(perStep, 1e-3))));
      } while (performance.now() - started < SLICE_MS);
    }
    if (frameWanted) {
      frameWanted = false;
      post({ type: 'snapshot', snapshot: snapshot(false) });
    }
    schedule(Number.isFinite(rate) ? 1000 / 60 : 0);
  } catch (e) {
    playing = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** TensorFlow.js and its backends load only when asked for: most readers never need them. */
async function createTfjs(request: RunRequest, data: Dataset): Promise<Trainer> {
  const [{ chooseBackend }, { createTfjsTrainer }] = await Promise.all([import('./backends.ts'), import('../train/tfjs.ts')]);
  await chooseBackend(request.backend);
  return createTfjsTrainer(request.settings, data);
}

/** Steps per second of a fresh trainer over about `budgetMs` (after one warm-up step). */
function rateOf(t: Trainer, budgetMs: number): number {
  t.step(1);
  const started = performance.now();
  let count = 0;
  do {
    t.step(1);
    count++;
  } while (performance.now() - started < budgetMs);
  return (1000 * count) / (performance.now() - started);
}

/** Probe results of this worker's life, by network shape and settings that change the cost. */
const probed = new Map<string, EngineReport>();
const probeKey = (s: TrainSettings, request: RunRequest): string => `${s.hidden.join('x')}/${s.batchSize}/${request.trainSize}/${request.backend}`;

/**
 * The engine for a run: as asked, or for 'auto' the faster of the fused engine and the best
 * TensorFlow.js backend, each timed for about 60 ms (after a warm-up step) on a throwaway copy of
 * the run. TensorFlow.js is only tried where a real GPU could make it win.
 */
async function chooseEngine(request: RunRequest, data: Dataset): Promise<EngineReport> {
  if (request.engine === 'fused') return { name: 'fused', kind: 'fused', probe: null };
  if (request.engine === 'tfjs') return { name: 'tfjs', kind: 'tfjs', probe: null };
  if (needsFusedEngine(request.settings)) return { name: 'fused', kind: 'fused', probe: null };
  const key = probeKey(request.settings, request);
  const known = probed.get(key);
  if (known) return known;
  // Without graphics hardware TensorFlow.js would run on WebAssembly or plain JavaScript, which
  // the fused engine outruns many times over: no probe, no download.
  if (!(await hardwareGpu())) {
    const report: EngineReport = { name: 'fused', kind: 'fused', probe: null };
    probed.set(key, report);
    return report;
  }
  const fusedProbe = await createFusedTrainer(request.settings, data);
  const fused = rateOf(fusedProbe, 60);
  fusedProbe.dispose();
  let tfjs = 0;
  let tfjsName = 'tfjs (unavailable)';
  try {
    const t = await createTfjs(request, data);
    tfjsName = t.backend;
    tfjs = rateOf(t, 60);
    t.dispose();
  } catch {
    // No TensorFlow.js backend starts here: the fused engine runs.
  }
  const report: EngineReport = { name: tfjs > fused ? tfjsName : 'fused', kind: tfjs > fused ? 'tfjs' : 'fused', probe: { fused, tfjs, tfjsName } };
  probed.set(key, report);
  return report;
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      trainer?.dispose();
      trainer = null;
      fused = null;
      playing = false;
      run = message.run;
      runId = message.id;
      const { target, trainSize } = run;
      const data =
        target.kind === 'named'
          ? sampleTarget(TARGETS[target.name], trainSize)
          : imageDataset({ width: trainSize, height: trainSize, data: target.pixels });
      const resume = message.resume;
      // The fused engine starts at once and draws the first frame while the choice is made:
      // every engine starts from the same weights, so the picture is the same.
      fused = await createFusedTrainer(run.settings, data);
      trainer = fused;
      pendingTrace = [];
      if (resume) trainer.setNetwork(resume.network);
      stepOffset = resume ? resume.step : 0;
      pending = [];
      lastLoss = trainer.loss();
      rateWindow = { at: 0, step: 0, value: 0 };
      post({ type: 'snapshot', snapshot: snapshot(true) });
      const engine = await chooseEngine(run, data);
      if (engine.kind === 'tfjs') {
        const t = await createTfjs(run, data);
        if (resume) t.setNetwork(resume.network);
        trainer.dispose();
        trainer = t;
      }
      post({ type: 'ready', engine: { ...engine, name: trainer.backend }, snapshot: snapshot(false) });
      return;
    }
    case 'play':
      if (!trainer) return;
      rate = message.stepsPerSecond;
      credit = 0;
      lastTick = 0;
      rateWindow = { at: performance.now(), step: step(), value: rateWindow.value };
      if (!playing) {
        playing = true;
        schedule();
      }
      return;
    case 'pause':
      if (!trainer) return;
      playing = false;
      post({ type: 'snapshot', snapshot: snapshot(true) });
      return;
    case 'step':
      if (!trainer) return;
      playing = false;
      if (train(message.count)) post({ type: 'snapshot', snapshot: snapshot(true) });
      return;
    case 'frame':
      frameWanted = true;
      // While paused, answer at once if a fresher picture is owed.
      if (trainer && !playing && imageStale) {
        frameWanted = false;
        post({ type: 'snapshot', snapshot: snapshot(true) });
      }
      return;
    case 'regions':
      if (!run?.regions) return;
      run = { ...run, regions: { ...run.regions, box: message.box } };
      regionsStale = true;
      if (trainer && !playing) post({ type: 'snapshot', snapshot: snapshot(true) });
      return;
    case 'save':
      if (!trainer) return;
      post({ type: 'saved', network: trainer.network(), step: step() });
      return;
  }
}

let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<ToWorker>) => {
  queue = queue
    .then(() => handle(event.data))
    .catch((e: unknown) => {
      playing = false;
      post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    });
};
