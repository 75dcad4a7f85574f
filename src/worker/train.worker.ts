/// <reference lib="webworker" />
/**
 * The training worker: holds one run (a TrainingSession, src/worker/session.ts) and trains it while
 * the page asks it to. See protocol.ts for the messages. This file wires the session to the
 * worker's scope and decides which engines exist and which one runs. Errors, including those thrown
 * by async handlers (which never reach `onerror`), are caught and posted back as `error` messages.
 */
import { type Dataset } from '../core/targets.ts';
import { createFusedTrainer } from '../train/fused.ts';
import { hardwareGpu } from './gpu.ts';
import type { TrainSettings, Trainer } from '../train/trainer.ts';
import type { EngineReport, RunRequest, ToWorker } from './protocol.ts';
import { TrainingSession } from './session.ts';

declare const self: DedicatedWorkerGlobalScope;

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

// The loop's next turn comes as a message to ourselves (not clamped like timers), after the
// messages already waiting; `settle` waits for one such round trip.
const channel = new MessageChannel();
const turns: (() => void)[] = [];
channel.port1.onmessage = () => turns.shift()?.();
const soon = (turn: () => void): void => {
  turns.push(turn);
  channel.port2.postMessage(null);
};

const session = new TrainingSession(
  {
    post: (message, transfer) => self.postMessage(message, transfer),
    now: () => performance.now(),
    later: (turn, ms) => (ms > 0 ? setTimeout(turn, ms) : soon(turn)),
    settle: () => new Promise<void>((resolve) => soon(resolve)),
  },
  {
    fused: (request, data) => createFusedTrainer(request.settings, data),
    choose: chooseEngine,
    other: (_report, request, data) => createTfjs(request, data),
  },
);

self.onmessage = (event: MessageEvent<ToWorker>) => session.receive(event.data);
