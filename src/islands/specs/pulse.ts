/**
 * The pulse figure of chapter 5: a network 2 → n → 1 learning the disc with the optimizer traced
 * step by step, so its loss's spikes line up with what the optimizer did.
 */
import type { FusedSettings } from '../../train/fused.ts';
import type { OptimizerName } from '../../train/trainer.ts';
import { BETA2_CHOICES, PULSE_DEFAULTS, PULSE_NEURONS, PULSE_OPTIMIZERS, RECENT_SPAN, optimizerChoice } from '../../render/pulse.ts';
import { SPEEDS } from '../../worker/protocol.ts';
import type { FigureSpec } from '../live/figure.svelte.ts';
import { lossWords } from '../live/liverun.ts';
import type { Table } from '../live/table.ts';
import { adamEpsilon, discRun, speedSetting } from './common.ts';

export interface PulseValues {
  neurons: number;
  optimizer: OptimizerName;
  learningRate: number;
  beta2: number;
  epsilon: number;
  /** AMSGrad: Adam dividing by the largest √v̂ seen so far, which can never shrink. */
  amsgrad: boolean;
  /** Show only the run's last RECENT_SPAN steps (the charts only; training goes on). */
  recent: boolean;
  speed: number;
}

/** The worker also draws what the network predicts; nothing here shows it, so it stays tiny. */
const DISPLAY_SIZE = 8;

export const pulseTable: Table<PulseValues> = {
  neurons: { kind: 'choice', label: 'Neurons', code: 'n', effect: 'restart', choices: PULSE_NEURONS, default: PULSE_DEFAULTS.neurons },
  optimizer: {
    kind: 'choice',
    label: 'Optimizer',
    code: 'o',
    effect: 'restart',
    choices: PULSE_OPTIMIZERS.map((o) => o.id),
    default: PULSE_DEFAULTS.optimizer,
    format: (o) => optimizerChoice(o).label,
    // Rates mean different things to different optimizers: each starts at its own.
    resets: ['learningRate'],
  },
  learningRate: { kind: 'choice', label: 'Learning rate', code: 'r', effect: 'restart', choices: (v) => optimizerChoice(v.optimizer).rates, default: (v) => optimizerChoice(v.optimizer).rate },
  beta2: { kind: 'choice', label: 'β2', code: 'b', effect: 'restart', choices: BETA2_CHOICES, default: PULSE_DEFAULTS.beta2, group: 'Adam only', when: (v) => v.optimizer === 'adam' },
  epsilon: adamEpsilon(),
  amsgrad: {
    kind: 'toggle',
    label: 'AMSGrad',
    code: 'm',
    effect: 'restart',
    default: false,
    title: 'Divide each step by the largest √v̂ seen so far, which can never shrink, instead of by √v̂ itself',
    group: 'Adam only',
    when: (v) => v.optimizer === 'adam',
  },
  recent: {
    kind: 'choice',
    label: 'Show',
    code: 'w',
    effect: 'view',
    choices: [false, true],
    default: false,
    option: 'view',
    format: (r) => (r ? `the last ${RECENT_SPAN.toLocaleString('en')} steps` : 'the whole run'),
  },
  // Pulses come every hundred steps or so, after several hundred: full speed by default.
  speed: speedSetting(SPEEDS.length - 1),
};

export const pulseSpec: FigureSpec<PulseValues> = {
  kind: 'pulse',
  table: pulseTable,
  steps: 10,
  lab: (v) => ({ hidden: String(v.neurons), optimizer: v.optimizer, learningRate: v.learningRate, beta2: v.beta2, epsilon: v.epsilon }),
  seedField: true,
  // Out of view the run pauses, but its worker is never ended to be resumed later: a resumed run
  // starts its optimizer afresh, and Adam's first steps after that would make a surge of their own
  // in the very curve this figure measures.
  idleMs: null,
  request(v, seed) {
    const settings: FusedSettings = {
      hidden: [v.neurons],
      optimizer: v.optimizer,
      learningRate: v.learningRate,
      batchSize: 0,
      seed,
      ...(v.optimizer === 'adam' ? { adam: { beta2: v.beta2, epsilon: v.epsilon, ...(v.amsgrad ? { amsgrad: true } : {}) } } : {}),
    };
    return discRun(settings, DISPLAY_SIZE, { trace: true });
  },
  divergedText: (s, v) =>
    `Training diverged at step ${s.step}: the loss ${lossWords(s.loss)}. A learning rate of ${v.learningRate} is too large for ${optimizerChoice(v.optimizer).label} here: each step overshoots further than the last and the weights blow up. Reset to start again, or pick a smaller rate.`,
};
