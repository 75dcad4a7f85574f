import { afterEach, describe, expect, it } from 'vitest';
import { LiveRun, type RunHost, SNAPSHOT_MS, initialView, overPicture, trainingShare } from '../../src/islands/live/liverun.ts';
import { TrainingClient } from '../../src/worker/client.ts';
import type { FromWorker, RunRequest, Snapshot, ToWorker } from '../../src/worker/protocol.ts';

const snap = (step: number, loss = 0.2): Snapshot => ({ step, loss, losses: new Float32Array(0), creases: new Float32Array(0), outputWeights: new Float32Array(0), image: null, stepsPerSecond: 0, partition: null, partitionMs: 0, trace: null });

/** A stand-in worker: records what it is sent; `answer` replies to the newest init as a real one would. */
class FakeWorker {
  sent: ToWorker[] = [];
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  postMessage(m: ToWorker): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  get newest(): number {
    const inits = this.sent.filter((m) => m.type === 'init');
    const last = inits[inits.length - 1];
    return last && last.type === 'init' ? last.id : 0;
  }
  deliver(data: FromWorker): void {
    this.onmessage?.({ data } as MessageEvent<FromWorker>);
  }
  answer(): void {
    this.deliver({ type: 'snapshot', run: this.newest, snapshot: snap(0) });
    this.deliver({ type: 'ready', run: this.newest, engine: { name: 'fused-grid', kind: 'fused', probe: null }, snapshot: snap(0) });
  }
}

const request: RunRequest = {
  settings: { hidden: [3], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 7 },
  target: { kind: 'named', name: 'circle' },
  trainSize: 8,
  displaySize: 16,
  backend: 'auto',
  engine: 'fused',
};

/** Every run a test made, ended after it (the page's training runs are shared between runs). */
const made: LiveRun[] = [];
afterEach(() => {
  for (const run of made.splice(0)) run.dispose();
});

function setup(cores = 2) {
  const workers: FakeWorker[] = [];
  const frames: ((time?: number) => void)[] = [];
  const host: RunHost = {
    client: (events) =>
      new TrainingClient(events, () => {
        const w = new FakeWorker();
        workers.push(w);
        return w as unknown as Worker;
      }),
    frame: (tick) => frames.push(tick),
    cancelFrame: () => {},
    cores: () => cores,
  };
  const taken: number[] = [];
  let cleared = 0;
  const view = initialView();
  const run = new LiveRun(view, { clear: () => cleared++, request: () => request, speed: () => 60, take: (s) => taken.push(s.step) }, host);
  made.push(run);
  return { run, view, workers, frames, taken, cleared: () => cleared, worker: () => workers[workers.length - 1]! };
}

describe('a live run', () => {
  it('starts idle, waits paused once the worker is ready, plays, asks for frames, pauses', () => {
    const t = setup();
    t.run.setVisible(true);
    t.run.start();
    expect(t.view.phase).toBe('idle');
    expect(t.cleared()).toBe(1);
    t.worker().answer();
    expect(t.view.phase).toBe('paused');
    t.run.play();
    expect(t.view.phase).toBe('training');
    expect(t.worker().sent.map((m) => m.type)).toEqual(['init', 'play', 'share']);
    t.frames.shift()!();
    expect(t.worker().sent.at(-1)!.type).toBe('frame');
    t.run.pause();
    expect(t.view).toMatchObject({ phase: 'paused', wantsPlay: false });
  });

  it('asks for 30 snapshots a second at 60 Hz; figures training at once share them, ask in the same frames and take them together in the next', () => {
    const a = setup();
    const b = setup();
    for (const t of [a, b]) {
      t.run.setVisible(true);
      t.run.start();
      t.worker().answer();
    }
    a.run.play();
    const asked = { a: [] as number[], b: [] as number[] };
    const tookAt = { a: [] as number[], b: [] as number[] };
    const frame = 1000 / 60;
    const reply = (t: typeof a, step: number) => t.worker().deliver({ type: 'snapshot', run: t.worker().newest, snapshot: snap(step) });
    for (let k = 0; k < 14; k++) {
      const time = 5000 + k * frame;
      // The second figure starts a frame later, out of step with the first.
      if (k === 1) b.run.play();
      const askers: (typeof a)[] = [];
      for (const [name, t] of [['a', a], ['b', b]] as const) {
        if (t.frames.length === 0) continue;
        const before = t.taken.length;
        const sent = t.worker().sent.length;
        t.frames.shift()!(time);
        if (t.taken.length > before) tookAt[name].push(k);
        if (t.worker().sent.length > sent) {
          expect(t.worker().sent.at(-1)!.type).toBe('frame');
          asked[name].push(k);
          askers.push(t);
        }
      }
      // Between frames the workers answer. Alone, a figure takes its snapshot at once; with
      // another training, it holds it for the next frame.
      for (const t of askers) {
        const before = t.taken.length;
        reply(t, 100 + k);
        if (k === 0) {
          expect(t.taken.length).toBe(before + 1);
          tookAt.a.push(k);
        } else expect(t.taken.length).toBe(before);
      }
    }
    expect(SNAPSHOT_MS).toBeCloseTo(1000 / 30);
    // Once both train, each asks every fourth frame (15 a second), in the same frames: the
    // second, started a frame after the first asked, waited for the first's next ask.
    expect(asked.a).toEqual([0, 4, 8, 12]);
    expect(asked.b).toEqual([4, 8, 12]);
    // Both take their snapshots in the next frame, in order, and in the same frames.
    expect(tookAt.a).toEqual([0, 5, 9, 13]);
    expect(tookAt.b).toEqual([5, 9, 13]);
    expect(a.taken.slice(-4)).toEqual([100, 104, 108, 112]);
    expect(b.taken.slice(-3)).toEqual([104, 108, 112]);
    // A pause takes what is still held, so the paused figure shows the newest.
    for (const t of [a, b]) t.frames.shift()!(5000 + 16 * frame);
    reply(a, 300);
    expect(a.taken.at(-1)).toBe(112);
    a.run.pause();
    expect(a.taken.at(-1)).toBe(300);
  });

  it('while training, lets what is drawn over the picture follow only snapshots that bring one', () => {
    const withPicture = { ...snap(5), image: new Float32Array(4) };
    expect(overPicture(snap(5), 'training')).toBe(false);
    expect(overPicture(withPicture, 'training')).toBe(true);
    for (const phase of ['idle', 'paused', 'done', 'error'] as const) expect(overPicture(snap(5), phase)).toBe(true);
  });

  it('leaves the page a core, and a half more for two live figures: on two cores, two figures training at once get a quarter core each, one alone a whole one', () => {
    expect(trainingShare(1, 2)).toBe(1);
    expect(trainingShare(2, 2)).toBe(0.25);
    expect(trainingShare(3, 2)).toBeCloseTo(1 / 6);
    expect(trainingShare(2, 1)).toBe(0.25);
    expect(trainingShare(2, 4)).toBe(1);
    expect(trainingShare(2, 8)).toBe(1);
    expect(trainingShare(4, 4)).toBeCloseTo(2.5 / 4);
    const a = setup(2);
    const b = setup(2);
    const shares = (t: ReturnType<typeof setup>) => t.worker().sent.flatMap((m) => (m.type === 'share' ? [m.share] : []));
    for (const t of [a, b]) {
      t.run.setVisible(true);
      t.run.start();
      t.worker().answer();
    }
    a.run.play();
    expect(shares(a)).toEqual([1]);
    b.run.play();
    expect(shares(a).at(-1)).toBe(0.25);
    expect(shares(b).at(-1)).toBe(0.25);
    b.run.pause();
    expect(shares(a).at(-1)).toBe(1);
  });

  it('plays once ready when Play was pressed while it started (a figure pressed before it was seen)', () => {
    const t = setup();
    t.run.setVisible(true);
    t.run.start();
    t.run.play();
    expect(t.view).toMatchObject({ phase: 'idle', wantsPlay: true });
    t.worker().answer();
    expect(t.view.phase).toBe('training');
  });

  it('keeps playing through thirty quick setting changes, and trains the last one', () => {
    const t = setup();
    t.run.setVisible(true);
    t.run.start();
    t.worker().answer();
    t.run.play();
    for (let k = 0; k < 30; k++) t.run.changeSettings();
    expect(t.view).toMatchObject({ phase: 'idle', wantsPlay: true });
    t.worker().answer();
    expect(t.view.phase).toBe('training');
    expect(t.worker().sent.filter((m) => m.type === 'init')).toHaveLength(31);
    // A reader who had paused stays paused through changes.
    t.run.pause();
    for (let k = 0; k < 5; k++) t.run.changeSettings();
    t.worker().answer();
    expect(t.view.phase).toBe('paused');
  });

  it('keeps a Step pressed while it started, and takes it once ready', () => {
    const t = setup();
    t.run.start();
    t.run.step(10);
    t.worker().answer();
    expect(t.worker().sent.at(-1)).toEqual({ type: 'step', count: 10 });
    expect(t.view.phase).toBe('paused');
  });

  it('pauses out of view and plays on when seen again, unless the reader paused', () => {
    const t = setup();
    t.run.setVisible(true);
    t.run.start();
    t.worker().answer();
    t.run.play();
    t.run.setVisible(false);
    expect(t.view).toMatchObject({ phase: 'paused', wantsPlay: true });
    t.run.setVisible(true);
    expect(t.view.phase).toBe('training');
    t.run.pause();
    t.run.setVisible(false);
    t.run.setVisible(true);
    expect(t.view.phase).toBe('paused');
    t.run.dispose();
  });

  it('says when a run diverges, and when its worker crashes; Restart brings a new worker', () => {
    const t = setup();
    t.run.setVisible(true);
    t.run.start();
    t.worker().answer();
    t.run.play();
    t.worker().deliver({ type: 'diverged', run: t.worker().newest, snapshot: snap(12, NaN) });
    expect(t.view.phase).toBe('done');
    expect(t.view.message).toMatchObject({ kind: 'diverged' });
    expect(t.view.message!.text).toContain('Training diverged at step 12: the loss is no longer a number');
    t.run.reset();
    expect(t.view.message).toBeNull();
    t.worker().answer();
    expect(t.view.phase).toBe('paused');
    t.worker().onerror?.({ message: 'Uncaught RangeError: out of memory', preventDefault() {} } as ErrorEvent);
    expect(t.view.phase).toBe('error');
    expect(t.view.message!.text).toBe('The training worker stopped: RangeError: out of memory.');
    t.run.restart();
    expect(t.workers).toHaveLength(2);
    // This one's script does not load: the reader is told to reload, once.
    t.worker().onerror?.({ message: '', preventDefault() {} } as ErrorEvent);
    expect(t.view.message!.text).toMatch(/^The training worker stopped before it started: .*Reload the page/);
    t.run.restart();
    expect(t.workers).toHaveLength(3);
    t.worker().answer();
    expect(t.view).toMatchObject({ phase: 'paused', message: null });
  });
});
