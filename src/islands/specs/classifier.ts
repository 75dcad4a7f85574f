/**
 * The classifier figure of the categories chapter: a network trained with cross-entropy on the disc
 * (two classes), three interleaved spirals or five cells. It has one output per class and a
 * softmax, or, for the disc's two classes, one output and a sigmoid if the reader asks; and it can
 * show one class's logit as a folded sheet beside its decision map.
 */
import { CLASS_TARGETS, type ClassTargetName } from '../../core/classes.ts';
import { GRID_SIZE } from '../../core/targets.ts';
import { type Loss, SIGMOID_CROSS_ENTROPY, crossEntropy } from '../../core/loss.ts';
import { SPEEDS } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { speedSetting } from './common.ts';

/** How the network's outputs become probabilities: one logit per class and a softmax, or (two classes) one logit and a sigmoid. */
export type ClassifierOutput = 'softmax' | 'sigmoid';

/**
 * The sheet shown: none, or a class by its name written for a link, spaces as hyphens ("first-arm");
 * with a sigmoid, the one logit, named by the class it scores.
 */
export const NO_SHEET = 'none';

/** A class's name as a sheet value (link-safe), and back: the words of a sheet value ("first arm"). */
const sheetValue = (name: string): string => name.replace(/ /g, '-');
export const sheetLabel = (value: string): string => value.replace(/-/g, ' ');

export interface ClassifierValues {
  target: ClassTargetName;
  output: ClassifierOutput;
  neurons: number;
  learningRate: number;
  speed: number;
  sheetClass: string;
}

/** Side of the decision map the worker draws. */
export const MAP_SIZE = 128;

const TARGET_LABELS: Record<ClassTargetName, string> = { disc: 'disc (2 classes)', spirals: 'spirals (3)', cells: 'cells (5)' };

/** How the controls and the read-out name each output. */
export const OUTPUT_LABELS: Record<ClassifierOutput, string> = { softmax: 'a logit per class, softmax', sigmoid: 'one logit, sigmoid' };

/** Whether the target has two classes, so that one output with a sigmoid can stand for them. */
const twoClasses = (v: { target: ClassTargetName }): boolean => CLASS_TARGETS[v.target].classes === 2;

/** The output in use: the sigmoid only where it was chosen and there are two classes. */
export function outputOf(v: { target: ClassTargetName; output: ClassifierOutput }): ClassifierOutput {
  return v.output === 'sigmoid' && twoClasses(v) ? 'sigmoid' : 'softmax';
}

/** The loss the figure trains with. */
export function classifierLoss(v: { target: ClassTargetName; output: ClassifierOutput }): Loss {
  return outputOf(v) === 'sigmoid' ? SIGMOID_CROSS_ENTROPY : crossEntropy(CLASS_TARGETS[v.target].classes);
}

/**
 * The classes whose logit can be shown as a sheet: every class with a softmax; with a sigmoid only
 * the class its one logit scores (class 1, "inside"), the other's logit being held at zero.
 */
export function sheetClasses(v: { target: ClassTargetName; output: ClassifierOutput }): readonly string[] {
  const names = CLASS_TARGETS[v.target].names.map(sheetValue);
  return outputOf(v) === 'sigmoid' ? [names[1]!] : names;
}

/** Which of the network's outputs holds the logit of the sheet value `name` (−1: none). */
export function sheetOutput(v: { target: ClassTargetName; output: ClassifierOutput }, name: string): number {
  if (name === NO_SHEET) return -1;
  const at = sheetClasses(v).indexOf(name);
  if (at < 0) return -1;
  return outputOf(v) === 'sigmoid' ? 0 : CLASS_TARGETS[v.target].names.map(sheetValue).indexOf(name);
}

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
  output: {
    kind: 'choice',
    label: 'Output',
    code: 'o',
    effect: 'restart',
    title: 'For two classes: two logits and a softmax, or one logit z and a sigmoid, σ(z) being the probability of "inside"',
    choices: (v) => (twoClasses(v) ? ['softmax', 'sigmoid'] : ['softmax']),
    default: 'softmax',
    format: (o) => OUTPUT_LABELS[o],
    when: twoClasses,
  },
  neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: [10, 50, 200, 500], default: 50 },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: [0.001, 0.003, 0.01, 0.03], default: 0.01 },
  speed: speedSetting(SPEEDS.length - 1),
  sheetClass: {
    kind: 'choice',
    label: 'Sheet of',
    code: 'k',
    effect: 'view',
    title: "Show one class's logit as a folded sheet, lit like paper from the upper left",
    choices: (v) => [NO_SHEET, ...sheetClasses(v)],
    default: NO_SHEET,
    format: (c) => (c === NO_SHEET ? 'no class' : sheetLabel(c)),
  },
};

export const classifierSpec: FigureSpec<ClassifierValues> = {
  kind: 'classifier',
  table: classifierTable,
  steps: 10,
  request: (v, seed) => ({
    settings: { hidden: [v.neurons], optimizer: 'adam', learningRate: v.learningRate, batchSize: 0, seed, loss: classifierLoss(v) },
    target: { kind: 'classes', name: v.target },
    trainSize: GRID_SIZE,
    displaySize: MAP_SIZE,
    backend: 'auto',
    engine: 'auto',
  }),
};
