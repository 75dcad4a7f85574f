/**
 * Spikes in a loss curve: places where the loss jumps up for a while and comes back down.
 *
 * The curve is read left to right while remembering its trough, the lowest loss since the last
 * spike ended. A spike starts when the loss climbs more than `threshold` (a fraction) above that
 * trough, and ends once it has fallen back to within `recovery × threshold` of it. The gap between
 * the two levels keeps noise near one level from opening and closing spikes step after step. After
 * a spike the trough starts afresh from where the loss landed, so a curve that settles a little
 * higher than before is not one long spike. Spikes that follow one another within `mergeGap` steps
 * (the ringing after a big surge, say) count as one.
 */
import { median } from './stats.ts';

export interface SpikeOptions {
  /** Rise above the trough, as a fraction of it, that starts a spike. Default 0.3 (30 %). */
  readonly threshold?: number;
  /** The spike is over when the loss is back within recovery × threshold of the trough. Default 0.5. */
  readonly recovery?: number;
  /** A spike starting at most this many steps after the previous one ended joins it. Default 0. */
  readonly mergeGap?: number;
}

export interface Spike {
  /** Last step before the rise at which the loss was still within the recovery level. */
  readonly start: number;
  /** Step of the highest loss. */
  readonly peak: number;
  /** First step back within the recovery level (the last step of the curve if it never got back). */
  readonly end: number;
  /** The trough the spike is measured from, and the loss at its peak. */
  readonly trough: number;
  readonly peakLoss: number;
  /** (peak loss − trough) / trough. */
  readonly height: number;
  /** False when the curve ended (or stopped being finite) before the loss came back down. */
  readonly recovered: boolean;
}

export interface SpikeSummary {
  readonly count: number;
  /** Step of the first spike's peak (null without spikes). */
  readonly first: number | null;
  /** Median number of steps between consecutive peaks (null below two spikes). */
  readonly medianPeriod: number | null;
  /** Median and largest relative height (null without spikes). */
  readonly medianHeight: number | null;
  readonly maxHeight: number | null;
  /** Median length end − start, in steps (null without spikes). */
  readonly medianDuration: number | null;
}

/** The spikes of a loss curve (one value per step), in order. */
export function findSpikes(loss: ArrayLike<number>, options: SpikeOptions = {}): Spike[] {
  const threshold = options.threshold ?? 0.3;
  const recovery = options.recovery ?? 0.5;
  const mergeGap = options.mergeGap ?? 0;
  if (!(threshold > 0) || !(recovery >= 0 && recovery < 1)) throw new Error('findSpikes: need threshold > 0 and 0 ≤ recovery < 1');
  const spikes: Spike[] = [];
  const n = loss.length;
  if (n === 0 || !Number.isFinite(loss[0]!)) return spikes;

  let trough = loss[0]!;
  let calm = 0; // last step within the recovery level of the trough
  let open: { start: number; peak: number; trough: number; peakLoss: number } | null = null;
  const rise = 1 + threshold;
  const back = 1 + recovery * threshold;

  for (let t = 1; t < n; t++) {
    const x = loss[t]!;
    if (!Number.isFinite(x)) break;
    if (open) {
      if (x > open.peakLoss) {
        open.peak = t;
        open.peakLoss = x;
      }
      if (x <= open.trough * back) {
        spikes.push(close(open, t, true));
        open = null;
        trough = x;
        calm = t;
      }
      continue;
    }
    if (x < trough) trough = x;
    if (x <= trough * back) calm = t;
    else if (x > trough * rise) {
      const last = spikes[spikes.length - 1];
      if (last && calm - last.end <= mergeGap) {
        // Too soon after the previous spike: reopen it.
        spikes.pop();
        open = { start: last.start, peak: last.peak, trough: last.trough, peakLoss: last.peakLoss };
        if (x > open.peakLoss) {
          open.peak = t;
          open.peakLoss = x;
        }
      } else {
        open = { start: calm, peak: t, trough, peakLoss: x };
      }
    }
  }
  if (open) spikes.push(close(open, n - 1, false));
  return spikes;
}

function close(open: { start: number; peak: number; trough: number; peakLoss: number }, end: number, recovered: boolean): Spike {
  return { ...open, end, height: (open.peakLoss - open.trough) / open.trough, recovered };
}

/** Count, spacing and size of a list of spikes. */
export function summariseSpikes(spikes: readonly Spike[]): SpikeSummary {
  const count = spikes.length;
  if (count === 0) return { count, first: null, medianPeriod: null, medianHeight: null, maxHeight: null, medianDuration: null };
  const gaps = spikes.slice(1).map((s, k) => s.peak - spikes[k]!.peak);
  const heights = spikes.map((s) => s.height);
  return {
    count,
    first: spikes[0]!.peak,
    medianPeriod: gaps.length ? median(gaps) : null,
    medianHeight: median(heights),
    maxHeight: Math.max(...heights),
    medianDuration: median(spikes.map((s) => s.end - s.start)),
  };
}
