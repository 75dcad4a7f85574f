/**
 * The figure of the chapter between the samples: a network learns the ring from a few of its
 * pixels, drawn at random or on a coarse grid, and is measured on every other pixel of the picture
 * (src/core/samples.ts). Its networks are post 3's thirty layers of thirty, one wide layer with as
 * many weights, and a small network.
 */
import { type Sampling, sampleCount } from '../../core/samples.ts';
import type { RunRequest } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { speedSetting } from './common.ts';

/** Side of the picture trained on and measured: its pixels are the points and the test set. */
export const SAMPLES_SIZE = 256;

/** The networks offered: hidden widths, and how the choice is worded. */
export const SAMPLE_NETWORKS = {
  // 2 → 30 layers of 30 → 1: 27,091 weights.
  deep: { hidden: Array.from({ length: 30 }, () => 30), label: 'post 3: 30 layers of 30' },
  // One layer of 6,772 has 4 · 6,772 + 1 = 27,089 weights, about as many as the deep network.
  wide: { hidden: [6772], label: 'one layer of 6,772 (as many weights)' },
  small: { hidden: [16, 16], label: 'small: 2 layers of 16' },
} as const;
export type SampleNetwork = keyof typeof SAMPLE_NETWORKS;

/** Training points the slider offers: post 3's 5,000 halved four times. */
export const POINT_CHOICES = [312, 625, 1250, 2500, 5000] as const;

export interface SamplesValues {
  network: SampleNetwork;
  points: number;
  sampling: Sampling['kind'];
  learningRate: number;
  speed: number;
  errorMap: boolean;
}

export const samplesTable: Table<SamplesValues> = {
  network: { kind: 'choice', label: 'Network', code: 'n', effect: 'restart', choices: ['small', 'deep', 'wide'], default: 'small', format: (n) => SAMPLE_NETWORKS[n].label },
  // Set with the figure's own slider.
  points: { kind: 'choice', label: 'Training points', code: 'p', effect: 'restart', choices: POINT_CHOICES, default: 312, control: false },
  sampling: {
    kind: 'choice',
    label: 'Points',
    code: 'g',
    effect: 'restart',
    choices: ['random', 'grid'],
    default: 'random',
    format: (k) => (k === 'random' ? 'at random' : 'on a coarse grid'),
    title: 'Pixels drawn at random (from the seed), or a square grid of about as many, evenly spaced.',
  },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: [0.0003, 0.001, 0.003, 0.01], default: 0.003 },
  speed: speedSetting(2),
  errorMap: { kind: 'toggle', label: 'Test error map', code: 'm', effect: 'view', default: false, option: 'error-map' },
};

/** The sampling these settings and seed ask for: N random pixels, or a grid of about N (side √N rounded). */
export function samplingOf(v: Pick<SamplesValues, 'points' | 'sampling'>, seed: number): Sampling {
  return v.sampling === 'grid' ? { kind: 'grid', side: Math.round(Math.sqrt(v.points)) } : { kind: 'random', count: v.points, seed };
}

/** How many points a setting trains on (a grid's is a square near N). */
export const pointsOf = (v: Pick<SamplesValues, 'points' | 'sampling'>, seed: number): number => sampleCount(samplingOf(v, seed));

export const samplesSpec: FigureSpec<SamplesValues> = {
  kind: 'samples',
  table: samplesTable,
  steps: 10,
  request(v, seed): RunRequest {
    return {
      settings: { hidden: SAMPLE_NETWORKS[v.network].hidden, optimizer: 'adam', learningRate: v.learningRate, batchSize: 0, seed },
      target: { kind: 'samples', name: 'ring', sampling: samplingOf(v, seed) },
      trainSize: SAMPLES_SIZE,
      displaySize: SAMPLES_SIZE,
      backend: 'auto',
      engine: 'auto',
    };
  },
};
