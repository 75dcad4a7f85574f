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
  /**
   * Spikes peaking before this step are left out of the result (they are still found, so ringing
   * after one of them is merged into it and not counted either). Default 0.
   */
  readonly warmup?: number;
}

/**
 * How the chapter on the pulse tells spikes, in its experiments and in its live figure alike: a rise
 * of 30 % above the trough starts one, it is over once back within 15 %, ringing that follows
 * within 20 steps belongs to it, and spikes peaking in the first `warmup` steps (the first plunge
 * of the loss, which can overshoot) are left out.
 */
export const PULSE_DETECTOR = { threshold: 0.3, recovery: 0.5, mergeGap: 20, warmup: 200 } as const satisfies Required<SpikeOptions>;

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
  const detector = new SpikeDetector(options);
  for (let t = 0; t < loss.length; t++) detector.push(loss[t]!);
  return detector.spikes();
}

interface OpenSpike {
  start: number;
  peak: number;
  trough: number;
  peakLoss: number;
}

/**
 * The same reading of a curve, one value at a time, for a curve that is still growing (a live
 * training run). After any number of pushes, `spikes()` is what findSpikes gives for the values
 * pushed so far. With `keep`, only that many of the latest finished spikes are remembered (the
 * memory stays bounded on a long run); `count` still counts them all.
 */
export class SpikeDetector {
  private readonly rise: number;
  private readonly back: number;
  private readonly mergeGap: number;
  private readonly warmup: number;
  private readonly keep: number;
  private readonly closed: Spike[] = [];
  /** Spikes dropped to save memory, not counting those inside the warm-up. */
  private forgotten = 0;
  /** Values pushed, including any after the curve stopped being finite. */
  private length = 0;
  private stopped = false;
  private trough = NaN;
  /** Last step within the recovery level of the trough. */
  private calm = 0;
  private open: OpenSpike | null = null;

  constructor(options: SpikeOptions = {}, keep = Infinity) {
    const threshold = options.threshold ?? 0.3;
    const recovery = options.recovery ?? 0.5;
    if (!(threshold > 0) || !(recovery >= 0 && recovery < 1)) throw new Error('findSpikes: need threshold > 0 and 0 ≤ recovery < 1');
    if (!(keep >= 1)) throw new Error('SpikeDetector: need keep ≥ 1');
    this.rise = 1 + threshold;
    this.back = 1 + recovery * threshold;
    this.mergeGap = options.mergeGap ?? 0;
    this.warmup = options.warmup ?? 0;
    this.keep = keep;
  }

  /** Reads the loss of the next step. Past the first value that is not finite, nothing more is read. */
  push(x: number): void {
    const t = this.length++;
    if (this.stopped) return;
    if (!Number.isFinite(x)) {
      this.stopped = true;
      return;
    }
    if (t === 0) {
      this.trough = x;
      return;
    }
    const open = this.open;
    if (open) {
      if (x > open.peakLoss) {
        open.peak = t;
        open.peakLoss = x;
      }
      if (x <= open.trough * this.back) {
        this.finish(close(open, t, true));
        this.open = null;
        this.trough = x;
        this.calm = t;
      }
      return;
    }
    if (x < this.trough) this.trough = x;
    if (x <= this.trough * this.back) this.calm = t;
    else if (x > this.trough * this.rise) {
      const last = this.closed[this.closed.length - 1];
      if (last && this.calm - last.end <= this.mergeGap) {
        // Too soon after the previous spike: reopen it.
        this.closed.pop();
        const reopened = { start: last.start, peak: last.peak, trough: last.trough, peakLoss: last.peakLoss };
        if (x > reopened.peakLoss) {
          reopened.peak = t;
          reopened.peakLoss = x;
        }
        this.open = reopened;
      } else {
        this.open = { start: this.calm, peak: t, trough: this.trough, peakLoss: x };
      }
    }
  }

  /**
   * Spikes found so far past the warm-up (the latest `keep` finished ones), and the one under way,
   * if any, as not recovered.
   */
  spikes(): Spike[] {
    const out = this.closed.slice(this.early());
    if (this.open && this.open.peak >= this.warmup) out.push(close(this.open, this.length - 1, false));
    return out;
  }

  /** Every spike found so far past the warm-up, forgotten ones and the one under way included. */
  get count(): number {
    return this.forgotten + this.closed.length - this.early() + (this.open && this.open.peak >= this.warmup ? 1 : 0);
  }

  /** Finished spikes at the start of the list that peak inside the warm-up. */
  private early(): number {
    let k = 0;
    while (k < this.closed.length && this.closed[k]!.peak < this.warmup) k++;
    return k;
  }

  /** Values read so far. */
  get steps(): number {
    return this.length;
  }

  private finish(spike: Spike): void {
    this.closed.push(spike);
    // Trimmed in batches, so a long run does not shift the array at every spike.
    if (this.closed.length >= 2 * this.keep) {
      const drop = this.closed.length - this.keep;
      this.forgotten += drop - Math.min(drop, this.early());
      this.closed.splice(0, drop);
    }
  }
}

function close(open: OpenSpike, end: number, recovered: boolean): Spike {
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
