/**
 * The page's side of a training worker: starts it, sends typed messages, hands typed replies to
 * the widget, reports a crashed worker, and can end an idle worker and later resume its run in a
 * new one (the weights are saved first; the optimizer's state starts afresh).
 */
import type { Box } from '../core/geometry.ts';
import type { Network } from '../core/mlp.ts';
import type { EngineReport, FromWorker, RunRequest, Snapshot, ToWorker } from './protocol.ts';

export interface ClientEvents {
  ready(engine: EngineReport, snapshot: Snapshot): void;
  snapshot(snapshot: Snapshot): void;
  diverged(snapshot: Snapshot): void;
  error(message: string): void;
}

export type WorkerFactory = () => Worker;

/** The worker, bundled as its own chunk (the URL is resolved under the site's base path). */
export const createTrainWorker: WorkerFactory = () =>
  new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'training' });

export class TrainingClient {
  private worker: Worker | null = null;
  private run: RunRequest | null = null;
  private saved: { network: Network; step: number } | null = null;
  private saving: ((v: { network: Network; step: number } | null) => void) | null = null;
  /** The current run's number: replies about older runs are dropped. */
  private runId = 0;
  /** Set while `sleep` waits for the weights; a `wake` in that time cancels the sleep. */
  private sleeping = false;

  constructor(
    private readonly events: ClientEvents,
    private readonly factory: WorkerFactory = createTrainWorker,
  ) {}

  get alive(): boolean {
    return this.worker !== null;
  }

  /** Starts a fresh run (or resumes the saved one when `resume` is set and there is one). */
  start(run: RunRequest, resume = false): void {
    this.ensureWorker();
    this.run = run;
    const saved = resume ? this.saved : null;
    this.runId++;
    this.send(saved ? { type: 'init', id: this.runId, run, resume: saved } : { type: 'init', id: this.runId, run });
    if (!resume) this.saved = null;
  }

  play(stepsPerSecond: number): void {
    this.send({ type: 'play', stepsPerSecond });
  }
  pause(): void {
    this.send({ type: 'pause' });
  }
  step(count: number): void {
    this.send({ type: 'step', count });
  }
  /** Partitions another part of the plane from now on (runs that asked for regions). */
  regions(box: Box): void {
    if (this.run?.regions) this.run = { ...this.run, regions: { ...this.run.regions, box } };
    this.send({ type: 'regions', box });
  }
  /** Asks for the next snapshot; call once per animation frame. */
  frame(): void {
    this.send({ type: 'frame' });
  }

  /**
   * Ends the worker to free its memory and CPU, keeping the weights so that `wake` can resume.
   */
  async sleep(): Promise<void> {
    if (!this.worker || this.sleeping) return;
    this.sleeping = true;
    const saved = await new Promise<{ network: Network; step: number } | null>((resolve) => {
      this.saving = resolve;
      this.send({ type: 'save' });
      setTimeout(() => resolve(null), 2000);
    });
    this.saving = null;
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
  }

  private ensureWorker(): void {
    if (this.worker) return;
    const worker = this.factory();
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.terminate();
      this.events.error(event.message || 'The training worker stopped unexpectedly.');
    };
    worker.onmessageerror = () => this.events.error('A message from the training worker could not be read.');
    this.worker = worker;
  }

  private receive(message: FromWorker): void {
    if (message.run !== this.runId) return; // about a run the page has replaced
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
        this.saving?.({ network: message.network, step: message.step });
        return;
      case 'error':
        this.events.error(message.message);
        return;
    }
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
