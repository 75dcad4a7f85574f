/**
 * One training worker's run, as an object: the network, its optimizer and data (a Trainer), and
 * what the page asked for (play at a rate, pause, step, a snapshot per frame, the partition of some
 * part of the plane, the weights to save). The worker script (train.worker.ts) only wires it to
 * `self`; Node tests drive it directly through `receive`.
 *
 * Messages are handled one at a time, in order. An `init` that a newer `init` has replaced before
 * its work began (a reader changing settings quickly) is dropped without building anything, and
 * one replaced while it builds stops at its next wait: only the newest run is built in full.
 * Every reply carries the id of the run it is about, so the page drops those of replaced runs.
 */
import { SQUARE } from '../core/geometry.ts';
import { decisionBoundaries } from '../core/boundaries.ts';
import { classDataset } from '../core/classes.ts';
import { DivergenceWatch, classLogits, classReadout, classesOf, lossOf } from '../core/loss.ts';
import { type Network, firstLayerCreases } from '../core/mlp.ts';
import type { Partition } from '../core/regions.ts';
import { type Dataset, TARGETS, sampleTarget } from '../core/targets.ts';
import { imageDataset } from '../core/images.ts';
import { type Split, drawPicture, samplePixels, scoreSplit, splitDataset, splitPicture } from '../core/samples.ts';
import type { FusedTrainer } from '../train/fused.ts';
import type { Trainer } from '../train/trainer.ts';
import { BOUNDARY_NEURONS, type ClassSnapshot, type EngineReport, type FromWorker, type RunRequest, type Snapshot, type ToWorker } from './protocol.ts';
import { transferables } from './protocol.ts';
import { PartitionSlices } from './regionslices.ts';

/** What the session needs from where it runs (a worker's global scope, or a test). */
export interface SessionHost {
  post(message: FromWorker, transfer: Transferable[]): void;
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `turn` after `ms` milliseconds, or (0) as soon as pending messages have been taken. */
  later(turn: () => void, ms: number): void;
  /** Resolves once the messages already sent to the worker have been received. */
  settle(): Promise<void>;
}

/** How the session builds engines (the worker script decides which exist and which is faster). */
export interface Engines {
  /** The fused engine, which starts at once and draws the first frame while a choice is made. */
  fused(request: RunRequest, data: Dataset): Promise<FusedTrainer>;
  /** Which engine should run this request, given its fused trainer (already made). */
  choose(request: RunRequest, data: Dataset, fused: Trainer): Promise<EngineReport>;
  /**
   * Starts the engine chosen when it is not the fused one (else null): the trainer, the same
   * trainer when it can be looked inside for traces, and the report to send.
   */
  start(
    report: EngineReport,
    request: RunRequest,
    data: Dataset,
  ): Promise<{ trainer: Trainer; inspectable: FusedTrainer | null; report: EngineReport } | null>;
}

/** Largest picture side `render` draws. */
export const MAX_RENDER = 2048;

/** Longest stretch of training between looks at the message queue, in ms. */
const SLICE_MS = 12;
/** While training, pictures are at least this many times their own cost apart. */
const PICTURE_COST_RATIO = 10;

type Reply = FromWorker extends infer M ? (M extends unknown ? Omit<M, 'run'> : never) : never;

export class TrainingSession {
  private trainer: Trainer | null = null;
  /** The same trainer when it can be looked inside, for traces (the fused or batched engine). */
  private fused: FusedTrainer | null = null;
  private run: RunRequest | null = null;
  /** A run on samples of a picture: the pixels trained on and those held out. */
  private split: Split | null = null;
  /** The run's training points (for a classifier's accuracy and margins). */
  private data: Dataset | null = null;
  private classes: ClassSnapshot | null = null;
  /** The step whose weights `classes` measured. */
  private classesStep = -1;
  private boundariesAt = -Infinity;
  private boundariesMs = 0;
  /** The run the session holds (the id of its `init`); every reply is stamped with it. */
  private runId = 0;
  /** The newest `init` received, handled or not: older ones are superseded. */
  private newestInit = 0;
  private stepOffset = 0;
  private watch = new DivergenceWatch(NaN);
  private initialLoss = NaN;
  private playing = false;
  private rate = Infinity;
  private credit = 0;
  /** The share of a core to train on at full speed (the page's `share`): rests between slices. */
  private share = 1;
  /** Steps per call to the engine at full speed (adapted to the engine's speed). */
  private chunk = 1;
  private lastTick = 0;
  private frameWanted = false;
  /** Losses (and, for a traced run, optimizer figures) of the steps since the last snapshot. */
  private pending: number[] = [];
  private pendingTrace: number[] = [];
  private lastLoss = NaN;
  private lastImageAt = -Infinity;
  private predictMs = 0;
  private imageStale = true;
  private rateWindow = { at: 0, step: 0, value: 0 };
  private lastRegionsAt = -Infinity;
  private regionsMs = 0;
  private regionsStale = true;
  /** The partition under way, computed a slice at a time between chunks of training. */
  private readonly slices: PartitionSlices;
  /** A turn of the training loop is waiting to run (never two at a time). */
  private scheduled = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: SessionHost,
    private readonly engines: Engines,
  ) {
    this.slices = new PartitionSlices(() => host.now());
  }

  /** A message from the page: handled after those before it. */
  receive(message: ToWorker): void {
    if (message.type === 'init') this.newestInit = Math.max(this.newestInit, message.id);
    this.queue = this.queue
      .then(() => this.handle(message))
      .catch((e: unknown) => {
        this.playing = false;
        this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      });
  }

  /** Resolves when every message received so far has been handled (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private post(reply: Reply): void {
    const message = { ...reply, run: this.runId } as FromWorker;
    this.host.post(message, transferables(message));
  }

  private step(): number {
    return this.stepOffset + (this.trainer?.steps ?? 0);
  }

  private snapshot(forceImage: boolean): Snapshot {
    const t = this.trainer!;
    const run = this.run!;
    const now = this.host.now();
    let image: Float32Array | null = null;
    // Redraw the prediction when asked, or as often as its cost allows: at most 20 times a second,
    // and never more than about a tenth of the worker's time (a picture of 256 × 256 pixels costs a
    // few training steps; at one fifth, as before, the figures of 500 neurons lost a fifth of their
    // steps to it).
    if (forceImage || (this.imageStale && now - this.lastImageAt >= Math.max(50, PICTURE_COST_RATIO * this.predictMs))) {
      const started = this.host.now();
      image = t.predict(run.displaySize);
      this.predictMs = this.host.now() - started;
      this.lastImageAt = now;
      this.imageStale = false;
    }
    const net = t.network();
    this.measureClasses(forceImage, net);
    if (now - this.rateWindow.at >= 500) {
      const dt = (now - this.rateWindow.at) / 1000;
      const value = this.playing && this.rateWindow.at > 0 ? (this.step() - this.rateWindow.step) / dt : this.rateWindow.value;
      this.rateWindow = { at: now, step: this.step(), value };
    }
    // A network on Fourier features has no creases of the plane in its first layer, and no
    // partition of the plane into flat pieces either.
    const planar = !run.settings.fourier;
    const losses = Float32Array.from(this.pending);
    this.pending = [];
    const trace = run.trace ? Float32Array.from(this.pendingTrace) : null;
    this.pendingTrace = [];
    // The partition: computed in slices between chunks of training (see regionsTick) and sent once
    // done; when asked (paused, a step, a new box), completed now for the weights as they are.
    let regions: Partition | null = null;
    if (run.regions && planar) {
      let done = this.slices.take();
      if (forceImage && (!done || done.step !== this.step())) {
        if (!this.slices.running || this.slices.step !== this.step()) this.startRegions();
        this.slices.complete();
        done = this.slices.take();
      }
      if (done) {
        regions = done.partition;
        this.regionsMs = done.ms;
        this.lastRegionsAt = this.host.now();
        this.regionsStale = done.step !== this.step();
      }
    }
    return {
      step: this.step(),
      loss: this.lastLoss,
      losses,
      creases: planar ? firstLayerCreases(net) : new Float32Array(0),
      outputWeights: net.length === 2 ? net[1]!.weights.slice() : new Float32Array(0),
      image,
      stepsPerSecond: this.rateWindow.value,
      partition: regions,
      partitionMs: this.regionsMs,
      partitionPauseMs: this.slices.longestSlice,
      trace,
      heldOut: image && this.split ? scoreSplit(this.split, image) : null,
      // A copy: the snapshot's arrays are handed over to the page, and these are kept for the next.
      classes: this.classes ? { ...this.classes, boundaries: this.classes.boundaries?.slice() ?? null } : null,
    };
  }

  /**
   * A classifier's accuracy and margins on its training points and its last layer's norm for the
   * weights `net` of the current step (a pass over the training grid, cheap next to a step; done
   * once per step, however many frames show it); its exact boundaries as often as their cost
   * allows, or when `force`d.
   */
  private measureClasses(force: boolean, net: Network): void {
    const loss = lossOf(this.run!.settings);
    if (loss.kind === 'mse' || !this.data) return;
    const t = this.trainer!;
    const data = this.data;
    const step = this.step();
    if (this.classes && this.classesStep === step && !force) return;
    const logits = data.size * data.size === data.targets.length ? t.predict(data.size) : null;
    if (!logits) return;
    // The sigmoid's one logit z is read as the two logits (0, z).
    const r = classReadout(classLogits(loss, logits), data.targets, classesOf(loss));
    const last = net[net.length - 1]!.weights;
    let sq = 0;
    for (let k = 0; k < last.length; k++) sq += last[k]! * last[k]!;
    const neurons = net.slice(0, -1).reduce((sum, layer) => sum + layer.outputs, 0);
    let boundaries = this.classes?.boundaries ?? null;
    const now = this.host.now();
    if (neurons > BOUNDARY_NEURONS) boundaries = null;
    else if (force || !boundaries || now - this.boundariesAt >= Math.max(100, 5 * this.boundariesMs)) {
      const traced = decisionBoundaries(net, SQUARE, 40_000);
      boundaries = traced ? Float32Array.from(traced.segments) : null;
      this.boundariesMs = this.host.now() - now;
      this.boundariesAt = this.host.now();
    }
    this.classes = { accuracy: r.accuracy, margin: r.margin, lastLayerNorm: Math.sqrt(sq), boundaries };
    this.classesStep = step;
  }

  private startRegions(): void {
    const regions = this.run!.regions!;
    this.slices.start(this.trainer!.network(), this.step(), regions.box ?? SQUARE, regions.maxRegions);
  }

  /** A slice of the partition between chunks of training: one starts when it is stale and due. */
  private regionsTick(): void {
    if (!this.run?.regions || this.run.settings.fourier) return;
    const due = this.host.now() - this.lastRegionsAt >= Math.max(100, 4 * this.regionsMs);
    if (!this.slices.running && this.regionsStale && due) this.startRegions();
    this.slices.work();
  }

  /** Takes `count` steps (fewer if the run diverges); false when it diverged. */
  private train(count: number): boolean {
    const fused = this.fused;
    let diverged = false;
    if (this.run!.trace && fused && this.trainer === fused) {
      for (let k = 0; k < count && !diverged; k++) {
        const loss = fused.step(1)[0]!;
        this.pending.push(loss);
        this.lastLoss = loss;
        const st = fused.inspect();
        this.pendingTrace.push(st.updateNorm, st.gradientNorm, st.secondMoment ? st.secondMoment.medianRoot : NaN);
        // Step by step, a blow-up stops the run at the step it happens, even if the loss would fall
        // back before the end of the batch of steps (it can: the neurons die and the loss settles).
        diverged = this.watch.push(loss);
      }
    } else {
      const losses = this.trainer!.step(count);
      for (const l of losses) {
        this.pending.push(l);
        // Every step's loss is judged, not only the last of the batch: a blow-up that settles
        // within one batch still ends the run.
        if (!diverged && this.watch.push(l)) diverged = true;
      }
      if (losses.length > 0) this.lastLoss = losses[losses.length - 1]!;
    }
    this.imageStale = true;
    this.regionsStale = true;
    if (diverged) {
      this.playing = false;
      this.post({ type: 'diverged', snapshot: this.snapshot(true) });
      return false;
    }
    return true;
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.later(() => {
      this.scheduled = false;
      this.loop();
    }, delayMs);
  }

  private loop(): void {
    if (!this.playing || !this.trainer) return;
    try {
      const started = this.host.now();
      const elapsed = this.lastTick ? (started - this.lastTick) / 1000 : 0;
      this.lastTick = started;
      if (Number.isFinite(this.rate)) {
        this.credit = Math.min(this.credit + this.rate * elapsed, Math.max(1, this.rate / 10));
        const count = Math.floor(this.credit);
        if (count > 0 && !this.train(count)) return;
        this.credit -= count;
      } else {
        // As many steps as fit in a slice, in chunks sized from the last one's time per step.
        // (With a share below 1 of a core, the worker then rests in proportion, below.)
        do {
          const t0 = this.host.now();
          if (!this.train(this.chunk)) return;
          const perStep = (this.host.now() - t0) / this.chunk;
          this.chunk = Math.max(1, Math.min(1000, Math.floor(SLICE_MS / 4 / Math.max(perStep, 1e-3))));
        } while (this.host.now() - started < SLICE_MS);
      }
      if (this.frameWanted) {
        this.frameWanted = false;
        this.post({ type: 'snapshot', snapshot: this.snapshot(false) });
      }
      this.regionsTick();
      const busy = this.host.now() - started;
      this.schedule(Number.isFinite(this.rate) ? 1000 / 60 : this.share < 1 ? busy * (1 / this.share - 1) : 0);
    } catch (e) {
      this.playing = false;
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Ends the run held (its engine's memory is freed). */
  private drop(): void {
    this.trainer?.dispose();
    if (this.fused && this.fused !== this.trainer) this.fused.dispose();
    this.trainer = null;
    this.fused = null;
    this.playing = false;
    this.slices.cancel();
  }

  private async init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
    this.drop();
    this.runId = message.id;
    const superseded = (): boolean => message.id !== this.newestInit;
    // Let any newer request arrive first: then only the newest is built.
    await this.host.settle();
    if (superseded()) return;
    const run = message.run;
    this.run = run;
    const { target, trainSize } = run;
    this.split = null;
    let data: Dataset;
    if (target.kind === 'samples') {
      if (run.displaySize !== trainSize) throw new Error('a run on samples draws its picture at the size it samples');
      this.split = splitPicture(drawPicture(TARGETS[target.name], trainSize), samplePixels(trainSize, target.sampling));
      data = splitDataset(this.split);
    } else {
      data =
        target.kind === 'named'
          ? sampleTarget(TARGETS[target.name], trainSize)
          : target.kind === 'classes'
            ? classDataset(target.name, trainSize)
            : imageDataset({ width: trainSize, height: trainSize, data: target.pixels });
    }
    this.data = data;
    this.classes = null;
    this.boundariesAt = -Infinity;
    const resume = message.resume;
    // The fused engine starts at once and draws the first frame while the choice is made: every
    // engine starts from the same weights, so the picture is the same.
    const fused = await this.engines.fused(run, data);
    if (superseded()) return fused.dispose();
    this.fused = fused;
    this.trainer = fused;
    if (resume) fused.setNetwork(resume.network);
    this.stepOffset = resume ? resume.step : 0;
    this.pending = [];
    this.pendingTrace = [];
    this.lastLoss = fused.loss();
    // Divergence is judged against where the run began, also when it resumes from saved weights.
    this.initialLoss = resume?.initialLoss ?? this.lastLoss;
    this.watch = new DivergenceWatch(this.initialLoss);
    this.rateWindow = { at: 0, step: 0, value: 0 };
    this.imageStale = true;
    this.regionsStale = true;
    this.post({ type: 'snapshot', snapshot: this.snapshot(true) });
    const chosen = await this.engines.choose(run, data, fused);
    if (superseded()) return;
    const started = await this.engines.start(chosen, run, data);
    if (superseded()) return started?.trainer.dispose();
    const engine = started?.report ?? { name: 'fused', kind: 'fused', probe: null };
    if (started) {
      if (resume) started.trainer.setNetwork(resume.network);
      fused.dispose();
      this.fused = started.inspectable;
      this.trainer = started.trainer;
    }
    this.post({ type: 'ready', engine: { ...engine, name: this.trainer.backend }, snapshot: this.snapshot(false) });
  }

  private async handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'init':
        return this.init(message);
      case 'play':
        if (!this.trainer) return;
        this.rate = message.stepsPerSecond;
        this.credit = 0;
        this.lastTick = 0;
        this.rateWindow = { at: this.host.now(), step: this.step(), value: this.rateWindow.value };
        if (!this.playing) {
          this.playing = true;
          this.slices.resetPause();
          this.schedule();
        }
        return;
      case 'share':
        this.share = Math.min(1, Math.max(0.05, Number.isFinite(message.share) ? message.share : 1));
        return;
      case 'pause':
        if (!this.trainer) return;
        this.playing = false;
        this.post({ type: 'snapshot', snapshot: this.snapshot(true) });
        return;
      case 'step':
        if (!this.trainer) return;
        this.playing = false;
        if (this.train(message.count)) this.post({ type: 'snapshot', snapshot: this.snapshot(true) });
        return;
      case 'frame':
        this.frameWanted = true;
        // While paused, answer at once if a fresher picture is owed.
        if (this.trainer && !this.playing && this.imageStale) {
          this.frameWanted = false;
          this.post({ type: 'snapshot', snapshot: this.snapshot(true) });
        }
        return;
      case 'regions':
        if (!this.run?.regions) return;
        this.run = { ...this.run, regions: { ...this.run.regions, box: message.box } };
        this.regionsStale = true;
        this.slices.cancel();
        if (this.trainer && !this.playing) this.post({ type: 'snapshot', snapshot: this.snapshot(true) });
        return;
      case 'save':
        if (!this.trainer) return;
        this.post({ type: 'saved', network: this.trainer.network(), step: this.step(), initialLoss: this.initialLoss });
        return;
      case 'render': {
        if (!this.trainer) return;
        const size = Math.min(MAX_RENDER, Math.max(1, Math.round(message.size) || 1));
        this.post({ type: 'rendered', size, step: this.step(), image: this.trainer.predict(size) });
        return;
      }
    }
  }
}
