/**
 * What the live figures' specs share: the speed setting, and a run on the essay's disc.
 */
import { GRID_SIZE } from '../../core/targets.ts';
import type { FusedSettings } from '../../train/fused.ts';
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

/** A run of the fused engine on the disc at the essay's grid, drawing displaySize × displaySize pictures. */
export function discRun(settings: FusedSettings, displaySize: number, extra: Partial<RunRequest> = {}): RunRequest {
  return { settings, target: { kind: 'named', name: 'circle' }, trainSize: GRID_SIZE, displaySize, backend: 'auto', engine: 'fused', ...extra };
}
