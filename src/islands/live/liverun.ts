/**
 * The life of a live training figure, shared by every figure that trains in a worker: start a
 * run, play, pause, step, restart after a crash, follow the reader's settings, ask for a snapshot
 * at an animation frame while training (at most one per SNAPSHOT_MS) and take it at a later one
 * (all figures of the page in the same frames), pause when the figure leaves the screen (and play
 * on when it comes back, if the reader had it playing), and end an idle worker after a while.
 * The figure keeps what it draws; this keeps the state machine:
 *
 *   idle ──ready──▶ paused ◀──pause/step──▶ training
 *     ▲                                        │ diverged ──▶ done     crash ──▶ error
 *     └──────────── start (reset, new settings, restart) ◀──┘
 *
 * What the reader wants (`wantsPlay`) is kept apart from what the run is doing: a Play pressed
 * while a run is still starting plays it once it is ready, and any number of quick setting
 * changes keep a playing figure playing. Plain TypeScript (the page passes a reactive `view` to
 * write into, tests a plain object), so Node tests drive it with a stand-in worker.
 */
import type { Box } from '../../core/geometry.ts';
import { TrainingClient, type ClientEvents } from '../../worker/client.ts';
import type { EngineReport, RunRequest, Saved, Snapshot } from '../../worker/protocol.ts';
import { redraws } from './redraws.ts';

export type Phase = 'idle' | 'training' | 'paused' | 'done' | 'error';

/** What the page shows of a run: written here, read by the figure's markup. */
export interface RunView {
  phase: Phase;
  message: { kind: 'diverged' | 'crashed'; text: string } | null;
  /** The reader wants it playing (it plays whenever it can: ready and on screen). */
  wantsPlay: boolean;
}

export function initialView(): RunView {
  return { phase: 'idle', message: null, wantsPlay: false };
}

export interface LiveRunOptions {
  /** Puts what the figure shows back to a fresh run's first state; called at every start. */
  clear(): void;
  /** The run to start; read at every start, after `clear`. */
  request(): RunRequest;
  /** Steps per second to play at; read at every play. */
  speed(): number;
  /** Every snapshot of the run, including those that come with `ready` and `diverged`. */
  take(snapshot: Snapshot): void;
  /** The worker is ready to train (called before its snapshot is taken). */
  ready?(engine: EngineReport, snapshot: Snapshot): void;
  /** What to tell the reader when the run diverges (default: too large a learning rate). */
  divergedText?(snapshot: Snapshot): string;
  /**
   * Out of view this long, the worker is ended (its weights kept, to resume). null keeps it
   * running paused: for figures whose measurement a fresh optimizer state would disturb.
   */
  idleMs?: number | null;
}

/** What the run needs from the page (the browser's, or a test's stand-ins). */
export interface RunHost {
  client(events: ClientEvents): TrainingClient;
  /** Calls `tick` at the next animation frame, with the frame's time (ms) where the host knows it. */
  frame(tick: (time?: number) => void): number;
  cancelFrame(handle: number): void;
  /** Cores of the reader's machine (navigator.hardwareConcurrency in a browser). */
  cores(): number;
}

export const browserHost: RunHost = {
  client: (events) => new TrainingClient(events),
  frame: (tick) => requestAnimationFrame(tick),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  cores: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 4,
};

/**
 * The runs of the page that are training now. Each trains in its own worker; as fast as it goes,
 * a worker keeps a core busy. The page keeps one core for itself (its frames, the browser's
 * drawing), and half a core more while it draws two or more live figures at once (their charts,
 * pictures and the compositing of both took more than one core of two); the training runs share
 * the rest. On a machine of two cores, two figures training at once get a quarter of a core each;
 * with cores to spare, each gets a whole one.
 */
const training = new Set<LiveRun>();

/** Cores the page keeps for drawing while `runs` figures train. */
export function pageCores(runs: number): number {
  return runs > 1 ? 1.5 : 1;
}

/** The share of a core each training run may use now. */
export function trainingShare(runs: number, cores: number): number {
  // A machine of one core is counted as two, so the runs keep something to share.
  return runs === 0 ? 1 : Math.min(1, (Math.max(2, cores) - pageCores(runs)) / runs);
}

/**
 * While training, the page asks for snapshots at most this often (ms), shared between the figures
 * training at once: 30 a second reads as smooth motion for a training run, and every snapshot
 * costs both the worker (it stops training to make it) and the page (it draws it). Two figures
 * training side by side get 15 a second each. The picture in a snapshot comes less often still.
 */
export const SNAPSHOT_MS = 1000 / 30;

/**
 * The frame time at which the page's training figures last asked for snapshots. Figures training
 * at once ask in the same frames (a figure that starts waits for the next), and take the snapshots
 * that came at the next frame in which none asks: what they draw changes in the same frames, and
 * the frames between change nothing (a figure training alone takes its snapshot as it comes).
 * Every frame in which the page changes costs it its style, layout, paint and compositing,
 * whatever the size of the change; two figures changing on alternate frames made every frame such
 * a frame.
 */
let askedAt = NaN;

/**
 * Whether what a figure draws over its picture (creases, boundaries, what it measures from them)
 * takes this snapshot: while training, only the snapshots that bring a picture, so the overlay
 * changes with the picture under it (the worker sends one as often as its cost allows, fewer than
 * snapshots) and a snapshot without one costs the page almost nothing; otherwise every snapshot.
 */
export function overPicture(s: Snapshot, phase: Phase): boolean {
  return Boolean(s.image) || phase !== 'training';
}

/** A figure out of view (or in a hidden tab) this long ends its worker. */
export const IDLE_MS = 30_000;

/** The message of a run whose loss blew up: its step, its loss, and what to try. */
export function divergedMessage(s: Snapshot, learningRate: number): string {
  return `Training diverged at step ${s.step}: the loss ${lossWords(s.loss)}. The learning rate (${learningRate}) is too large for this network; the steps overshoot and the weights blow up. Reset to start again, perhaps with a smaller rate.`;
}

/** "reached 3.5e+1", or "is no longer a number". */
export function lossWords(loss: number): string {
  return Number.isFinite(loss) ? `reached ${loss.toExponential(1)}` : 'is no longer a number';
}

export class LiveRun {
  private client: TrainingClient | null = null;
  private visible = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private frameHandle = 0;
  /** Steps asked for before the run was ready, taken once it is. */
  private owedSteps = 0;

  constructor(
    readonly view: RunView,
    private readonly o: LiveRunOptions,
    private readonly host: RunHost = browserHost,
  ) {}

  get phase(): Phase {
    return this.view.phase;
  }

  /** True once the worker answered and the run can be played or stepped. */
  get ready(): boolean {
    return this.view.phase === 'paused' || this.view.phase === 'training';
  }

  /** A fresh run (the reader's wish to play is kept); or one going on from `saved` weights. */
  start(saved?: Saved): void {
    this.stopFrames();
    this.o.clear();
    this.view.message = null;
    this.view.phase = 'idle';
    this.owedSteps = 0;
    this.ensureClient().start(this.o.request(), saved ?? false);
  }

  /** The run's weights and step now, or null (no run, or no answer). */
  save(): Promise<Saved | null> {
    return this.ready && this.client ? this.client.save() : Promise.resolve(null);
  }

  /** The run's prediction at size × size now, with its step; or null. */
  render(size: number): Promise<{ image: Float32Array; step: number } | null> {
    return this.ready && this.client ? this.client.render(size) : Promise.resolve(null);
  }

  /** The run again from its first step (with whatever seed the figure now has), paused. */
  reset(): void {
    this.pause();
    this.start();
  }

  play(): void {
    this.view.wantsPlay = true;
    if (!this.ready) return; // plays once the run is ready
    if (!this.client?.alive) return;
    this.view.phase = 'training';
    this.client.play(this.o.speed());
    if (!this.frameHandle) this.frameHandle = this.host.frame(this.tick);
    training.add(this);
    this.rebalance();
  }

  /** `byReader`: the reader paused (so coming back into view does not play on). */
  pause(byReader = true): void {
    if (byReader) this.view.wantsPlay = false;
    if (this.view.phase !== 'training') return;
    this.stopFrames();
    this.view.phase = 'paused';
    this.client?.pause();
  }

  toggle(): void {
    if (this.view.phase === 'training' || (this.view.phase === 'idle' && this.view.wantsPlay)) this.pause();
    else this.play();
  }

  step(count: number): void {
    this.pause();
    if (this.view.phase === 'idle') {
      this.owedSteps += count;
      return;
    }
    if (this.ready) this.client?.step(count);
  }

  /** Settings changed: a new run, playing on if the reader had it playing. */
  changeSettings(): void {
    if (this.view.phase === 'training') this.client?.pause();
    this.start();
  }

  /** After a crash: a new worker and a new run. */
  restart(): void {
    this.client?.terminate();
    this.client = null;
    this.start();
  }

  /** The partition of another part of the plane (figures whose runs ask for regions). */
  regions(box: Box): void {
    this.client?.regions(box);
  }

  changeSpeed(): void {
    if (this.view.phase === 'training') this.client?.play(this.o.speed());
  }

  /** The figure came into view (true) or left it, or its tab was hidden (false). */
  setVisible(now: boolean): void {
    this.visible = now;
    clearTimeout(this.idleTimer);
    if (now) {
      // Wakes a worker that was ended, or keeps one that was about to be.
      if (this.client && this.view.phase !== 'error') this.client.wake();
      if (this.view.wantsPlay && this.view.phase === 'paused') this.play();
    } else {
      this.pause(false);
      const idle = this.o.idleMs === undefined ? IDLE_MS : this.o.idleMs;
      if (idle !== null) this.idleTimer = setTimeout(() => void this.client?.sleep(), idle);
    }
  }

  /** Ends everything (the figure is gone). */
  dispose(): void {
    clearTimeout(this.idleTimer);
    this.stopFrames();
    this.client?.terminate();
    this.client = null;
  }

  /** Snapshots that came while other figures trained too: taken at the next frame no figure asks in. */
  private queued: Snapshot[] = [];

  /** Takes the held snapshots; true if there were any. */
  private drain(): boolean {
    const due = this.queued;
    if (due.length === 0) return false;
    this.queued = [];
    for (const s of due) this.o.take(s);
    return true;
  }

  private readonly tick = (time?: number): void => {
    this.frameHandle = 0;
    if (this.view.phase !== 'training') return;
    const now = time ?? performance.now();
    // The page asks every training figure in the same frame, at most every SNAPSHOT_MS for each
    // figure training (a few ms of slack: frames at 60 Hz are 16.7 ms apart, so one figure asks
    // every second frame, two every fourth).
    const asking = now === askedAt || !(now - askedAt < SNAPSHOT_MS * Math.max(1, training.size) - 4) || now < askedAt;
    if (asking) {
      askedAt = now;
      this.client?.frame();
    } else if (this.drain()) redraws.busy(now);
    this.frameHandle = this.host.frame(this.tick);
  };

  private stopFrames(): void {
    this.drain();
    if (this.frameHandle) this.host.cancelFrame(this.frameHandle);
    this.frameHandle = 0;
    if (training.delete(this)) this.rebalance();
  }

  /** Tells every training run of the page its share of the cores (this one's included). */
  private rebalance(): void {
    const share = trainingShare(training.size, this.host.cores());
    for (const run of training) run.client?.share(share);
  }

  private ensureClient(): TrainingClient {
    if (this.client) return this.client;
    this.client = this.host.client({
      ready: (engine, s) => {
        this.o.ready?.(engine, s);
        this.o.take(s);
        if (this.view.phase === 'idle' || this.view.phase === 'error') this.view.phase = 'paused';
        if (this.owedSteps > 0) {
          const count = this.owedSteps;
          this.owedSteps = 0;
          this.view.wantsPlay = false;
          this.client?.step(count);
        } else if (this.view.wantsPlay && this.visible) this.play();
      },
      snapshot: (s) => {
        // A figure training alone takes its snapshot as it comes, between frames.
        if (this.view.phase !== 'training' || training.size < 2) this.o.take(s);
        else this.queued.push(s);
      },
      diverged: (s) => {
        this.drain();
        this.o.take(s);
        this.stopFrames();
        this.view.phase = 'done';
        this.view.wantsPlay = false;
        const text = this.o.divergedText ? this.o.divergedText(s) : divergedMessage(s, this.o.request().settings.learningRate);
        this.view.message = { kind: 'diverged', text };
      },
      error: (text) => {
        this.stopFrames();
        this.view.phase = 'error';
        this.view.message = { kind: 'crashed', text };
        this.client?.terminate();
        this.client = null;
      },
    });
    return this.client;
  }
}
