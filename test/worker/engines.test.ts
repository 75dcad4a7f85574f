import { describe, expect, it, vi } from 'vitest';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';
import { chooseEngine, cpuEngine, startEngine } from '../../src/worker/engines.ts';
import type { RunRequest } from '../../src/worker/protocol.ts';

const data = sampleTarget(TARGETS.circle, 32);
const request = (hidden: number[], more: Partial<RunRequest> = {}, batchSize = 0): RunRequest => ({
  settings: { hidden, optimizer: 'adam', learningRate: 0.01, batchSize, seed: 1 },
  target: { kind: 'named', name: 'circle' },
  trainSize: 32,
  displaySize: 16,
  backend: 'auto',
  engine: 'auto',
  ...more,
});

describe('choosing the engine', () => {
  it('on the CPU: fused where its grid shortcut applies, the batched WebAssembly engine otherwise', async () => {
    const cases: [RunRequest, 'fused' | 'wasm'][] = [
      [request([500]), 'fused'],
      [request([30], {}, 64), 'wasm'],
      [request([16, 16, 16]), 'wasm'],
      [request(Array(30).fill(30), {}, 256), 'wasm'],
      // An option the batched engine does not follow keeps the fused engine.
      [{ ...request([8, 8]), settings: { ...request([8, 8]).settings, amsgrad: true } as RunRequest['settings'] }, 'fused'],
    ];
    for (const [r, expected] of cases) {
      const fused = await createFusedTrainer(r.settings, data);
      expect(cpuEngine(r, fused, data), r.settings.hidden.join('x')).toBe(expected);
    }
  });

  it('without a real GPU picks the CPU engine with no probe, and starts it', async () => {
    // A worker with neither WebGPU nor WebGL (as Node is).
    vi.stubGlobal('navigator', {});
    const r = request([16, 16, 16]);
    const fused = await createFusedTrainer(r.settings, data);
    const report = await chooseEngine(r, data, fused);
    expect(report).toEqual({ name: 'wasm', kind: 'wasm', probe: null });
    const started = (await startEngine(report, r, data))!;
    expect(started.trainer.backend).toBe('wasm-simd');
    expect(started.inspectable).toBe(started.trainer);
    // The same run as the fused engine's, from the same seed.
    expect(started.trainer.step(3)[2]).toBeCloseTo(fused.step(3)[2]!, 5);
    expect(await startEngine({ name: 'fused', kind: 'fused', probe: null }, r, data)).toBeNull();
    vi.unstubAllGlobals();
  });

  it('an engine asked for by name runs as asked; the batched engine says what it cannot follow', async () => {
    const r = request([8, 8], { engine: 'fused' });
    expect(await chooseEngine(r, data, await createFusedTrainer(r.settings, data))).toEqual({ name: 'fused', kind: 'fused', probe: null });
    const odd = { ...request([8, 8], { engine: 'wasm' }), settings: { ...request([8, 8]).settings, amsgrad: true } as RunRequest['settings'] };
    const report = await chooseEngine(odd, data, await createFusedTrainer(odd.settings, data));
    await expect(startEngine(report, odd, data)).rejects.toThrow(/does not follow amsgrad/);
  });
});
