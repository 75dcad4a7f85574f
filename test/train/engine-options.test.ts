// Options only the fused engine follows must keep a run off the other engines: the batched
// WebAssembly engine refuses them (so the worker runs the fused engine), rather than ignoring them.
import { describe, expect, it } from 'vitest';
import type { FusedSettings } from '../../src/train/fused.ts';
import { wasmUnsupported } from '../../src/train/wasm.ts';

const base: FusedSettings = { hidden: [8, 8], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1 };

describe('options the batched engine does not follow', () => {
  it('names Adam’s floor, AMSGrad and Fourier features, and nothing for Adam’s plain constants', () => {
    expect(wasmUnsupported({ ...base, adam: { beta2: 0.99, epsilon: 1e-4 } })).toEqual([]);
    expect(wasmUnsupported({ ...base, adam: { floor: 0, amsgrad: false } })).toEqual([]);
    expect(wasmUnsupported({ ...base, adam: { floor: 1e-3 } })).toEqual(['adam.floor']);
    expect(wasmUnsupported({ ...base, adam: { amsgrad: true } })).toEqual(['adam.amsgrad']);
    expect(wasmUnsupported({ ...base, fourier: { count: 8, scale: 3, seed: 1 } })).toEqual(['fourier']);
  });
});
