/**
 * Which engine trains a run, and starting it. Three engines follow the same run from the same seed
 * (src/train): the fused typed-array engine, whose exact shortcut makes it the fastest for one
 * hidden layer trained on the whole picture grid; the batched WebAssembly engine, for deeper
 * networks, mini-batches and points off the grid; and TensorFlow.js, for a real GPU.
 *
 * On the CPU the choice is a rule (`cpuEngine`). Only where a real GPU exists does a short probe
 * time the CPU engine against TensorFlow.js's best backend, and the faster one wins.
 */
import { sampleCount } from '../core/samples.ts';
import type { Dataset } from '../core/targets.ts';
import { type FusedTrainer, createFusedTrainer } from '../train/fused.ts';
import type { Trainer } from '../train/trainer.ts';
import { createWasmTrainer, wasmUnsupported } from '../train/wasm.ts';
import { hardwareGpu } from './gpu.ts';
import { type EngineReport, type RunRequest, cpuOnly } from './protocol.ts';

/**
 * The CPU engine for a run, given its fused trainer (already made, it draws the first frame): the
 * fused engine where it takes its grid shortcut (one hidden layer, the whole grid each step), or
 * the run sets an option the batched engine does not follow, or there is no WebAssembly; else the
 * batched WebAssembly engine.
 */
export function cpuEngine(request: RunRequest, fused: Trainer, data: Dataset): 'fused' | 'wasm' {
  const { batchSize } = request.settings;
  const fullBatch = batchSize <= 0 || batchSize >= data.targets.length;
  if (fused.backend === 'fused-grid' && fullBatch) return 'fused';
  if (wasmUnsupported(request.settings).length > 0) return 'fused';
  if (typeof WebAssembly !== 'object') return 'fused';
  return 'wasm';
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
const probeKey = (request: RunRequest): string => {
  const s = request.settings;
  const points = request.target.kind === 'samples' ? `/${sampleCount(request.target.sampling)}` : '';
  return `${s.hidden.join('x')}/${s.batchSize}/${request.trainSize}/${request.backend}/${request.target.kind}${points}`;
};

/**
 * The engine for a run: as asked, or for 'auto' the CPU engine, or where a real GPU exists the
 * faster of it and the best TensorFlow.js backend, each timed for about 60 ms (after a warm-up
 * step) on a throwaway copy of the run.
 */
export async function chooseEngine(request: RunRequest, data: Dataset, fused: Trainer): Promise<EngineReport> {
  if (request.engine !== 'auto') return { name: request.engine, kind: request.engine, probe: null };
  const cpu = cpuEngine(request, fused, data);
  // TensorFlow.js would ignore what only the CPU engines do: no probe.
  if (cpuOnly(request.settings)) return { name: cpu, kind: cpu, probe: null };
  const key = `${probeKey(request)}/${cpu}`;
  const known = probed.get(key);
  if (known) return known;
  // Without graphics hardware TensorFlow.js would run on WebAssembly or plain JavaScript, which
  // the CPU engines outrun many times over: no probe, no download.
  if (!(await hardwareGpu())) {
    const report: EngineReport = { name: cpu, kind: cpu, probe: null };
    probed.set(key, report);
    return report;
  }
  let cpuRate = 0;
  let cpuName: string = cpu;
  try {
    const probe = cpu === 'wasm' ? await createWasmTrainer(request.settings, data) : await createFusedTrainer(request.settings, data);
    cpuName = probe.backend;
    cpuRate = rateOf(probe, 60);
    probe.dispose();
  } catch {
    // The batched engine could not start here: the fused engine stands in (see startEngine).
  }
  let tfjs = 0;
  let tfjsName = 'tfjs (unavailable)';
  try {
    const t = await createTfjs(request, data);
    tfjsName = t.backend;
    tfjs = rateOf(t, 60);
    t.dispose();
  } catch {
    // No TensorFlow.js backend starts here: the CPU engine runs.
  }
  const report: EngineReport =
    tfjs > cpuRate
      ? { name: tfjsName, kind: 'tfjs', probe: { fused: cpuRate, cpuName, tfjs, tfjsName } }
      : { name: cpuName, kind: cpu, probe: { fused: cpuRate, cpuName, tfjs, tfjsName } };
  probed.set(key, report);
  return report;
}

/**
 * Starts the engine a report names, when it is not the fused engine the worker already has (then
 * null). The batched engine can be looked inside like the fused one (traces); TensorFlow.js
 * cannot. Chosen by 'auto', a batched engine that fails to start leaves the fused one running.
 */
export async function startEngine(
  report: EngineReport,
  request: RunRequest,
  data: Dataset,
): Promise<{ trainer: Trainer; inspectable: FusedTrainer | null; report: EngineReport } | null> {
  if (report.kind === 'tfjs') return { trainer: await createTfjs(request, data), inspectable: null, report };
  if (report.kind === 'fused') return null;
  try {
    const t = await createWasmTrainer(request.settings, data);
    return { trainer: t, inspectable: t, report };
  } catch (e) {
    if (request.engine === 'wasm') throw e;
    return null;
  }
}
