import { afterEach, describe, expect, it, vi } from 'vitest';
import { initNetwork } from '../../src/core/mlp.ts';
import { READY_MS, TrainingClient, WATCHDOG_MS, WORKER_MESSAGES, type ClientEvents } from '../../src/worker/client.ts';
import type { FromWorker, RunRequest, ToWorker } from '../../src/worker/protocol.ts';

/** A stand-in worker that records what the page sends and answers `save` like the real one. */
class FakeWorker {
  static made: FakeWorker[] = [];
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  run = 0;
  postMessage(m: ToWorker): void {
    this.sent.push(m);
    if (m.type === 'init') this.run = m.id;
    if (m.type === 'save') this.reply({ type: 'saved', run: this.run, network: initNetwork([3], 7), step: 42, initialLoss: 0.3 });
  }
  /** A message from the worker to the page, delivered after the current task. */
  reply(data: FromWorker): void {
    queueMicrotask(() => this.onmessage?.({ data } as MessageEvent<FromWorker>));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const run: RunRequest = {
  settings: { hidden: [3], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 7 },
  target: { kind: 'named', name: 'circle' },
  trainSize: 8,
  displaySize: 16,
  backend: 'auto',
  engine: 'auto',
};

function client(events: Partial<ClientEvents> = {}): TrainingClient {
  const all: ClientEvents = { ready() {}, snapshot() {}, diverged() {}, error() {}, ...events };
  return new TrainingClient(all, () => new FakeWorker() as unknown as Worker);
}

describe('training client', () => {
  it('an idle worker is ended after saving its weights, and a new one resumes them', async () => {
    FakeWorker.made = [];
    const c = client();
    c.start(run);
    await c.sleep();
    const first = FakeWorker.made[0]!;
    expect(first.sent.map((m) => m.type)).toEqual(['init', 'save']);
    expect(first.terminated).toBe(true);
    expect(c.alive).toBe(false);
    c.wake();
    const second = FakeWorker.made[1]!;
    const init = second.sent[0]!;
    expect(init.type).toBe('init');
    if (init.type !== 'init') throw new Error('unreachable');
    expect(init.resume?.step).toBe(42);
    expect(Array.from(init.resume!.network[0]!.weights)).toEqual(Array.from(initNetwork([3], 7)[0]!.weights));
  });

  it('reports a crashed worker and drops it, so the widget can start a new one', () => {
    FakeWorker.made = [];
    const errors: string[] = [];
    const c = client({ error: (m) => errors.push(m) });
    c.start(run);
    const w = FakeWorker.made[0]!;
    w.onerror?.({ message: 'Uncaught Error: out of memory', preventDefault() {} } as ErrorEvent);
    expect(errors).toEqual(['The training worker stopped: out of memory.']);
    expect(w.terminated).toBe(true);
    expect(c.alive).toBe(false);
    c.start(run);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('hands the worker’s messages to the right handler, and drops those about a replaced run', async () => {
    FakeWorker.made = [];
    const seen: string[] = [];
    const c = client({
      error: (m) => seen.push(`error ${m}`),
      diverged: (s) => seen.push(`diverged ${s.step}`),
      snapshot: (s) => seen.push(`snapshot ${s.step}`),
    });
    c.start(run);
    const w = FakeWorker.made[0]!;
    const snap = (step: number) => ({ step, loss: NaN, losses: new Float32Array(0), creases: new Float32Array(0), outputWeights: new Float32Array(0), image: null, stepsPerSecond: 0, partition: null, partitionMs: 0, trace: null });
    w.reply({ type: 'diverged', run: 1, snapshot: snap(9) });
    w.reply({ type: 'error', run: 1, message: 'no backend' });
    await Promise.resolve();
    // A new run (Reset): a snapshot of the old run still in flight must not reach the widget.
    c.start(run);
    w.reply({ type: 'snapshot', run: 1, snapshot: snap(500) });
    w.reply({ type: 'snapshot', run: 2, snapshot: snap(0) });
    await Promise.resolve();
    expect(seen).toEqual(['diverged 9', 'error The training worker stopped: no backend.', 'snapshot 0']);
  });

  it('a worker woken while it saves its weights is kept, not ended', async () => {
    FakeWorker.made = [];
    const c = client();
    c.start(run);
    const sleeping = c.sleep();
    c.wake(); // the figure came back into view before the weights arrived
    await sleeping;
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.terminated).toBe(false);
    expect(c.alive).toBe(true);
  });

  describe('the watchdog', () => {
    afterEach(() => vi.useRealTimers());
    const snap = (step: number) => ({ step, loss: 0.2, losses: new Float32Array(0), creases: new Float32Array(0), outputWeights: new Float32Array(0), image: null, stepsPerSecond: 0, partition: null, partitionMs: 0, trace: null });
    const engine = { name: 'fused-grid', kind: 'fused' as const, probe: null };

    it('says once, in the reader’s words, that a worker whose script did not load must be reloaded', () => {
      FakeWorker.made = [];
      const errors: string[] = [];
      const c = client({ error: (m) => errors.push(m) });
      c.start(run);
      // A script that fails to load (a 404 after a redeploy) fires a bare error event.
      FakeWorker.made[0]!.onerror?.({ message: '', preventDefault() {} } as ErrorEvent);
      expect(errors).toEqual([WORKER_MESSAGES.load]);
      expect(errors[0]).toMatch(/Reload the page/);
      expect(errors[0]).not.toMatch(/stopped: .*stopped/);
    });

    it('counts a worker that never answers its init as crashed, once, and a new start works', async () => {
      vi.useFakeTimers();
      FakeWorker.made = [];
      const errors: string[] = [];
      const c = client({ error: (m) => errors.push(m) });
      c.start(run);
      vi.advanceTimersByTime(WATCHDOG_MS - 1);
      expect(errors).toEqual([]);
      // Past the deadline, it looks once more a second later before it gives up.
      vi.advanceTimersByTime(2);
      expect(errors).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(errors).toEqual([WORKER_MESSAGES.silent]);
      expect(FakeWorker.made[0]!.terminated).toBe(true);
      expect(c.alive).toBe(false);
      vi.advanceTimersByTime(10 * WATCHDOG_MS);
      expect(errors).toHaveLength(1);
      c.start(run);
      expect(FakeWorker.made).toHaveLength(2);
    });

    it('lets a worker that answers take its time between requests, but not leave a frame unanswered', async () => {
      vi.useFakeTimers();
      FakeWorker.made = [];
      const errors: string[] = [];
      const c = client({ error: (m) => errors.push(m) });
      c.start(run);
      const w = FakeWorker.made[0]!;
      w.reply({ type: 'snapshot', run: 1, snapshot: snap(0) });
      w.reply({ type: 'ready', run: 1, engine, snapshot: snap(0) });
      await vi.advanceTimersByTimeAsync(0);
      // Nothing is owed: quiet is fine, however long.
      await vi.advanceTimersByTimeAsync(5 * READY_MS);
      expect(errors).toEqual([]);
      // Frames answered in time keep it alive.
      for (let k = 0; k < 20; k++) {
        c.frame();
        await vi.advanceTimersByTimeAsync(WATCHDOG_MS / 2);
        w.reply({ type: 'snapshot', run: 1, snapshot: snap(k) });
        await vi.advanceTimersByTimeAsync(0);
      }
      expect(errors).toEqual([]);
      // An answer that comes late, but in that last second (a computer waking from sleep): kept.
      c.frame();
      await vi.advanceTimersByTimeAsync(WATCHDOG_MS + 500);
      w.reply({ type: 'snapshot', run: 1, snapshot: snap(99) });
      await vi.advanceTimersByTimeAsync(2000);
      expect(errors).toEqual([]);
      // A frame nobody answers: a crash.
      c.frame();
      await vi.advanceTimersByTimeAsync(WATCHDOG_MS + 1001);
      expect(errors).toEqual([WORKER_MESSAGES.silent]);
    });

    it('gives a run whose engine loads slowly until READY_MS to be ready', async () => {
      vi.useFakeTimers();
      FakeWorker.made = [];
      const errors: string[] = [];
      const c = client({ error: (m) => errors.push(m) });
      c.start(run);
      const w = FakeWorker.made[0]!;
      w.reply({ type: 'snapshot', run: 1, snapshot: snap(0) });
      await vi.advanceTimersByTimeAsync(READY_MS - 10);
      expect(errors).toEqual([]);
      await vi.advanceTimersByTimeAsync(1020);
      expect(errors).toEqual([WORKER_MESSAGES.silent]);
    });
  });
});
