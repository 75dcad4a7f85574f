/**
 * The soft-edge figure of chapter 5: how wide the disc's rim is as the network draws it, while
 * the width, the rate or the weight decay changes, or the network sees Fourier features of the
 * plane instead of (x, y) (the soft-edge study's test of the cause, src/experiments/edgecauses.ts).
 */
import { superscript } from '../../render/axis.ts';
import { PICTURE_SIZE } from '../../render/edge.ts';
import { SPEEDS } from '../../worker/protocol.ts';
import type { FusedSettings } from '../../train/fused.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { discRun, speedSetting } from './common.ts';

export interface EdgeValues {
  /** The scale σ of the Fourier features the network sees instead of (x, y); 0 for (x, y) itself. */
  fourier: number;
  neurons: number;
  learningRate: number;
  /** L2 weight decay λ (on the weights, not the biases). */
  weightDecay: number;
  speed: number;
}

/**
 * Fourier features as in the soft-edge study: this many random frequency vectors (so 2·count
 * inputs), drawn from the run's seed, at one of these scales.
 */
export const EDGE_FOURIER = { count: 16, scales: [1, 3, 10] } as const;
/**
 * Widths offered on Fourier features: each neuron then reads 2·count inputs instead of two, on the
 * engine's general path (its grid shortcut needs the plane itself), and each 256×256 picture costs
 * about five training steps, so the widest layers would crawl; the study's network has 100 neurons.
 */
const FOURIER_NEURONS = [10, 30, 100];
const PLANE_NEURONS = [10, 30, 100, 500, 2000];

/** 0 as "(x, y)", σ as "Fourier features, σ = 3". */
export const inputsLabel = (sigma: number): string => (sigma === 0 ? '(x, y)' : `Fourier features, σ = ${sigma}`);

/** The fused engine's settings for the figure's values. */
export function edgeSettings(v: EdgeValues, seed: number): FusedSettings {
  return {
    hidden: [v.neurons],
    optimizer: 'adam',
    learningRate: v.learningRate,
    batchSize: 0,
    seed,
    ...(v.weightDecay > 0 ? { weightDecay: v.weightDecay } : {}),
    ...(v.fourier > 0 ? { fourier: { count: EDGE_FOURIER.count, scale: v.fourier, seed } } : {}),
  };
}

/** 1e-4 as "10⁻⁴", 0 as "none". */
export const decayLabel = (d: number): string => (d === 0 ? 'none' : `10${superscript(Math.round(Math.log10(d)))}`);

export const edgeTable: Table<EdgeValues> = {
  // First: the widths offered depend on it.
  fourier: {
    kind: 'choice',
    label: 'Inputs',
    code: 'f',
    effect: 'restart',
    choices: [0, ...EDGE_FOURIER.scales],
    default: 0,
    format: inputsLabel,
    title: `What the neurons see: the point (x, y) itself, or cos and sin of 2π·b·(x, y) for ${EDGE_FOURIER.count} random frequency vectors b drawn with standard deviation σ (Fourier features)`,
  },
  neurons: {
    kind: 'choice',
    label: 'Neurons',
    code: 'n',
    effect: 'restart',
    choices: (v) => (v.fourier > 0 ? FOURIER_NEURONS : PLANE_NEURONS),
    default: (v) => (v.fourier > 0 ? 100 : 500),
  },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: [0.001, 0.003, 0.01, 0.03], default: 0.003 },
  weightDecay: { kind: 'choice', label: 'Weight decay', code: 'w', effect: 'restart', choices: [0, 1e-5, 1e-4, 1e-3], default: 0, format: decayLabel },
  speed: speedSetting(SPEEDS.length - 1),
};

export const edgeSpec: FigureSpec<EdgeValues> = {
  kind: 'edge',
  table: edgeTable,
  steps: 10,
  lab: (v) => ({ hidden: String(v.neurons), learningRate: v.learningRate, weightDecay: v.weightDecay }),
  request: (v, seed) => discRun(edgeSettings(v, seed), PICTURE_SIZE),
};
