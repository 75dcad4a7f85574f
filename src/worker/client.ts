/**
 * The page's side of a training worker: starts it, sends typed messages, hands typed replies to
 * the widget, reports a worker that crashed, failed to load or fell silent, and can end an idle
 * worker and later resume its run in a new one (the weights are saved first; the optimizer's state
 * starts afresh).
 *
 * A watchdog covers the worker that dies without a word (one that closes itself, or hangs): while
 * the page waits for an answer (to `init`, a frame, a step, a pause) and none comes for
 * WATCHDOG_MS, or a run is not ready READY_MS after its `init`, the worker counts as crashed.
 */
import type { Box } from '../core/geometry.ts';
import type { EngineReport, FromWorker, RunRequest, Saved, Snapshot, ToWorker } from './protocol.ts';

export interface ClientEvents {
  ready(engine: EngineReport, snapshot: Snapshot): void;
  snapshot(snapshot: Snapshot): void;
  diverged(snapshot: Snapshot): void;
  /** The worker is gone; `message` says why, in words for the reader. */
  error(message: string): void;
}

export type WorkerFactory = () => Worker;

/**
 * Silence while an answer is owed, after which the worker counts as crashed: long enough for the
 * slowest honest answer (the deepest network's partition takes a few seconds on a slow, busy machine).
 */
export const WATCHDOG_MS = 15_000;
/** Time a run may take from `init` to `ready` (an engine may load and probe meanwhile). */
export const READY_MS = 45_000;

/** What the reader is told when a worker goes. */
export const WORKER_MESSAGES = {
  load: 'The training worker stopped before it started: its script could not be loaded (the site may have changed since this page was opened). Reload the page to get the current version.',
  silent: 'The training worker stopped answering (it may have run out of memory or been stopped by the browser). Restart to try again.',
  unreadable: 'The training worker stopped: one of its messages could not be read.',
  crash: (why: string): string => `The training worker stopped: ${why.replace(/^Uncaught (Error: )?/, '').replace(/\.?$/, '.')}`,
} as const;

/** The worker, bundled as its own chunk (the URL is resolved under the site's base path). */
export const createTrainWorker: WorkerFactory = () =>
  new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'training' });

export class TrainingClient {
  private worker: Worker | null = null;
  private run: RunRequest | null = null;
  private saved: Saved | null = null;
  private saving: ((v: Saved | null) => void) | null = null;
  private rendering: ((v: { image: Float32Array; step: number } | null) => void) | null = null;
  /** The current run's number: replies about older runs are dropped. */
  private runId = 0;
  /** Set while `sleep` waits for the weights; a `wake` in that time cancels the sleep. */
  private sleeping = false;
  /** Whether this worker has said anything yet (an error before that is a failed load). */
  private heard = false;
  /** When the oldest unanswered request was sent, and when the current run's `init` was. */
  private owedSince: number | null = null;
  private readySince: number | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly events: ClientEvents,
    private readonly factory: WorkerFactory = createTrainWorker,
  ) {}

  get alive(): boolean {
    return this.worker !== null;
  }

  /**
   * Starts a fresh run; or resumes the saved one when `resume` is true and there is one; or goes
   * on from the weights given (a file the reader loaded).
   */
  start(run: RunRequest, resume: boolean | Saved = false): void {
    this.ensureWorker();
    this.run = run;
    const saved = resume === true ? this.saved : resume === false ? null : resume;
    if (typeof resume === 'object') this.saved = resume;
    this.runId++;
    this.readySince = Date.now();
    this.request(saved ? { type: 'init', id: this.runId, run, resume: saved } : { type: 'init', id: this.runId, run });
    if (resume === false) this.saved = null;
  }

  /** The run's weights and step now (null when there is no worker, or no answer within `ms`). */
  async save(ms = WATCHDOG_MS): Promise<Saved | null> {
    if (!this.worker || this.saving) return null;
    const saved = await new Promise<Saved | null>((resolve) => {
      this.saving = resolve;
      this.send({ type: 'save' });
      setTimeout(() => resolve(null), ms);
    });
    this.saving = null;
    return saved;
  }

  /** The run's prediction at size × size now, with its step (null without a worker or an answer). */
  async render(size: number, ms = WATCHDOG_MS): Promise<{ image: Float32Array; step: number } | null> {
    if (!this.worker || this.rendering) return null;
    const out = await new Promise<{ image: Float32Array; step: number } | null>((resolve) => {
      this.rendering = resolve;
      this.send({ type: 'render', size });
      setTimeout(() => resolve(null), ms);
    });
    this.rendering = null;
    return out;
  }

  play(stepsPerSecond: number): void {
    this.send({ type: 'play', stepsPerSecond });
  }
  /** The share of a core the run may train on at full speed (see the `share` message). */
  share(share: number): void {
    this.send({ type: 'share', share });
  }
  pause(): void {
    this.request({ type: 'pause' });
  }
  step(count: number): void {
    this.request({ type: 'step', count });
  }
  /** Partitions another part of the plane from now on (runs that asked for regions). */
  regions(box: Box): void {
    if (this.run?.regions) this.run = { ...this.run, regions: { ...this.run.regions, box } };
    this.send({ type: 'regions', box });
  }
  /** Asks for the next snapshot; call once per animation frame while training. */
  frame(): void {
    this.request({ type: 'frame' });
  }

  /**
   * Ends the worker to free its memory and CPU, keeping the weights so that `wake` can resume.
   */
  async sleep(): Promise<void> {
    if (!this.worker || this.sleeping) return;
    this.sleeping = true;
    const saved = await this.save(2000);
    if (!this.sleeping) return; // woken while saving: the worker stays
    this.sleeping = false;
    if (saved) this.saved = saved;
    this.terminate();
  }

  /** Starts a worker again after `sleep` (or a crash), resuming the last saved weights. */
  wake(): void {
    if (this.sleeping) {
      this.sleeping = false;
      return;
    }
    if (this.worker || !this.run) return;
    this.start(this.run, true);
  }

  /** Remembers the engine a probe chose, so a run resumed in a new worker does not probe again. */
  settle(engine: EngineReport['kind']): void {
    if (this.run && this.run.engine === 'auto') this.run = { ...this.run, engine };
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.owedSince = null;
    this.readySince = null;
    clearTimeout(this.watchdog);
  }

  private ensureWorker(): void {
    if (this.worker) return;
    const worker = this.factory();
    this.heard = false;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const loadFailed = !this.heard && !event.message;
      this.fail(loadFailed ? WORKER_MESSAGES.load : event.message ? WORKER_MESSAGES.crash(event.message) : WORKER_MESSAGES.silent);
    };
    worker.onmessageerror = () => this.fail(WORKER_MESSAGES.unreadable);
    this.worker = worker;
  }

  private fail(message: string): void {
    if (!this.worker) return;
    this.terminate();
    this.events.error(message);
  }

  private receive(message: FromWorker): void {
    this.heard = true;
    // Any word from the worker shows it is alive; an answer about the current run settles what it owed.
    this.owedSince = null;
    if (message.run !== this.runId) return this.arm(); // about a run the page has replaced
    if (message.type === 'ready' || message.type === 'diverged' || message.type === 'error') this.readySince = null;
    this.arm();
    switch (message.type) {
      case 'ready':
        this.settle(message.engine.kind);
        this.events.ready(message.engine, message.snapshot);
        return;
      case 'snapshot':
        this.events.snapshot(message.snapshot);
        return;
      case 'diverged':
        this.events.diverged(message.snapshot);
        return;
      case 'saved':
        this.saving?.({ network: message.network, step: message.step, initialLoss: message.initialLoss });
        return;
      case 'rendered':
        this.rendering?.({ image: message.image, step: message.step });
        return;
      case 'error':
        this.fail(WORKER_MESSAGES.crash(message.message));
        return;
    }
  }

  /** Sends a message that the worker answers. */
  private request(message: ToWorker): void {
    if (!this.worker) return;
    this.owedSince ??= Date.now();
    this.send(message);
    this.arm();
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /**
   * Sets the watchdog for the earliest deadline still open. A deadline found passed is checked
   * once more a second later, so that answers already on their way (after the computer slept, or
   * the page was frozen in the background) are taken first.
   */
  private arm(confirming = false): void {
    clearTimeout(this.watchdog);
    if (!this.worker) return;
    const owed = this.owedSince === null ? Infinity : this.owedSince + WATCHDOG_MS;
    const ready = this.readySince === null ? Infinity : this.readySince + READY_MS;
    const due = Math.min(owed, ready);
    if (!Number.isFinite(due)) return;
    this.watchdog = setTimeout(
      () => {
        if (Date.now() < due) return this.arm();
        if (!confirming) return this.arm(true);
        this.fail(WORKER_MESSAGES.silent);
      },
      confirming ? 1000 : Math.max(0, due - Date.now()),
    );
  }
}
