/**
 * The record behind every chart of a live figure: a measurement against training step (a loss per
 * step, a count or a ratio per snapshot), kept to a bounded length however long the run goes.
 *
 * Points are (step, value) pairs in step order. Past `max` points the record thins itself evenly
 * along the steps: the steps since the first are cut into buckets of `stride` steps (1, then 2, 4,
 * … as the run grows), and each bucket keeps one point, its highest, at its own step, so a spike
 * survives any amount of thinning; a NaN (a gap, e.g. a count that could not be taken) wins, so gaps
 * survive too. The newest point always stays as it came, so a chart's last point is the latest.
 *
 * `version` changes with every change, so a view that does not watch the arrays deeply (a Svelte
 * figure keeps them out of its reactivity) knows when to redraw.
 */
export class History {
  steps: number[] = [];
  values: number[] = [];
  version = 0;
  /** Steps per bucket of the thinned part (every point but the newest), counted from `origin`. */
  stride = 1;
  private origin = 0;

  constructor(readonly max = 4096) {
    if (!(max >= 4)) throw new Error('History: need max ≥ 4');
  }

  get length(): number {
    return this.steps.length;
  }

  /** The last step recorded, or -Infinity before any. */
  get lastStep(): number {
    return this.steps.length ? this.steps[this.steps.length - 1]! : -Infinity;
  }

  clear(): void {
    this.steps = [];
    this.values = [];
    this.stride = 1;
    this.origin = 0;
    this.version++;
  }

  /** A value at `step`; a step already recorded last has its value replaced. Steps never go back. */
  push(step: number, value: number): void {
    this.add(step, value);
    this.version++;
  }

  /**
   * Values of consecutive steps first, first + 1, …; steps the record already has are skipped, so
   * overlapping batches (snapshots that repeat a step) are harmless.
   */
  pushRun(first: number, values: ArrayLike<number>): void {
    const last = this.lastStep;
    let added = false;
    for (let k = 0; k < values.length; k++) {
      if (first + k <= last) continue;
      this.add(first + k, values[k]!);
      added = true;
    }
    if (added) this.version++;
  }

  /** The value at the last step recorded at or before `step` (NaN before the first). */
  at(step: number): number {
    let lo = 0;
    let hi = this.steps.length - 1;
    if (hi < 0 || this.steps[0]! > step) return NaN;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.steps[mid]! <= step) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo]!;
  }

  /** The points between steps `from` and `to` (inclusive), as new arrays. */
  window(from: number, to: number): { steps: number[]; values: number[] } {
    let a = 0;
    while (a < this.steps.length && this.steps[a]! < from) a++;
    let b = a;
    while (b < this.steps.length && this.steps[b]! <= to) b++;
    return { steps: this.steps.slice(a, b), values: this.values.slice(a, b) };
  }

  private bucket(step: number): number {
    return Math.floor((step - this.origin) / this.stride);
  }

  private add(step: number, value: number): void {
    const { steps, values } = this;
    const n = steps.length;
    if (n === 0) this.origin = step;
    if (n > 0) {
      const last = steps[n - 1]!;
      if (step === last) {
        values[n - 1] = value;
        return;
      }
      if (step < last) throw new Error(`History: step ${step} after ${last}`);
      // The point that was newest joins the thinned part: into the bucket of the point before it
      // when they share one.
      if (n >= 2 && this.bucket(last) === this.bucket(steps[n - 2]!)) {
        if (wins(values[n - 1]!, values[n - 2]!)) {
          steps[n - 2] = last;
          values[n - 2] = values[n - 1]!;
        }
        steps.pop();
        values.pop();
      }
    }
    steps.push(step);
    values.push(value);
    while (this.steps.length > this.max) this.coarsen();
  }

  /** Doubles the buckets' width, keeping the winner of each (the newest point stays apart). */
  private coarsen(): void {
    this.stride *= 2;
    const { steps, values } = this;
    const n = steps.length;
    const s: number[] = [];
    const v: number[] = [];
    for (let k = 0; k < n - 1; k++) {
      const m = s.length;
      if (m > 0 && this.bucket(steps[k]!) === this.bucket(s[m - 1]!)) {
        if (wins(values[k]!, v[m - 1]!)) {
          s[m - 1] = steps[k]!;
          v[m - 1] = values[k]!;
        }
        continue;
      }
      s.push(steps[k]!);
      v.push(values[k]!);
    }
    s.push(steps[n - 1]!);
    v.push(values[n - 1]!);
    this.steps = s;
    this.values = v;
  }
}

/** Whether `a` replaces `b` when two points share a bucket: a gap (NaN) first, else the higher. */
function wins(a: number, b: number): boolean {
  if (Number.isNaN(b)) return false;
  return Number.isNaN(a) || a > b;
}
