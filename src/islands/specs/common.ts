/**
 * What the live figures' specs share: the speed setting, Adam's ε, and a run on the essay's disc.
 */
import { GRID_SIZE } from '../../core/targets.ts';
import { EPSILON_CHOICES, PULSE_DEFAULTS } from '../../render/pulse.ts';
import type { FusedSettings } from '../../train/fused.ts';
import type { OptimizerName } from '../../train/trainer.ts';
import { type RunRequest, SPEEDS } from '../../worker/protocol.ts';
import type { ChoiceSpec } from '../live/table.ts';

/** The speed control (an index into SPEEDS), starting at `start`. */
export function speedSetting<V>(start: number): ChoiceSpec<V, number> {
  return {
    kind: 'choice',
    label: 'Speed',
    code: 'v',
    effect: 'speed',
    choices: SPEEDS.map((_, i) => i),
    default: start,
    format: (i) => SPEEDS[i]?.label ?? String(i),
  };
}

/** Adam's ε, offered (under "Adam only") while the optimizer is Adam. */
export function adamEpsilon<V extends { optimizer: OptimizerName }>(): ChoiceSpec<V, number> {
  return {
    kind: 'choice',
    label: 'ε',
    code: 'e',
    effect: 'restart',
    choices: EPSILON_CHOICES,
    default: PULSE_DEFAULTS.epsilon,
    format: (e) => e.toExponential(0),
    group: 'Adam only',
    when: (v) => v.optimizer === 'adam',
  };
}

/** A run of the fused engine on the disc at the essay's grid, drawing displaySize × displaySize pictures. */
export function discRun(settings: FusedSettings, displaySize: number, extra: Partial<RunRequest> = {}): RunRequest {
  return { settings, target: { kind: 'named', name: 'circle' }, trainSize: GRID_SIZE, displaySize, backend: 'auto', engine: 'fused', ...extra };
}
