/**
 * The exact partition into linear regions, computed between chunks of training: a slice of at
 * most SLICE_MS at a time (src/core/regions.ts's PartitionJob), so training never waits much more
 * than a few milliseconds for it and the loss curve keeps moving while the regions of a deep
 * network are counted. A partition is of the weights as they were when it started (a copy); when
 * the run is paused and a partition is asked for, it is completed at once.
 */
import type { Box } from '../core/geometry.ts';
import type { Network } from '../core/mlp.ts';
import { type Partition, PartitionJob, networkLayers } from '../core/regions.ts';

/** Longest stretch of partition work between two chunks of training, in ms. */
export const SLICE_MS = 4;

export interface FinishedPartition {
  readonly partition: Partition;
  /** Milliseconds of work it took, over all its slices. */
  readonly ms: number;
  /** The training step of the weights it partitions. */
  readonly step: number;
}

export class PartitionSlices {
  /** The job, kept from one partition to the next so its buffers are reused. */
  private job: PartitionJob | null = null;
  private active = false;
  private spent = 0;
  private startedStep = 0;
  private finished: FinishedPartition | null = null;
  /** Longest single slice since `resetPause` (what training waited for at most, in ms). */
  longestSlice = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** True while a partition is under way. */
  get running(): boolean {
    return this.active;
  }

  /** The training step of the partition under way. */
  get step(): number {
    return this.startedStep;
  }

  /** Starts partitioning `net` at `step` (dropping any partition under way). */
  start(net: Network, step: number, box: Box, maxRegions: number): void {
    const layers = networkLayers(net);
    if (this.job) this.job.restart(layers, box, { maxRegions });
    else this.job = new PartitionJob(layers, box, { maxRegions });
    this.active = true;
    this.spent = 0;
    this.startedStep = step;
  }

  /** Works on the partition under way for at most about `budgetMs`. */
  work(budgetMs = SLICE_MS): void {
    if (!this.active || !this.job) return;
    const started = this.now();
    const done = this.job.advance(() => this.now() - started < budgetMs);
    const took = this.now() - started;
    this.spent += took;
    this.longestSlice = Math.max(this.longestSlice, took);
    if (done) this.finish();
  }

  /** Completes the partition under way now, whatever it takes (nothing is training meanwhile). */
  complete(): void {
    if (!this.active || !this.job) return;
    const started = this.now();
    this.job.advance();
    this.spent += this.now() - started;
    this.finish();
  }

  private finish(): void {
    this.finished = { partition: this.job!.result(), ms: this.spent, step: this.startedStep };
    this.active = false;
  }

  /** The last finished partition, once. */
  take(): FinishedPartition | null {
    const f = this.finished;
    this.finished = null;
    return f;
  }

  /** Drops the partition under way and any finished one not yet taken. */
  cancel(): void {
    this.active = false;
    this.finished = null;
  }

  /** Starts measuring the longest slice afresh (when training starts). */
  resetPause(): void {
    this.longestSlice = 0;
  }
}
