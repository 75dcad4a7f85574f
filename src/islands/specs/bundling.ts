/**
 * The bundling figure of chapter 5: a wide layer started at a fraction of its usual scale, whose
 * creases gather into bundles as it learns the disc.
 */
import { SPEEDS } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import { lossWords } from '../live/liverun.ts';
import type { Table } from '../live/table.ts';
import { discRun, speedSetting } from './common.ts';

export interface BundlingValues {
  neurons: number;
  /** Factor on the first layer's initial weights and biases. */
  initScale: number;
  speed: number;
}

/** The bundling study's rate. */
export const BUNDLING_RATE = 0.003;
/** Side of the picture the figure draws. */
export const BUNDLING_PICTURE = 128;

export const bundlingTable: Table<BundlingValues> = {
  neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: [100, 500], default: 500 },
  initScale: { kind: 'choice', label: 'Initial scale', code: 'i', effect: 'restart', choices: [0.25, 0.5, 1, 2, 4], default: 0.25, format: (s) => `× ${s}` },
  speed: speedSetting(SPEEDS.length - 1),
};

export const bundlingSpec: FigureSpec<BundlingValues> = {
  kind: 'bundling',
  table: bundlingTable,
  steps: 10,
  lab: (v) => ({ hidden: String(v.neurons), learningRate: BUNDLING_RATE, initScale: v.initScale }),
  request: (v, seed) => discRun({ hidden: [v.neurons], optimizer: 'adam', learningRate: BUNDLING_RATE, batchSize: 0, seed, initScale: v.initScale }, BUNDLING_PICTURE),
  divergedText: (s) =>
    `Training diverged at step ${s.step}: the loss ${lossWords(s.loss)}. The steps overshoot and the weights blow up; a smaller initial scale or another seed may train. Reset to start again.`,
};
