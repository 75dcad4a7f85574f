/**
 * The life of a live training figure, shared by every widget that trains in a worker: start a
 * run, play, pause, step, restart after a crash, follow the reader's settings, ask for one
 * snapshot per animation frame while training, pause when the figure leaves the screen (and play
 * on when it comes back, if the reader had it playing), and end an idle worker after a while.
 * The widget keeps what it draws; this keeps the state machine:
 *
 *   idle ──ready──▶ paused ◀──pause/step──▶ training
 *     ▲                                        │ diverged ──▶ done     crash ──▶ error
 *     └──────────── start (reset, new settings, restart) ◀──┘
 */
import type { Box } from '../../core/geometry.ts';
import { rng } from '../../core/rng.ts';
import { TrainingClient } from '../../worker/client.ts';
import type { EngineReport, RunRequest, Snapshot } from '../../worker/protocol.ts';
import { watchVisibility } from './visibility.ts';

export type Phase = 'idle' | 'training' | 'paused' | 'done' | 'error';

export interface LiveRunOptions {
  /** Puts what the widget shows back to a fresh run's first state; called at every start. */
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

/** The message of a run whose loss blew up: its step, its loss, and what to try. */
export function divergedMessage(s: Snapshot, learningRate: number): string {
  const what = Number.isFinite(s.loss) ? `reached ${s.loss.toExponential(1)}` : 'is no longer a number';
  return `Training diverged at step ${s.step}: the loss ${what}. The learning rate (${learningRate}) is too large for this network; the steps overshoot and the weights blow up. Reset to start again, perhaps with a smaller rate.`;
}

export class LiveRun {
  phase = $state<Phase>('idle');
  message = $state<{ kind: 'diverged' | 'crashed'; text: string } | null>(null);

  private client: TrainingClient | null = null;
  private visible = false;
  private resumeWhenVisible = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private frameHandle = 0;

  constructor(private readonly o: LiveRunOptions) {}

  /** True once the worker answered and the run can be played or stepped. */
  get ready(): boolean {
    return this.phase === 'paused' || this.phase === 'training';
  }

  /** A fresh run. */
  start(): void {
    this.o.clear();
    this.message = null;
    this.phase = 'idle';
    this.ensureClient().start(this.o.request());
  }

  /** The run again from its first step (with whatever seed the widget now has). */
  reset(): void {
    this.pause();
    this.start();
  }

  play(): void {
    if (!this.client?.alive) return;
    this.resumeWhenVisible = true;
    this.phase = 'training';
    this.client.play(this.o.speed());
    if (!this.frameHandle) this.frameHandle = requestAnimationFrame(this.tick);
  }

  /** `byReader`: the reader paused (so coming back into view does not play on). */
  pause(byReader = true): void {
    if (byReader) this.resumeWhenVisible = false;
    if (this.phase !== 'training') return;
    this.phase = 'paused';
    this.client?.pause();
  }

  toggle(): void {
    if (this.phase === 'training') this.pause();
    else this.play();
  }

  step(count: number): void {
    this.pause();
    this.client?.step(count);
  }

  /** Settings changed: a new run, playing on if the old one was. */
  changeSettings(): void {
    const wasTraining = this.phase === 'training';
    this.pause(false);
    this.resumeWhenVisible = wasTraining;
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
    if (this.phase === 'training') this.client?.play(this.o.speed());
  }

  /** Watches the figure's visibility; returns what ends the run when the widget goes. */
  mount(root: HTMLElement): () => void {
    const unwatch = watchVisibility(root, (v) => this.setVisible(v));
    return () => {
      unwatch();
      clearTimeout(this.idleTimer);
      this.stopFrames();
      this.client?.terminate();
    };
  }

  private readonly tick = (): void => {
    this.frameHandle = 0;
    if (this.phase !== 'training') return;
    this.client?.frame();
    this.frameHandle = requestAnimationFrame(this.tick);
  };

  private stopFrames(): void {
    cancelAnimationFrame(this.frameHandle);
    this.frameHandle = 0;
  }

  private setVisible(now: boolean): void {
    this.visible = now;
    clearTimeout(this.idleTimer);
    if (now) {
      // Wakes a worker that was ended, or keeps one that was about to be.
      if (this.client && this.phase !== 'error') this.client.wake();
      if (this.resumeWhenVisible && this.phase === 'paused') this.play();
    } else {
      this.pause(false);
      const idle = this.o.idleMs === undefined ? IDLE_MS : this.o.idleMs;
      if (idle !== null) this.idleTimer = setTimeout(() => void this.client?.sleep(), idle);
    }
  }

  private ensureClient(): TrainingClient {
    if (this.client) return this.client;
    this.client = new TrainingClient({
      ready: (engine, s) => {
        this.o.ready?.(engine, s);
        this.o.take(s);
        if (this.phase === 'idle' || this.phase === 'error') this.phase = 'paused';
        if (this.resumeWhenVisible && this.visible) this.play();
      },
      snapshot: (s) => this.o.take(s),
      diverged: (s) => {
        this.o.take(s);
        this.stopFrames();
        this.phase = 'done';
        const text = this.o.divergedText ? this.o.divergedText(s) : divergedMessage(s, this.o.request().settings.learningRate);
        this.message = { kind: 'diverged', text };
      },
      error: (text) => {
        this.stopFrames();
        this.phase = 'error';
        this.message = { kind: 'crashed', text: `The training worker stopped: ${text}` };
        this.client?.terminate();
        this.client = null;
      },
    });
    return this.client;
  }
}

/** A figure out of view (or in a hidden tab) this long ends its worker. */
export const IDLE_MS = 30_000;

/** The seed after `seed`, drawn from it, so that "New seed" is itself reproducible. */
export function nextSeed(seed: number): number {
  return 1 + Math.floor(rng(seed).next() * 2147483646);
}
