/// <reference lib="webworker" />
/**
 * The training worker: owns one run (a network, its optimizer and its data) and trains it while
 * the page asks it to. See protocol.ts for the messages. Errors, including those thrown by async
 * handlers (which never reach `onerror`), are caught and posted back as `error` messages.
 */
import { SQUARE } from '../core/geometry.ts';
import { firstLayerCreases } from '../core/mlp.ts';
import type { Partition } from '../core/regions.ts';
import { TARGETS, sampleTarget } from '../core/targets.ts';
import { imageDataset } from '../core/images.ts';
import { type FusedTrainer, createFusedTrainer } from '../train/fused.ts';
import type { Trainer } from '../train/trainer.ts';
import { chooseEngine, startEngine } from './engines.ts';
import { PartitionSlices } from './regionslices.ts';
import {
  type FromWorker,
  type RunRequest,
  type Snapshot,
  type ToWorker,
  isDiverged,
  transferables,
} from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Longest stretch of training between looks at the message queue, in ms. */
const SLICE_MS = 12;

let trainer: Trainer | null = null;
/** The same trainer when it can be looked inside, for traces (the fused or batched engine). */
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
/** The partition under way, computed a slice at a time between chunks of training. */
const slices = new PartitionSlices();

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
  // The partition: computed in slices between chunks of training (see regionsTick) and sent once
  // done; when asked (paused, a step, a new box), completed now for the weights as they are.
  let regions: Partition | null = null;
  if (run!.regions && planar) {
    let done = slices.take();
    if (forceImage && (!done || done.step !== step())) {
      if (!slices.running || slices.step !== step()) startRegions();
      slices.complete();
      done = slices.take();
    }
    if (done) {
      regions = done.partition;
      regionsMs = done.ms;
      lastRegionsAt = performance.now();
      regionsStale = done.step !== step();
    }
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
    partitionPauseMs: slices.longestSlice,
    trace,
  };
}

function startRegions(): void {
  slices.start(trainer!.network(), step(), run!.regions!.box ?? SQUARE, run!.regions!.maxRegions);
}

/** A slice of the partition between chunks of training: one starts when it is stale and due. */
function regionsTick(): void {
  if (!run?.regions || run.settings.fourier) return;
  if (!slices.running && regionsStale && performance.now() - lastRegionsAt >= Math.max(100, 4 * regionsMs)) startRegions();
  slices.work();
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
    regionsTick();
    schedule(Number.isFinite(rate) ? 1000 / 60 : 0);
  } catch (e) {
    playing = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      trainer?.dispose();
      trainer = null;
      fused = null;
      playing = false;
      slices.cancel();
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
      const started = await startEngine(await chooseEngine(run, data, trainer), run, data);
      const engine = started?.report ?? { name: 'fused', kind: 'fused', probe: null };
      if (started) {
        if (resume) started.trainer.setNetwork(resume.network);
        trainer.dispose();
        trainer = started.trainer;
        fused = started.inspectable;
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
        slices.resetPause();
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
      slices.cancel();
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
