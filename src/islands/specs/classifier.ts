/**
 * The classifier figure of the categories chapter: a network with one output per class, trained
 * with softmax cross-entropy on the disc (two classes), three interleaved spirals or five cells.
 */
import { CLASS_TARGETS, type ClassTargetName } from '../../core/classes.ts';
import { GRID_SIZE } from '../../core/targets.ts';
import { crossEntropy } from '../../core/loss.ts';
import { SPEEDS } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { speedSetting } from './common.ts';

export interface ClassifierValues {
  target: ClassTargetName;
  neurons: number;
  learningRate: number;
  speed: number;
}

/** Side of the decision map the worker draws. */
export const MAP_SIZE = 128;

const TARGET_LABELS: Record<ClassTargetName, string> = { disc: 'disc (2 classes)', spirals: 'spirals (3)', cells: 'cells (5)' };

export const classifierTable: Table<ClassifierValues> = {
  target: {
    kind: 'choice',
    label: 'Classes',
    code: 't',
    effect: 'restart',
    choices: Object.keys(CLASS_TARGETS) as ClassTargetName[],
    default: 'disc',
    format: (t) => TARGET_LABELS[t],
  },
  neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: [10, 50, 200, 500], default: 50 },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: [0.001, 0.003, 0.01, 0.03], default: 0.01 },
  speed: speedSetting(SPEEDS.length - 1),
};

export const classifierSpec: FigureSpec<ClassifierValues> = {
  kind: 'classifier',
  table: classifierTable,
  steps: 10,
  request: (v, seed) => ({
    settings: { hidden: [v.neurons], optimizer: 'adam', learningRate: v.learningRate, batchSize: 0, seed, loss: crossEntropy(CLASS_TARGETS[v.target].classes) },
    target: { kind: 'classes', name: v.target },
    trainSize: GRID_SIZE,
    displaySize: MAP_SIZE,
    backend: 'auto',
    engine: 'auto',
  }),
};
