import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/core/mlp.ts';
import { networkLayers, partition } from '../../src/core/regions.ts';
import { type FromWorker, type Snapshot, type ToWorker, cpuOnly, parseBackendChoice, parseEngineChoice, transferables } from '../../src/worker/protocol.ts';

const snapshot = (): Snapshot => ({
  step: 12,
  loss: 0.05,
  losses: Float32Array.of(0.07, 0.06, 0.05),
  creases: Float32Array.of(1, 2, 3, 4, 5, 6),
  outputWeights: Float32Array.of(0.5, -0.5),
  image: new Float32Array(16).fill(0.25),
  stepsPerSecond: 60,
  partition: null,
  partitionMs: 0,
  trace: null,
});

describe('worker protocol', () => {
  it('every message survives the structured clone that postMessage applies', () => {
    const toWorker: ToWorker[] = [
      {
        type: 'init',
        id: 3,
        run: {
          settings: { hidden: [10], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1 },
          target: { kind: 'pixels', pixels: new Float32Array(64 * 64).fill(0.5) },
          trainSize: 64,
          displaySize: 256,
          backend: 'auto',
          engine: 'auto',
        },
        resume: { network: initNetwork([3], 1), step: 40, initialLoss: 0.25 },
      },
      { type: 'play', stepsPerSecond: Infinity },
      { type: 'pause' },
      { type: 'step', count: 1 },
      { type: 'frame' },
      { type: 'save' },
    ];
    const fromWorker: FromWorker[] = [
      {
        type: 'ready',
        run: 3,
        engine: { name: 'fused-grid', kind: 'fused', probe: { fused: 1200, tfjs: 20, tfjsName: 'tfjs-wasm' } },
        snapshot: snapshot(),
      },
      { type: 'snapshot', run: 3, snapshot: snapshot() },
      { type: 'diverged', run: 3, snapshot: { ...snapshot(), loss: NaN } },
      { type: 'saved', run: 3, network: initNetwork([3], 1), step: 7, initialLoss: 0.2 },
      { type: 'error', run: 3, message: 'boom' },
    ];
    for (const m of [...toWorker, ...fromWorker]) expect(structuredClone(m)).toEqual(m);
  });

  it('transfers the typed arrays instead of copying them', () => {
    const m = { type: 'snapshot', run: 1, snapshot: snapshot() } as const;
    const list = transferables(m);
    expect(list).toHaveLength(4); // losses, creases, outputWeights, image
    const copy = structuredClone(m, { transfer: list }) as typeof m;
    expect(copy.snapshot.image!.length).toBe(16);
    expect(copy.snapshot.image![3]).toBe(0.25);
    expect(m.snapshot.image!.byteLength).toBe(0); // moved, not copied
    expect(transferables({ type: 'error', run: 1, message: 'x' })).toEqual([]);
    // A partition's six arrays travel with its snapshot.
    const regions = partition(networkLayers(initNetwork([4, 4], 2)));
    const withRegions = { type: 'snapshot', run: 1, snapshot: { ...snapshot(), partition: regions } } as const;
    expect(transferables(withRegions)).toHaveLength(10);
    expect(transferables({ type: 'snapshot', run: 1, snapshot: { ...snapshot(), trace: new Float32Array(6) } })).toHaveLength(5);
    const moved = structuredClone(withRegions, { transfer: transferables(withRegions) }) as typeof withRegions;
    expect(moved.snapshot.partition!.count).toBeGreaterThan(1);
    expect(moved.snapshot.partition!.xy.length).toBe(2 * moved.snapshot.partition!.start[moved.snapshot.partition!.count]!);
    expect(regions.xy.byteLength).toBe(0);
    expect(transferables({ type: 'saved', run: 1, network: initNetwork([2], 1), step: 1, initialLoss: 0.3 })).toHaveLength(4);
  });

  it('reads an engine or backend named in an address, and nothing else', () => {
    expect(parseEngineChoice('fused')).toBe('fused');
    expect(parseBackendChoice('wasm')).toBe('wasm');
    for (const bad of [null, '', 'FUSED', 'fused ', '<script>', 'x'.repeat(10_000)]) {
      expect(parseEngineChoice(bad)).toBeNull();
      expect(parseBackendChoice(bad)).toBeNull();
    }
  });

  it('runs that ask for what only the CPU engines do never go to TensorFlow.js', () => {
    const plain = { hidden: [10], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1 } as const;
    expect(cpuOnly(plain)).toBe(false);
    expect(cpuOnly({ ...plain, inputRotation: 0, weightDecay: 0 })).toBe(false);
    expect(cpuOnly({ ...plain, adam: { amsgrad: true } })).toBe(true);
    expect(cpuOnly({ ...plain, adam: { floor: 1e-3 } })).toBe(true);
    expect(cpuOnly({ ...plain, weightDecay: 1e-4 })).toBe(true);
    expect(cpuOnly({ ...plain, initScale: 0.25 })).toBe(true);
    expect(cpuOnly({ ...plain, fourier: { count: 16, scale: 3, seed: 1 } })).toBe(true);
  });
});
