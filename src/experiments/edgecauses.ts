/**
 * The soft edge, put to the test. If the rim stays soft because one layer of straight creases on
 * the raw coordinates learns sharp detail only slowly (spectral bias), then two changes that give a
 * network high frequencies cheaply should sharpen it at equal steps:
 * - depth: three hidden layers of 16 (48 neurons) against one layer of 500, and against one layer
 *   of the same 48 neurons;
 * - Fourier features (Tancik et al. 2020): 100 neurons that see cos and sin of 2π·b·(x, y) for 16
 *   random frequencies b at three scales, against the same 100 neurons on (x, y).
 * The rim is measured as in the soft-edge study (src/experiments/edges.ts): the 10–90 % rise width
 * of the 256 × 256 picture's radial profile, in training pixels, checkpoints put off while a surge
 * lasts.
 */
import type { FusedSettings } from '../train/fused.ts';
import { type Study, timed } from './common.ts';
import { follow } from './edges.ts';

interface Plan {
  readonly depthSteps: readonly number[];
  readonly fourierSteps: readonly number[];
  readonly fourierWidth: number;
  readonly fourierCount: number;
  readonly wide: number;
}
const FULL: Plan = { depthSteps: [1000, 3000, 10000], fourierSteps: [100, 300, 1000], fourierWidth: 100, fourierCount: 16, wide: 500 };
const QUICK: Plan = { depthSteps: [40, 120], fourierSteps: [20, 60], fourierWidth: 20, fourierCount: 4, wide: 100 };

const BASE = { optimizer: 'adam', learningRate: 0.003, seed: 1 } as const;
const SCALES = [1, 3, 10];
const FOURIER_SEED = 1;

type Net = { readonly key: string; readonly label: string; readonly hidden: readonly number[]; readonly fourier?: FusedSettings['fourier'] };

export const edgeCauses: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const measureAll = async (nets: readonly Net[], checkpoints: readonly number[]) => {
      const out = [];
      for (const net of nets) {
        const [points, seconds] = await timed(() => follow({ ...BASE, hidden: net.hidden, ...(net.fourier ? { fourier: net.fourier } : {}) }, checkpoints));
        const last = points[points.length - 1]!;
        log(`${net.label}: ${last.width256?.toFixed(2) ?? 'no'} px, loss ${last.loss.toExponential(2)} after ${last.steps} steps, ${seconds.toFixed(1)} s`);
        out.push({ key: net.key, label: net.label, hidden: net.hidden, ...(net.fourier ? { fourier: net.fourier } : {}), checkpoints: points });
      }
      return out;
    };
    const depth = await measureAll(
      [
        { key: 'wide', label: `one layer of ${plan.wide}`, hidden: [plan.wide] },
        { key: 'shallow', label: 'one layer of 48', hidden: [48] },
        { key: 'deep', label: 'three layers of 16', hidden: [16, 16, 16] },
      ],
      plan.depthSteps,
    );
    const fourier = await measureAll(
      [
        { key: 'raw', label: `${plan.fourierWidth} neurons on (x, y)`, hidden: [plan.fourierWidth] },
        ...SCALES.map((scale) => ({
          key: `scale ${scale}`,
          label: `${plan.fourierWidth} neurons on Fourier features, scale ${scale}`,
          hidden: [plan.fourierWidth],
          fourier: { count: plan.fourierCount, scale, seed: FOURIER_SEED },
        })),
      ],
      plan.fourierSteps,
    );
    return {
      settings: {
        target: 'circle',
        size: 64,
        fineSize: 256,
        ...BASE,
        engine: 'fused',
        batch: 'full',
        depthSteps: plan.depthSteps,
        fourierSteps: plan.fourierSteps,
        fourier: { width: plan.fourierWidth, count: plan.fourierCount, scales: SCALES, seed: FOURIER_SEED, inputs: 2 * plan.fourierCount },
        units: 'training-grid pixels (1/32 of the unit length)',
        measuredAs: 'the soft-edge study’s rise width, checkpoints put off while a surge lasts',
      },
      depth,
      fourier,
    };
  },
};
