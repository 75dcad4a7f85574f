/**
 * Choosing a TensorFlow.js backend in the browser: WebGPU, then WebGL, then WebAssembly, then the
 * plain CPU, whichever initialises first. A GPU that is only emulated in software (SwiftShader,
 * llvmpipe: what headless browsers and some virtual machines offer) is skipped, since the
 * WebAssembly backend beats it on the same CPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice } from './protocol.ts';
import { softwareWebGL, softwareWebGPU } from './gpu.ts';

type Name = Exclude<BackendChoice, 'auto'>;

const LOADERS: Record<Name, () => Promise<boolean>> = {
  webgpu: async () => {
    if (await softwareWebGPU()) return false;
    await import('@tensorflow/tfjs-backend-webgpu');
    return true;
  },
  webgl: async () => {
    if (await softwareWebGL()) return false;
    await import('@tensorflow/tfjs-backend-webgl');
    return true;
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    return true;
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    return true;
  },
};

const ORDER: readonly Name[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Activates a backend and returns its name. With a named choice, only that one is tried (a GPU
 * backend then runs even if emulated, so benchmarks can measure it); 'auto' walks ORDER.
 */
export async function chooseBackend(choice: BackendChoice): Promise<Name> {
  const candidates = choice === 'auto' ? ORDER : [choice];
  for (const name of candidates) {
    try {
      if (choice === 'auto') {
        if (!(await LOADERS[name]())) continue;
      } else if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
      else if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
      else await LOADERS[name]();
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // This backend cannot start here; try the next one.
    }
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${candidates.join(', ')}).`);
}
