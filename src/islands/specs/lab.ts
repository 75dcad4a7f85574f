/**
 * The lab: one live figure with every setting the chapters use. Its table is also the format of
 * the "Open in the lab" links every chapter figure offers (`labLink`), so a figure's settings and
 * seed arrive in the lab as they were.
 */
import { GRID_SIZE, type TargetName } from '../../core/targets.ts';
import { CLASS_TARGETS, type ClassTargetName } from '../../core/classes.ts';
import { classShades } from '../../core/labtargets.ts';
import { crossEntropy } from '../../core/loss.ts';
import { type Sampling, sampleCount } from '../../core/samples.ts';
import { OPTIMIZERS, OPTIMIZER_LABELS, type OptimizerName } from '../../train/trainer.ts';
import { BETA2_CHOICES, PULSE_DEFAULTS } from '../../render/pulse.ts';
import { PICTURES, PICTURE_DISPLAY_SIZE, type LoadedPicture } from '../../pictures.ts';
import type { RunRequest } from '../../worker/protocol.ts';
import { PARTITION_MAX_REGIONS } from '../../deep.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import { type Table, defaults, encode } from '../live/table.ts';
import { decayLabel } from './edge.ts';
import { adamEpsilon, speedSetting } from './common.ts';

export type LabTarget = TargetName | 'astronaut' | 'camera' | 'own' | 'disc-classes' | 'spirals' | 'cells';
export type Folds = 'creases' | 'partition' | 'boundaries' | 'none';
/** Squared error (one output), or softmax cross-entropy (one output per class). */
export type LabLoss = 'mse' | 'ce';

export interface LabValues {
  target: LabTarget;
  /** Cross-entropy only where the target has classes. */
  lossFunction: LabLoss;
  /** Hidden layer widths, "16-16-8". */
  hidden: string;
  optimizer: OptimizerName;
  learningRate: number;
  beta2: number;
  epsilon: number;
  /** Points per step; 0: all of them. */
  batchSize: number;
  initScale: number;
  weightDecay: number;
  /** Side of the grid of training points (drawn targets; pictures are learnt at their own size). */
  grid: number;
  /** Training points: 0 for the grid, else that many pixels drawn at random, the rest a test set. */
  randomPoints: number;
  folds: Folds;
  errorMap: boolean;
  paper: boolean;
  curve: boolean;
  speed: number;
}

/** Limits of the network the lab trains. */
export const LAB_LIMITS = { layers: 32, single: 2000, deep: 128, total: 2000 } as const;
export const LAB_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
export const LAB_BATCHES = [0, 32, 64, 128, 256, 1024] as const;
export const LAB_GRIDS = [16, 32, 64] as const;
export const LAB_SCALES = [0.25, 0.5, 1, 2, 4] as const;
export const LAB_DECAYS = [0, 1e-5, 1e-4, 1e-3] as const;
/** Random training points offered (0: the whole grid), as in the chapter between the samples. */
export const LAB_POINTS = [0, 312, 625, 1250, 2500, 5000] as const;
/** Side of the picture a run on random points samples and is tested on (its prediction's size). */
export const LAB_SAMPLED_SIZE = PICTURE_DISPLAY_SIZE;

const TARGET_LABELS: Record<LabTarget, string> = {
  circle: 'disc',
  ring: 'ring',
  astronaut: 'astronaut (photograph)',
  camera: 'camera man (photograph)',
  own: 'your own picture…',
  'disc-classes': 'disc, as 2 classes',
  spirals: 'spirals, 3 classes',
  cells: 'cells, 5 classes',
};
const PICTURE_TARGETS = new Set<LabTarget>(['astronaut', 'camera', 'own']);
export const isPicture = (t: LabTarget): t is 'astronaut' | 'camera' | 'own' => PICTURE_TARGETS.has(t);
export const pictureOf = (t: LabTarget) => PICTURES.find((p) => p.id === t) ?? null;
const CLASS_OF: Partial<Record<LabTarget, ClassTargetName>> = { 'disc-classes': 'disc', spirals: 'spirals', cells: 'cells' };
/** The class target a lab target is, or null for a picture of brightness. */
export const classOf = (t: LabTarget): ClassTargetName | null => CLASS_OF[t] ?? null;
/** Whether the run is a classifier: K outputs and cross-entropy. */
export const usesClasses = (v: Pick<LabValues, 'target' | 'lossFunction'>): boolean => v.lossFunction === 'ce' && classOf(v.target) !== null;
/** Whether these settings train on random points (drawn targets only) with the rest held out. */
export const usesPoints = (v: Pick<LabValues, 'target' | 'randomPoints'>): boolean => v.randomPoints > 0 && (v.target === 'circle' || v.target === 'ring');
/** The random points of these settings and seed. */
export const samplingOf = (v: Pick<LabValues, 'randomPoints'>, seed: number): Sampling => ({ kind: 'random', count: v.randomPoints, seed });
/** Training points of a run: the random ones, the grid, or the picture's pixels. */
export function pointCount(v: LabValues, seed: number, pictureSize: number | null): number {
  if (usesPoints(v)) return sampleCount(samplingOf(v, seed));
  const side = isPicture(v.target) && pictureSize ? pictureSize : v.grid;
  return side * side;
}
/** What the loss setting says. */
export const LOSS_LABELS: Record<LabLoss, string> = { mse: 'squared error', ce: 'cross-entropy (softmax)' };

/** "16, 16, 8" (or "16 16 8", "16-16-8", "16×16×8") as "16-16-8"; anything else kept as typed. */
export function parseWidths(input: string): string {
  const parts = input.trim().split(/\s*[,;×x\-\s]\s*/i).filter(Boolean);
  return parts.every((p) => /^\d+$/.test(p)) && parts.length ? parts.map((p) => String(Number(p))).join('-') : input.trim();
}

/** Why a list of widths is refused, or null. */
export function checkWidths(text: string): string | null {
  const { layers, single, deep, total } = LAB_LIMITS;
  if (!/^\d+(-\d+)*$/.test(text)) return `Give the widths of the hidden layers as whole numbers separated by commas, such as “16, 16, 8”.`;
  const widths = text.split('-').map(Number);
  if (widths.length > layers) return `At most ${layers} hidden layers here (you gave ${widths.length}).`;
  if (widths.some((w) => w < 1)) return 'Every layer needs at least one neuron.';
  if (widths.length === 1 && widths[0]! > single) return `A single layer can have up to ${single.toLocaleString('en')} neurons here.`;
  if (widths.length > 1 && widths.some((w) => w > deep)) return `With two or more layers, each can have up to ${deep} neurons here.`;
  const sum = widths.reduce((s, w) => s + w, 0);
  if (sum > total) return `At most ${total.toLocaleString('en')} neurons in all (you gave ${sum.toLocaleString('en')}).`;
  return null;
}

export const widthsOf = (text: string): number[] => text.split('-').map(Number);
export const formatWidths = (text: string): string => text.split('-').join(', ');

export const labTable: Table<LabValues> = {
  target: {
    kind: 'choice',
    label: 'Target',
    code: 't',
    effect: 'view',
    choices: ['circle', 'ring', 'astronaut', 'camera', 'own', 'disc-classes', 'spirals', 'cells'],
    default: 'circle',
    format: (t) => TARGET_LABELS[t],
    // Each target starts with its own loss: cross-entropy for classes, squared error otherwise.
    resets: ['lossFunction'],
  },
  lossFunction: {
    kind: 'choice',
    label: 'Loss',
    code: 'l',
    effect: 'restart',
    // Cross-entropy needs classes: pictures of brightness offer squared error alone.
    choices: (v) => (classOf(v.target) ? ['ce', 'mse'] : ['mse']),
    default: (v) => (classOf(v.target) ? 'ce' : 'mse'),
    format: (l) => LOSS_LABELS[l],
    title: 'Squared error: one output, a brightness per point (a class target is drawn as shades of gray). Cross-entropy: one output per class, through a softmax; it needs a target with classes.',
  },
  hidden: {
    kind: 'text',
    label: 'Hidden layers',
    code: 'h',
    effect: 'restart',
    default: '10',
    check: checkWidths,
    parse: parseWidths,
    format: formatWidths,
    hint: `Neurons per layer, e.g. 16, 16, 8: up to ${LAB_LIMITS.layers} layers; one layer of up to ${LAB_LIMITS.single.toLocaleString('en')}, or up to ${LAB_LIMITS.deep} each; ${LAB_LIMITS.total.toLocaleString('en')} in all.`,
  },
  optimizer: { kind: 'choice', label: 'Optimizer', code: 'o', effect: 'restart', choices: OPTIMIZERS, default: 'adam', format: (o) => OPTIMIZER_LABELS[o] },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: LAB_RATES, default: 0.01 },
  beta2: { kind: 'choice', label: 'β2', code: 'q', effect: 'restart', choices: BETA2_CHOICES, default: PULSE_DEFAULTS.beta2, group: 'Adam only', when: (v) => v.optimizer === 'adam' },
  epsilon: adamEpsilon(),
  batchSize: { kind: 'choice', label: 'Batch', code: 'b', effect: 'restart', choices: LAB_BATCHES, default: 0, format: (b) => (b === 0 ? 'all points' : `${b} points`) },
  initScale: { kind: 'choice', label: 'Initial scale', code: 'i', effect: 'restart', choices: LAB_SCALES, default: 1, format: (s) => `× ${s}` },
  weightDecay: { kind: 'choice', label: 'Weight decay', code: 'w', effect: 'restart', choices: LAB_DECAYS, default: 0, format: decayLabel },
  grid: {
    kind: 'choice',
    label: 'Training grid',
    code: 'g',
    effect: 'restart',
    choices: LAB_GRIDS,
    default: GRID_SIZE,
    format: (g) => `${g} × ${g}`,
    when: (v) => !isPicture(v.target) && !usesPoints(v),
    title: 'The points the network learns from: a grid over the square. Photographs are learnt at their own size.',
  },
  randomPoints: {
    kind: 'choice',
    label: 'Training points',
    code: 'n',
    effect: 'restart',
    choices: LAB_POINTS,
    default: 0,
    format: (n) => (n === 0 ? 'the whole grid' : `${n.toLocaleString('en')} at random`),
    when: (v) => v.target === 'circle' || v.target === 'ring',
    title: `The whole training grid, or a few pixels of the ${LAB_SAMPLED_SIZE} × ${LAB_SAMPLED_SIZE} picture drawn at random from the seed; every other pixel is then a test set.`,
  },
  folds: {
    kind: 'choice',
    label: 'Folds',
    code: 'f',
    effect: 'view',
    // A classifier's partition has one map per class: its exact decision boundaries are shown instead.
    choices: (v) => {
      const one = widthsOf(v.hidden).length === 1;
      if (usesClasses(v)) return one ? ['creases', 'boundaries', 'none'] : ['boundaries', 'none'];
      return one ? ['creases', 'partition', 'none'] : ['partition', 'none'];
    },
    default: (v) => (widthsOf(v.hidden).length === 1 ? 'creases' : usesClasses(v) ? 'boundaries' : 'partition'),
    format: (f) => (f === 'creases' ? 'creases' : f === 'partition' ? 'exact partition' : f === 'boundaries' ? 'decision boundaries' : 'none'),
  },
  errorMap: { kind: 'toggle', label: 'Error map', code: 'm', effect: 'view', default: false, option: 'error-map', when: (v) => !usesClasses(v) },
  paper: { kind: 'toggle', label: 'Paper', code: 'p', effect: 'view', default: false, when: (v) => !usesClasses(v) },
  curve: { kind: 'toggle', label: 'Loss curve', code: 'c', effect: 'view', default: true },
  speed: speedSetting(1),
};

export const LAB_DEFAULTS: LabValues = defaults(labTable);
export const LAB_SEED = 1;
/** Side of the prediction the lab draws. */
export const LAB_DISPLAY = PICTURE_DISPLAY_SIZE;

export interface LabContext {
  /** The photograph being learnt, once loaded (null before, and for drawn targets). */
  picture(): LoadedPicture | null;
}

export function labSpec(context: LabContext): FigureSpec<LabValues> {
  return {
    kind: 'lab',
    table: labTable,
    steps: 10,
    seedField: true,
    request(v, seed): RunRequest {
      const picture = isPicture(v.target) ? context.picture() : null;
      const hidden = widthsOf(v.hidden);
      const named = classOf(v.target);
      const classes = usesClasses(v) && named ? named : null;
      const sampled = usesPoints(v) && (v.target === 'circle' || v.target === 'ring') ? v.target : null;
      const target: RunRequest['target'] = picture
        ? { kind: 'pixels', pixels: picture.train }
        : classes
          ? { kind: 'classes', name: classes }
          : named
            ? { kind: 'pixels', pixels: classShades(named, v.grid) }
            : sampled
              ? { kind: 'samples', name: sampled, sampling: samplingOf(v, seed) }
              : { kind: 'named', name: v.target === 'ring' ? 'ring' : 'circle' };
      return {
        settings: {
          hidden,
          optimizer: v.optimizer,
          learningRate: v.learningRate,
          batchSize: v.batchSize,
          seed,
          ...(v.optimizer === 'adam' ? { adam: { beta2: v.beta2, epsilon: v.epsilon } } : {}),
          ...(v.initScale !== 1 ? { initScale: v.initScale } : {}),
          ...(v.weightDecay > 0 ? { weightDecay: v.weightDecay } : {}),
          ...(classes ? { loss: crossEntropy(CLASS_TARGETS[classes].classes) } : {}),
        },
        target,
        // A run on random points is drawn, scored and sampled at one size (its pixels are the test set).
        trainSize: picture ? picture.size : sampled ? LAB_SAMPLED_SIZE : v.grid,
        displaySize: LAB_DISPLAY,
        backend: 'auto',
        engine: 'auto',
        ...(v.folds === 'partition' && !classes ? { regions: { maxRegions: PARTITION_MAX_REGIONS } } : {}),
      };
    },
  };
}

/** The lab's link text for these settings (the kit's format, relative to the lab's defaults). */
export function labState(values: Partial<LabValues>, seed: number): string {
  const all = defaults(labTable, values);
  return encode(labTable, all, seed, LAB_DEFAULTS, LAB_SEED);
}

/** The query key of the lab's figure. */
export const LAB_ID = 'lab';
