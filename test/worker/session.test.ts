import { describe, expect, it } from 'vitest';
import { firstDivergence } from '../../src/core/loss.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { drawPicture, samplePixels, scoreSplit, splitDataset, splitPicture } from '../../src/core/samples.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';
import type { FromWorker, RunRequest, ToWorker } from '../../src/worker/protocol.ts';
import { type Engines, TrainingSession } from '../../src/worker/session.ts';
import { createWasmTrainer } from '../../src/train/wasm.ts';
import { SQUARE } from '../../src/core/geometry.ts';
import { networkLayers, partition } from '../../src/core/regions.ts';

const request = (over: Partial<RunRequest['settings']> = {}, extra: Partial<RunRequest> = {}): RunRequest => ({
  settings: { hidden: [10], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 3, ...over },
  target: { kind: 'named', name: 'circle' },
  trainSize: 16,
  displaySize: 8,
  backend: 'auto',
  engine: 'auto',
  ...extra,
});

/** A session with a recording host and the fused engine; `built` counts the engines made. */
function session(over: Partial<Engines> = {}) {
  const posted: FromWorker[] = [];
  let built = 0;
  const engines: Engines = {
    fused: (r, data) => {
      built++;
      return createFusedTrainer(r.settings, data);
    },
    choose: async () => ({ name: 'fused', kind: 'fused', probe: null }),
    start: async () => null,
    ...over,
  };
  const s = new TrainingSession(
    {
      post: (m) => posted.push(m),
      now: () => performance.now(),
      later: (turn, ms) => setTimeout(turn, ms),
      settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
    },
    engines,
  );
  const send = async (...messages: ToWorker[]): Promise<void> => {
    for (const m of messages) s.receive(m);
    await s.idle();
  };
  return { s, posted, send, built: () => built };
}

const snapshots = (posted: FromWorker[]) => posted.flatMap((m) => (m.type === 'snapshot' || m.type === 'ready' || m.type === 'diverged' ? [{ type: m.type, run: m.run, ...m.snapshot }] : []));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the training session', () => {
  it('starts a run with a first picture, then says it is ready; steps follow the same run as the engine in Node', async () => {
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request() });
    expect(posted.map((m) => m.type)).toEqual(['snapshot', 'ready']);
    const first = snapshots(posted)[0]!;
    expect(first).toMatchObject({ run: 1, step: 0 });
    expect(first.image).toHaveLength(64);
    await send({ type: 'step', count: 5 });
    const after = snapshots(posted).at(-1)!;
    expect(after.step).toBe(5);
    const node = await createFusedTrainer(request().settings, sampleTarget(TARGETS.circle, 16));
    expect(Array.from(after.losses)).toEqual(Array.from(node.step(5)));
  });

  it('trains a classifier: K logits per pixel, and its accuracy, margin and last-layer norm on the training points', async () => {
    const { posted, send } = session();
    const run = request({ hidden: [30], learningRate: 0.02, loss: { kind: 'softmax-cross-entropy', classes: 2 } }, { target: { kind: 'classes', name: 'disc' } });
    await send({ type: 'init', id: 1, run });
    const first = snapshots(posted)[0]!;
    expect(first.image).toHaveLength(2 * 64);
    expect(first.classes!.accuracy).toBeGreaterThan(0);
    expect(first.classes!.lastLayerNorm).toBeGreaterThan(0);
    await send({ type: 'step', count: 300 });
    const after = snapshots(posted).at(-1)!;
    expect(after.classes!.accuracy).toBeGreaterThan(0.95);
    expect(after.classes!.margin).toBeGreaterThan(first.classes!.margin);
    expect(after.loss).toBeLessThan(0.2);
  });

  it('trains a classifier with one output and a sigmoid: one logit per pixel, read-outs and boundaries where z = 0', async () => {
    const { posted, send } = session();
    const run = request({ hidden: [30], learningRate: 0.02, loss: { kind: 'sigmoid-cross-entropy' } }, { target: { kind: 'classes', name: 'disc' } });
    await send({ type: 'init', id: 1, run });
    const first = snapshots(posted)[0]!;
    expect(first.image).toHaveLength(64);
    expect(first.outputWeights).toHaveLength(30);
    await send({ type: 'step', count: 300 });
    const after = snapshots(posted).at(-1)!;
    expect(after.classes!.accuracy).toBeGreaterThan(0.95);
    expect(after.classes!.margin).toBeGreaterThan(first.classes!.margin);
    expect(after.loss).toBeLessThan(0.2);
    const b = after.classes!.boundaries!;
    expect(b.length).toBeGreaterThan(0);
    // The boundary goes round the disc: nearly all its ends lie near the disc's rim.
    let near = 0;
    for (let k = 0; k < b.length; k += 2) if (Math.abs(Math.hypot(b[k]!, b[k + 1]!) - 0.5) < 0.2) near++;
    expect(near / (b.length / 2)).toBeGreaterThan(0.9);
  });

  it('builds only the newest of many quick inits, and ignores what was sent to the others', async () => {
    const { posted, send, built } = session();
    const messages: ToWorker[] = [];
    for (let id = 1; id <= 30; id++) messages.push({ type: 'init', id, run: request({ learningRate: id % 2 ? 0.01 : 0.003 }) }, { type: 'play', stepsPerSecond: 60 }, { type: 'pause' });
    await send(...messages, { type: 'step', count: 2 });
    expect(built()).toBe(1);
    expect(new Set(posted.map((m) => m.run))).toEqual(new Set([30]));
    expect(snapshots(posted).at(-1)!.step).toBe(2);
  });

  it('plays at full speed until paused, answering frames while it plays, then stands still', async () => {
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request() });
    await send({ type: 'play', stepsPerSecond: Infinity });
    await sleep(60);
    await send({ type: 'frame' });
    await sleep(40);
    expect(snapshots(posted).filter((m) => m.type === 'snapshot').length).toBeGreaterThan(1);
    await send({ type: 'pause' });
    const paused = snapshots(posted).at(-1)!.step;
    expect(paused).toBeGreaterThan(0);
    const count = posted.length;
    await sleep(60);
    expect(posted.length, 'nothing more while paused').toBe(count);
    // A paused run answers a frame only when it owes a newer picture (it does not).
    await send({ type: 'frame' });
    expect(posted.length).toBe(count);
  });

  it('saves its weights, and a new session resumes them where they were', async () => {
    const a = session();
    await a.send({ type: 'init', id: 1, run: request() }, { type: 'step', count: 7 }, { type: 'save' });
    const saved = a.posted.at(-1)!;
    if (saved.type !== 'saved') throw new Error(`expected saved, got ${saved.type}`);
    expect(saved.step).toBe(7);
    const b = session();
    await b.send({ type: 'init', id: 4, run: request(), resume: { network: saved.network, step: saved.step, initialLoss: saved.initialLoss } });
    const first = snapshots(b.posted)[0]!;
    expect(first).toMatchObject({ run: 4, step: 7 });
    const node = await createFusedTrainer(request().settings, sampleTarget(TARGETS.circle, 16));
    node.step(7);
    expect(first.loss).toBeCloseTo(node.loss(), 6);
    expect(saved.initialLoss).toBe(snapshots(a.posted)[0]!.loss);
  });

  it('judges divergence against the run’s start, on every step: a blow-up that settles within a batch still ends the run', async () => {
    // RMSprop at rate 10 with 10 neurons: a loss of millions at step 1, then it sits near 25, far
    // below any fixed threshold but a hundred times where it started.
    const settings = { hidden: [10], optimizer: 'rmsprop' as const, learningRate: 10, batchSize: 0, seed: 1 };
    const node = await createFusedTrainer(settings, sampleTarget(TARGETS.circle, 64));
    const start = node.loss();
    const losses = node.step(200);
    expect(losses[199]!).toBeGreaterThan(20 * start);
    expect(losses[199]!).toBeLessThan(1000);
    const at = firstDivergence(losses, start);
    expect(at).toBeGreaterThanOrEqual(0);
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request(settings, { trainSize: 64 }) }, { type: 'step', count: 200 });
    const last = posted.at(-1)!;
    expect(last.type).toBe('diverged');
  });

  it('carries the starting loss into a resumed run (a tiny start makes any real loss a blow-up)', async () => {
    const a = session();
    await a.send({ type: 'init', id: 1, run: request() }, { type: 'save' });
    const saved = a.posted.at(-1)!;
    if (saved.type !== 'saved') throw new Error('expected saved');
    const b = session();
    await b.send({ type: 'init', id: 1, run: request(), resume: { network: saved.network, step: 0, initialLoss: 1e-9 } }, { type: 'step', count: 1 });
    expect(b.posted.at(-1)!.type).toBe('diverged');
  });

  it('traces the optimizer step by step when asked, and stops at the step a traced run diverges', async () => {
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request({}, { trace: true }) }, { type: 'step', count: 4 });
    const s = snapshots(posted).at(-1)!;
    expect(s.trace).toHaveLength(12);
    const settings = { hidden: [500], optimizer: 'sgd' as const, learningRate: 0.03, batchSize: 0, seed: 1 };
    const node = await createFusedTrainer(settings, sampleTarget(TARGETS.circle, 64));
    const start = node.loss();
    const at = firstDivergence(node.step(50), start);
    expect(at).toBeGreaterThan(0);
    const run2 = session();
    await run2.send({ type: 'init', id: 2, run: request(settings, { trainSize: 64, trace: true, engine: 'fused' }) }, { type: 'step', count: 50 });
    const end = run2.posted.at(-1)!;
    expect(end.type).toBe('diverged');
    if (end.type === 'diverged') expect(end.snapshot.step).toBe(at + 1);
  });

  it('posts an error for what it cannot do, and stays usable', async () => {
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request({}, { engine: 'auto' }) });
    const bad = session();
    bad.s.receive({ type: 'init', id: 1, run: request({ loss: { kind: 'nonsense' } as never }) });
    await bad.s.idle();
    expect(bad.posted.at(-1)).toMatchObject({ type: 'error', run: 1 });
    await bad.send({ type: 'init', id: 2, run: request() });
    expect(bad.posted.at(-1)).toMatchObject({ type: 'ready', run: 2 });
    expect(posted.at(-1)!.type).toBe('ready');
  });

  it('hands a deep run to the engine chosen, which goes on from the same weights; the partition comes with its longest pause', async () => {
    const deep = request({ hidden: [8, 8, 8], batchSize: 64 }, { trainSize: 16, regions: { maxRegions: 50_000 } });
    const { posted, send } = session({
      choose: async () => ({ name: 'wasm', kind: 'wasm', probe: null }),
      start: async (report, r, data) => {
        const t = await createWasmTrainer(r.settings, data);
        return { trainer: t, inspectable: t, report };
      },
    });
    await send({ type: 'init', id: 1, run: deep });
    const ready = posted.find((m) => m.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('expected ready');
    expect(ready.engine.name).toMatch(/^wasm-(simd|scalar)$/);
    await send({ type: 'step', count: 3 });
    const after = snapshots(posted).at(-1)!;
    expect(after.step).toBe(3);
    const node = await createWasmTrainer(deep.settings, sampleTarget(TARGETS.circle, 16));
    const expected = node.step(3);
    for (let k = 0; k < 3; k++) expect(after.losses[k]!).toBeCloseTo(expected[k]!, 5);
    // The partition sent after a step is the exact one of the weights at that step.
    expect(after.partition).not.toBeNull();
    const exact = partition(networkLayers(node.network()), SQUARE, { maxRegions: 50_000 });
    expect(after.partition!.count).toBe(exact.count);
    expect(after.partitionPauseMs).toBeGreaterThanOrEqual(0);
  });
  it('trains a run on samples of a picture on those pixels only, and scores its picture on the pixels held out', async () => {
    const sampling = { kind: 'random', count: 40, seed: 5 } as const;
    const run = request({ hidden: [6, 6] }, { target: { kind: 'samples', name: 'ring', sampling }, trainSize: 16, displaySize: 16 });
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run }, { type: 'step', count: 20 });
    const last = snapshots(posted).at(-1)!;
    expect(last.step).toBe(20);
    // The same run in Node, on the same 40 pixels, and the scores of its picture.
    const split = splitPicture(drawPicture(TARGETS.ring, 16), samplePixels(16, sampling));
    const node = await createFusedTrainer(run.settings, splitDataset(split));
    const losses = node.step(20);
    expect(Array.from(last.losses)).toEqual(Array.from(losses));
    const scores = scoreSplit(split, node.predict(16));
    expect(last.heldOut!.trainLoss).toBeCloseTo(scores.trainLoss, 6);
    expect(last.heldOut!.testLoss).toBeCloseTo(scores.testLoss, 6);
    expect(last.heldOut!.testAccuracy).toBeCloseTo(scores.testAccuracy!, 6);
    // Not the training loss under another name: the two differ.
    expect(Math.abs(last.heldOut!.testLoss - last.heldOut!.trainLoss)).toBeGreaterThan(1e-4);
    // A named target has no held-out pixels.
    const plain = session();
    await plain.send({ type: 'init', id: 1, run: request() }, { type: 'step', count: 1 });
    expect(snapshots(plain.posted).at(-1)!.heldOut).toBeNull();
  });

  it('refuses a run on samples whose picture is drawn at another size than it samples', async () => {
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: request({}, { target: { kind: 'samples', name: 'ring', sampling: { kind: 'grid', side: 4 } }, trainSize: 16, displaySize: 8 }) });
    expect(posted.map((m) => m.type)).toEqual(['error']);
  });

  it('runs a network on Fourier features with pictures as in Node, and no creases or partition of the plane', async () => {
    const fourier = request({ fourier: { count: 4, scale: 1, seed: 2 } }, { regions: { maxRegions: 1000 } });
    const { posted, send } = session();
    await send({ type: 'init', id: 1, run: fourier }, { type: 'step', count: 3 });
    const after = snapshots(posted).at(-1)!;
    expect(after.step).toBe(3);
    expect(after.creases).toHaveLength(0);
    expect(after.partition).toBeNull();
    const node = await createFusedTrainer(fourier.settings, sampleTarget(TARGETS.circle, 16));
    expect(Array.from(after.losses)).toEqual(Array.from(node.step(3)));
    expect(Array.from(after.image!)).toEqual(Array.from(node.predict(8)));
    // The same run on the plane itself does have both.
    const plane = session();
    await plane.send({ type: 'init', id: 1, run: request({}, { regions: { maxRegions: 1000 } }) }, { type: 'step', count: 3 });
    const flat = snapshots(plane.posted).at(-1)!;
    expect(flat.creases.length).toBeGreaterThan(0);
    expect(flat.partition!.count).toBeGreaterThan(1);
  });
});

describe('the share of a core', () => {
  it('at full speed, rests between slices of training in proportion to its share (none at a whole core)', async () => {
    const posted: FromWorker[] = [];
    const turns: { turn: () => void; ms: number }[] = [];
    const s = new TrainingSession(
      { post: (m) => posted.push(m), now: () => performance.now(), later: (turn, ms) => void turns.push({ turn, ms }), settle: () => Promise.resolve() },
      { fused: (r, data) => createFusedTrainer(r.settings, data), choose: async () => ({ name: 'fused', kind: 'fused', probe: null }), start: async () => null },
    );
    s.receive({ type: 'init', id: 1, run: request() });
    await s.idle();
    s.receive({ type: 'play', stepsPerSecond: Infinity });
    await s.idle();
    const next = () => {
      const t = turns.shift()!;
      t.turn();
      return turns.at(-1)!.ms;
    };
    // A whole core: the next slice follows at once.
    expect(next()).toBe(0);
    s.receive({ type: 'share', share: 0.5 });
    await s.idle();
    // Half a core: it rests as long as it trained (a slice lasts at least 12 ms).
    expect(next()).toBeGreaterThanOrEqual(12);
    s.receive({ type: 'share', share: 0.25 });
    await s.idle();
    expect(next()).toBeGreaterThanOrEqual(36);
    s.receive({ type: 'pause' });
    await s.idle();
  });
});
