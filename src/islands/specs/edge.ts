/**
 * The soft-edge figure of chapter 5: how wide the disc's rim is as the network draws it, while
 * the width, the rate or the weight decay changes.
 */
import { superscript } from '../../render/axis.ts';
import { PICTURE_SIZE } from '../../render/edge.ts';
import { SPEEDS } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { discRun, speedSetting } from './common.ts';

export interface EdgeValues {
  neurons: number;
  learningRate: number;
  /** L2 weight decay λ (on the weights, not the biases). */
  weightDecay: number;
  speed: number;
}

/** 1e-4 as "10⁻⁴", 0 as "none". */
export const decayLabel = (d: number): string => (d === 0 ? 'none' : `10${superscript(Math.round(Math.log10(d)))}`);

export const edgeTable: Table<EdgeValues> = {
  neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: [10, 30, 100, 500, 2000], default: 500 },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: [0.001, 0.003, 0.01, 0.03], default: 0.003 },
  weightDecay: { kind: 'choice', label: 'Weight decay', code: 'w', effect: 'restart', choices: [0, 1e-5, 1e-4, 1e-3], default: 0, format: decayLabel },
  speed: speedSetting(SPEEDS.length - 1),
};

export const edgeSpec: FigureSpec<EdgeValues> = {
  kind: 'edge',
  table: edgeTable,
  steps: 10,
  lab: (v) => ({ hidden: String(v.neurons), learningRate: v.learningRate, weightDecay: v.weightDecay }),
  request: (v, seed) =>
    discRun({ hidden: [v.neurons], optimizer: 'adam', learningRate: v.learningRate, batchSize: 0, seed, ...(v.weightDecay > 0 ? { weightDecay: v.weightDecay } : {}) }, PICTURE_SIZE),
};
