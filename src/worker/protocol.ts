/**
 * Messages between a page and its training worker: tagged unions, one file for both sides.
 *
 * The page starts a run with `init`, then steers it (`play`, `pause`, `step`). While training, the
 * worker sends a `snapshot` only after the page asked for one with `frame`, so the page gets at most
 * one per animation frame and never a queue of stale ones. Every run has a number, and every reply
 * carries the number of the run it is about: replies still in flight from a run the page has
 * replaced are recognised and dropped.
 */
import type { Box } from '../core/geometry.ts';
import type { Network } from '../core/mlp.ts';
import type { Partition } from '../core/regions.ts';
import type { Sampling, SplitScores } from '../core/samples.ts';
import type { ClassTargetName } from '../core/classes.ts';
import type { TargetName } from '../core/targets.ts';
import type { FusedSettings } from '../train/fused.ts';

/** Which TensorFlow.js backend to use: the best that initialises, or one by name (tests, benchmarks). */
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const ENGINES: readonly EngineChoice[] = ['auto', 'fused', 'tfjs'];

/** A backend named in a page's address (`?backend=wasm`, for tests and benchmarks), or null. */
export function parseBackendChoice(text: string | null): BackendChoice | null {
  return BACKENDS.find((b) => b === text) ?? null;
}

/** An engine named in a page's address (`?engine=fused`), or null. */
export function parseEngineChoice(text: string | null): EngineChoice | null {
  return ENGINES.find((e) => e === text) ?? null;
}

/**
 * Which engine trains: the fused typed-array engine, the batched WebAssembly engine, TensorFlow.js,
 * or 'auto': on the CPU the fused engine for one hidden layer on the picture grid and the batched
 * WebAssembly engine otherwise (src/worker/engines.ts); where a real GPU exists, a short probe of
 * that engine and TensorFlow.js (≤ 200 ms), and the faster one wins.
 */
export type EngineChoice = 'auto' | 'fused' | 'wasm' | 'tfjs';

/** How the engine was chosen, for the widget's read-out and for remembering the choice. */
export interface EngineReport {
  /** The engine that runs, e.g. "fused-grid", "wasm-simd" or "tfjs-webgl". */
  readonly name: string;
  readonly kind: 'fused' | 'wasm' | 'tfjs';
  /**
   * Steps per second each contender made in the probe (when there was one): `fused` is the CPU
   * engine's (fused or batched WebAssembly, named by `cpuName`).
   */
  readonly probe: { readonly fused: number; readonly cpuName?: string; readonly tfjs: number; readonly tfjsName: string } | null;
}

/**
 * What to learn: a picture drawn by code, by name, or pixels (a photograph, the reader's own); a
 * few samples of a picture drawn by code at trainSize × trainSize, every other pixel held out to
 * test on (src/core/samples.ts; such a run's displaySize must be its trainSize: the picture the
 * page draws is the one both losses are read from); or classes by name (src/core/classes.ts; the
 * run's loss is then a cross-entropy: a softmax over their number, or for two a sigmoid on one
 * output).
 */
export type TargetSpec =
  | { readonly kind: 'named'; readonly name: TargetName }
  | { readonly kind: 'pixels'; readonly pixels: Float32Array }
  | { readonly kind: 'samples'; readonly name: TargetName; readonly sampling: Sampling }
  | { readonly kind: 'classes'; readonly name: ClassTargetName };

/** What a classifier's snapshot says about it, on the training points. */
export interface ClassSnapshot {
  /** Share of training points whose largest logit is their class's. */
  readonly accuracy: number;
  /** Mean of the largest logit minus the runner-up. */
  readonly margin: number;
  /** Euclidean (Frobenius) norm of the last layer's weights. */
  readonly lastLayerNorm: number;
  /**
   * The exact decision boundaries (src/core/boundaries.ts), four numbers per segment (x1, y1, x2,
   * y2 in the square's coordinates); null for networks with too many linear regions to trace.
   */
  readonly boundaries: Float32Array | null;
}

/** Most hidden neurons for which a classifier's snapshots trace its exact decision boundaries. */
export const BOUNDARY_NEURONS = 200;

export interface RunRequest {
  /** The fused engine's options (Adam's constants, weight decay, …) are honoured by it alone. */
  readonly settings: FusedSettings;
  readonly target: TargetSpec;
  /** Side of the training grid (e.g. 64 → 4,096 points); pixels come at this size. */
  readonly trainSize: number;
  /** Side of the prediction image the page draws (e.g. 256). */
  readonly displaySize: number;
  readonly backend: BackendChoice;
  readonly engine: EngineChoice;
  /**
   * Also send the exact partition into linear regions (src/core/regions.ts) with the snapshots,
   * recomputed as often as its cost allows; it stops between layers past `maxRegions`.
   */
  readonly regions?: { readonly maxRegions: number; readonly box?: Box };
  /**
   * Also record, after every step, what the optimizer did (the fused and batched WebAssembly
   * engines): the snapshots then carry it in `trace`. Steps are then taken one at a time.
   */
  readonly trace?: boolean;
}

/** Numbers recorded per step when a run asks for a trace, in this order. */
export const TRACE_FIELDS = ['updateNorm', 'gradientNorm', 'secondMomentRoot'] as const;

/** A run's weights and where it was, to go on with in a new worker (the optimizer starts afresh). */
export interface Saved {
  readonly network: Network;
  readonly step: number;
  /** The run's loss before its first step: divergence is judged against it. */
  readonly initialLoss: number;
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly id: number;
      readonly run: RunRequest;
      readonly resume?: Saved;
    }
  | { readonly type: 'play'; readonly stepsPerSecond: number }
  /**
   * The share of one core (0–1] the run may use while it plays as fast as it goes: figures that
   * train at once share the cores the page leaves them (src/islands/live/liverun.ts). Default 1.
   */
  | { readonly type: 'share'; readonly share: number }
  | { readonly type: 'pause' }
  | { readonly type: 'step'; readonly count: number }
  | { readonly type: 'frame' }
  | { readonly type: 'save' }
  /** The prediction at size × size (for a picture the reader saves), answered with `rendered`. */
  | { readonly type: 'render'; readonly size: number }
  /** Partition this part of the plane from now on (a run that asked for regions). */
  | { readonly type: 'regions'; readonly box: Box };

export interface Snapshot {
  readonly step: number;
  /** Training loss (the run's loss, src/core/loss.ts) at the last step taken. */
  readonly loss: number;
  /** Loss of each step since the previous snapshot, oldest first. */
  readonly losses: Float32Array;
  /** The first hidden layer as creases, interleaved (a, b, c) per neuron. */
  readonly creases: Float32Array;
  /** Weight of each first-layer neuron in the output (one hidden layer), else empty. */
  readonly outputWeights: Float32Array;
  /**
   * The prediction at displaySize × displaySize, row by row, when it was redrawn: one value per
   * pixel, or for K classes the K logits of each pixel in turn (one logit for a sigmoid).
   */
  readonly image: Float32Array | null;
  /**
   * For a run with cross-entropy: its read-outs, measured when the image was last redrawn (a
   * sigmoid's one logit z read as the two logits (0, z)).
   */
  readonly classes?: ClassSnapshot | null;
  readonly stepsPerSecond: number;
  /** The linear regions, when the run asked for them and they were recomputed for this snapshot. */
  readonly partition: Partition | null;
  /** Milliseconds the last partition took to compute (over all its slices). */
  readonly partitionMs: number;
  /**
   * The longest the partition held training up in one go since training last started, in ms
   * (it is computed in slices between chunks of training; 0 when there was none).
   */
  readonly partitionPauseMs?: number;
  /**
   * For a run that asked for a trace: per step since the previous snapshot, the TRACE_FIELDS
   * (the second moment's median root is NaN for optimizers without one); else null.
   */
  readonly trace: Float32Array | null;
  /**
   * For a run on samples of a picture: train and test loss (and accuracy, for a two-tone picture)
   * read off this snapshot's image, when there is one; else null.
   */
  readonly heldOut?: SplitScores | null;
}

/** Every reply names the run (the `id` of its `init`) it is about. */
export type FromWorker = { readonly run: number } & (
  | { readonly type: 'ready'; readonly engine: EngineReport; readonly snapshot: Snapshot }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'diverged'; readonly snapshot: Snapshot }
  | ({ readonly type: 'saved' } & Saved)
  | { readonly type: 'rendered'; readonly size: number; readonly step: number; readonly image: Float32Array }
  | { readonly type: 'error'; readonly message: string }
);

/**
 * Whether a run asks for something TensorFlow.js does not do (Adam's constants or variants, weight
 * decay, an initial scale, per-sample weights, an input rotation, Fourier features): 'auto' then
 * runs the CPU engine that follows it (src/worker/engines.ts) without timing TensorFlow.js.
 */
export function cpuOnly(settings: FusedSettings): boolean {
  return Boolean(settings.adam || settings.weightDecay || settings.initScale !== undefined || settings.sampleWeights || settings.inputRotation || settings.fourier);
}

/** The typed arrays of a message, to transfer rather than copy. */
export function transferables(message: FromWorker): Transferable[] {
  const out: Transferable[] = [];
  const add = (a: Float32Array | null): void => {
    if (a && a.byteLength > 0) out.push(a.buffer as ArrayBuffer);
  };
  if (message.type === 'ready' || message.type === 'snapshot' || message.type === 'diverged') {
    const s = message.snapshot;
    add(s.losses);
    add(s.creases);
    add(s.outputWeights);
    add(s.image);
    add(s.trace);
    add(s.classes?.boundaries ?? null);
    const p = s.partition;
    if (p) for (const a of [p.start, p.xy, p.edgeLayer, p.patterns, p.gradient, p.offset]) out.push(a.buffer as ArrayBuffer);
  }
  if (message.type === 'rendered') add(message.image);
  if (message.type === 'saved') {
    for (const l of message.network) {
      add(l.weights);
      add(l.biases);
    }
  }
  return out;
}

/** Speeds the widget offers, in steps per second (Infinity: as fast as the engine goes). */
export const SPEEDS = [
  { label: 'slow', stepsPerSecond: 10 },
  { label: 'medium', stepsPerSecond: 60 },
  { label: 'as fast as it goes', stepsPerSecond: Infinity },
] as const;
