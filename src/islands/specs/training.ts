/**
 * The training figure of chapters 3 and 4 (and of the portrait): a network 2 → n → 1 learning the
 * disc, or a picture, on its grid, with the creases drawn over what it draws.
 */
import { GRID_SIZE, type TargetName } from '../../core/targets.ts';
import { OPTIMIZERS, OPTIMIZER_LABELS, type OptimizerName } from '../../train/trainer.ts';
import { PICTURES, PICTURE_DISPLAY_SIZE, type LoadedPicture, type PicturePreset } from '../../pictures.ts';
import { type EngineChoice, type EngineReport, type RunRequest, parseBackendChoice, parseEngineChoice } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import type { Table } from '../live/table.ts';
import { ENGINE_CHOICE_WORDS } from '../live/words.ts';
import { speedSetting } from './common.ts';

export interface TrainingValues {
  neurons: number;
  optimizer: OptimizerName;
  learningRate: number;
  engine: EngineChoice;
  speed: number;
  creases: boolean;
  errorMap: boolean;
  paper: boolean;
  picture: PicturePreset['id'];
}

export const NEURON_CHOICES = [10, 50, 500] as const;
export const RATES = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1, 10] as const;

export interface TrainingContext {
  readonly target: TargetName;
  /** The picture learnt instead of the target (the portrait), or null. */
  picture(): LoadedPicture | null;
  /** Offer the "paper" rendering and the picture presets (the portrait). */
  readonly portrait: boolean;
}

export function trainingTable(portrait: boolean): Table<TrainingValues> {
  return {
    neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: NEURON_CHOICES, default: 10 },
    optimizer: { kind: 'choice', label: 'Optimizer', code: 'o', effect: 'restart', choices: OPTIMIZERS, default: 'adam', format: (o) => OPTIMIZER_LABELS[o] },
    learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: RATES, default: 0.01 },
    engine: {
      kind: 'choice',
      label: 'Engine',
      code: 'e',
      effect: 'restart',
      choices: ['auto', 'fused', 'tfjs'],
      default: 'auto',
      format: (e) => ENGINE_CHOICE_WORDS[e],
      title: 'What trains the network: the essay’s own loop on the processor, or the TensorFlow.js library (which can use a graphics card). Both follow the same run from the same seed.',
    },
    // The portrait needs thousands of steps before a face shows: it starts at full speed.
    speed: speedSetting(portrait ? 2 : 1),
    creases: { kind: 'toggle', label: 'Creases', code: 'c', effect: 'view', default: true, when: (v) => !v.paper },
    errorMap: { kind: 'toggle', label: 'Error map', code: 'm', effect: 'view', default: false, option: 'error-map' },
    // The portrait's shading as folded paper (other training figures offer none).
    paper: portrait
      ? { kind: 'toggle', label: 'Paper', code: 'p', effect: 'view', default: false }
      : { kind: 'choice', label: 'Paper', code: 'p', effect: 'view', choices: [false], default: false, control: false },
    // The portrait's picture preset: carried in the link, chosen with the portrait's own buttons.
    picture: { kind: 'choice', label: 'Picture', code: 'i', effect: 'view', choices: portrait ? PICTURES.map((p) => p.id) : [PICTURES[0]!.id], default: PICTURES[0]!.id, control: false },
  };
}

/** The engine a probe picked for this network size, remembered while the tab is open. */
const memoryKey = (neurons: number, size: number): string => `folded-paper:engine:${neurons}:${size}`;
function remembered(neurons: number, size: number): EngineChoice {
  try {
    const v = sessionStorage.getItem(memoryKey(neurons, size));
    return v === 'fused' || v === 'tfjs' ? v : 'auto';
  } catch {
    return 'auto';
  }
}
export function rememberEngine(neurons: number, size: number, engine: EngineReport): void {
  try {
    if (engine.probe) sessionStorage.setItem(memoryKey(neurons, size), engine.kind);
  } catch {
    // No storage (a private window): probe again next time.
  }
}

/** Side of the grid the figure trains on: the picture's, or the essay's grid. */
export const trainSizeOf = (picture: LoadedPicture | null): number => (picture ? picture.size : GRID_SIZE);

export function trainingSpec(context: TrainingContext): FigureSpec<TrainingValues> {
  return {
    kind: 'training',
    table: trainingTable(context.portrait),
    steps: 1,
    lab: (v) => ({
      hidden: String(v.neurons),
      optimizer: v.optimizer,
      learningRate: v.learningRate,
      target: context.portrait ? v.picture : context.target,
      errorMap: v.errorMap,
      paper: v.paper,
    }),
    request(v, seed): RunRequest {
      const picture = context.picture();
      const size = trainSizeOf(picture);
      // Tests and benchmarks name an engine or a backend in the address (?engine=fused&backend=wasm).
      const params = typeof location === 'undefined' ? new URLSearchParams() : new URLSearchParams(location.search);
      const engine = parseEngineChoice(params.get('engine')) ?? (v.engine === 'auto' ? remembered(v.neurons, size) : v.engine);
      return {
        settings: { hidden: [v.neurons], optimizer: v.optimizer, learningRate: v.learningRate, batchSize: 0, seed },
        target: picture ? { kind: 'pixels', pixels: picture.train } : { kind: 'named', name: context.target },
        trainSize: size,
        displaySize: PICTURE_DISPLAY_SIZE,
        backend: parseBackendChoice(params.get('backend')) ?? 'auto',
        engine,
      };
    },
  };
}
