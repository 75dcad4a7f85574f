/**
 * Words the live figures show for what the worker reports: the engine that trains, in plain
 * words, with a longer explanation for its tooltip.
 */
import type { EngineReport } from '../../worker/protocol.ts';

const BACKENDS: Record<string, string> = {
  webgpu: 'the graphics card (WebGPU)',
  webgl: 'the graphics card (WebGL)',
  wasm: 'the processor (WebAssembly)',
  cpu: 'the processor (plain JavaScript)',
};

/** The engine read-out: a few plain words, and a sentence for its tooltip. */
export function engineWords(engine: EngineReport | null): { text: string; title: string } {
  if (!engine) return { text: 'starting…', title: 'The training worker is starting.' };
  const name = engine.name;
  const probe = engine.probe
    ? ` Measured here: ${engine.probe.cpuName ?? 'our own loop'} ${Math.round(engine.probe.fused)} steps/s, ${engine.probe.tfjsName} ${Math.round(engine.probe.tfjs)} steps/s.`
    : '';
  if (name.startsWith('fused')) {
    const grid = name === 'fused-grid' ? ', taking a whole row of the picture at once' : '';
    return { text: 'our own loop (CPU)', title: `Trained on this computer's processor by the essay's own code, written for these small networks${grid} (${name}).${probe}` };
  }
  if (name.startsWith('wasm')) {
    const simd = name === 'wasm-simd' ? ', four numbers per instruction (SIMD)' : ' (this browser has no WebAssembly SIMD)';
    return { text: 'batched WebAssembly (CPU)', title: `Trained on this computer's processor by the essay's batched WebAssembly engine: each layer on a whole chunk of points at once${simd} (${name}).${probe}` };
  }
  const backend = name.replace(/^tfjs-/, '');
  return { text: `TensorFlow.js, ${backend === 'webgl' || backend === 'webgpu' ? 'GPU' : 'CPU'}`, title: `Trained by the TensorFlow.js library on ${BACKENDS[backend] ?? backend} (${name}).${probe}` };
}

/** The choices of the Engine setting, as offered. */
export const ENGINE_CHOICE_WORDS = { auto: 'whichever is faster here', fused: 'our own loop (CPU)', wasm: 'batched WebAssembly (CPU)', tfjs: 'TensorFlow.js' } as const;
