/**
 * What a reader can take away from a live figure and bring back: its weights as a versioned JSON
 * file (with the figure's settings, seed and step, so a loaded file goes on exactly where it was
 * saved), and its loss history as CSV. Reading a file takes nothing on trust: anything malformed,
 * or made for another figure or another network, is refused with a sentence saying why, and
 * nothing changes. Plain TypeScript, tested in Node.
 */
import { layerSizes, type Layer, type Network } from '../../core/mlp.ts';
import type { History } from '../../core/history.ts';
import { type Loss, lossOf, outputsOf } from '../../core/loss.ts';
import type { Saved } from '../../worker/protocol.ts';
import { SEED_RANGE, type Table, type Value, accepts, entries } from './table.ts';

/** Names the format in every file; `version` changes whenever its meaning does. */
export const WEIGHTS_FORMAT = 'folded-paper-weights';
export const WEIGHTS_VERSION = 1;
/** Files larger than this are not read (the largest network of the essay is far below it). */
export const MAX_WEIGHTS_BYTES = 20_000_000;

export interface WeightsFile {
  readonly format: typeof WEIGHTS_FORMAT;
  readonly version: number;
  /** The figure's kind (its data-widget) and id on its page. */
  readonly figure: string;
  readonly id: string;
  readonly settings: Record<string, Value>;
  readonly seed: number;
  readonly step: number;
  /** The loss the run started from (divergence is judged against it). */
  readonly initialLoss: number;
  /** Layer sizes, input first: [2, 10, 1]. */
  readonly sizes: number[];
  /** Per layer: weights row by row (one row per output), then biases. */
  readonly layers: { readonly weights: number[]; readonly biases: number[] }[];
}

/** The file for a figure's run: its settings and seed, and the weights and step saved. */
export function weightsFile(figure: string, id: string, settings: Record<string, Value>, seed: number, saved: Saved): WeightsFile {
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    figure,
    id,
    settings,
    seed,
    step: saved.step,
    initialLoss: saved.initialLoss,
    sizes: [saved.network[0]!.inputs, ...saved.network.map((l) => l.outputs)],
    // Float32 values as the shortest decimals that read back to the same float32 (exact round trip).
    layers: saved.network.map((l) => ({ weights: Array.from(l.weights), biases: Array.from(l.biases) })),
  };
}

export function weightsJson(file: WeightsFile): string {
  return JSON.stringify(file);
}

export type ReadWeights<V> =
  | { readonly ok: true; readonly values: V; readonly seed: number; readonly saved: Saved }
  | { readonly ok: false; readonly message: string };

const refuse = (why: string): { ok: false; message: string } => ({ ok: false, message: `This file was not loaded, and the figure is unchanged: ${why}` });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteNumbers = (v: unknown, length: number): v is number[] => Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const arrow = (sizes: readonly (number | string)[]): string => sizes.join(' → ');

/**
 * Reads a weights file for a figure of kind `figure` with this settings table. `sizesFor` gives
 * the layer sizes the figure builds for some settings (so a file whose network does not match
 * its own settings is refused too).
 */
export function readWeights<V>(text: string, figure: string, table: Table<V>, sizesFor: (values: V, seed: number) => number[]): ReadWeights<V> {
  if (text.length > MAX_WEIGHTS_BYTES) return refuse('it is too large to be a weights file of this essay.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse('it is not a JSON file (it may be cut short, or another kind of file).');
  }
  if (!isRecord(data) || data['format'] !== WEIGHTS_FORMAT) return refuse('it is not a weights file saved from this essay.');
  if (data['version'] !== WEIGHTS_VERSION) return refuse(`it has format version ${String(data['version'])}, and this page reads version ${WEIGHTS_VERSION}.`);
  if (data['figure'] !== figure) return refuse(`it was saved from another kind of figure (“${typeof data['figure'] === 'string' ? data['figure'].slice(0, 40) : '?'}”), not this one.`);
  const settings = data['settings'];
  if (!isRecord(settings)) return refuse('its settings are missing.');
  const values = {} as V;
  const record = values as Record<string, Value>;
  const wrong: string[] = [];
  for (const [key, spec] of entries(table)) {
    const v = settings[key];
    record[key] = v as Value;
    if (!accepts(spec, v, values)) wrong.push(spec.label.toLowerCase());
  }
  const extra = Object.keys(settings).filter((k) => !(k in (table as object)));
  if (wrong.length || extra.length) return refuse(`its settings do not fit this figure (${[...wrong, ...extra.map(() => 'a setting this figure does not have')].join(', ')}).`);
  const seed = data['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < SEED_RANGE.min || seed > SEED_RANGE.max) return refuse('its seed is not a whole number in range.');
  const step = data['step'];
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return refuse('its step is not a whole number.');
  const initialLoss = data['initialLoss'];
  if (typeof initialLoss !== 'number' || !(initialLoss >= 0)) return refuse('its starting loss is missing.');
  const sizes = data['sizes'];
  const expected = sizesFor(values, seed);
  if (!Array.isArray(sizes) || sizes.length !== expected.length || sizes.some((n, i) => n !== expected[i])) {
    return refuse(`its network (${Array.isArray(sizes) ? arrow(sizes.map(String)) : 'of no size'}) is not the one its settings make here (${arrow(expected.map(String))}).`);
  }
  const layers = data['layers'];
  if (!Array.isArray(layers) || layers.length !== expected.length - 1) return refuse('its layers are missing.');
  const network: Layer[] = [];
  for (let l = 0; l < layers.length; l++) {
    const layer: unknown = layers[l];
    const inputs = expected[l]!;
    const outputs = expected[l + 1]!;
    if (!isRecord(layer) || !finiteNumbers(layer['weights'], inputs * outputs) || !finiteNumbers(layer['biases'], outputs)) {
      return refuse(`layer ${l + 1} does not hold ${inputs * outputs} weights and ${outputs} biases, all numbers.`);
    }
    network.push({ inputs, outputs, weights: Float32Array.from(layer['weights']), biases: Float32Array.from(layer['biases']) });
  }
  return { ok: true, values, seed, saved: { network: network as Network, step, initialLoss } };
}

/** The layer sizes a run request trains: its hidden widths and the outputs its loss needs. */
export const sizesOf = (settings: { readonly hidden: readonly number[]; readonly loss?: Loss }): number[] => layerSizes(settings.hidden, outputsOf(lossOf(settings)));

/** The loss history as CSV: a header, then one line per step recorded. */
export function lossCsv(history: History): string {
  const lines = ['step,loss'];
  for (let k = 0; k < history.length; k++) lines.push(`${history.steps[k]},${history.values[k]}`);
  return `${lines.join('\n')}\n`;
}

/** Picture sizes offered for saving the prediction. */
export const PICTURE_SIZES = [256, 512, 1024, 2048] as const;

/** A file name for something saved from a figure: "folded-paper-ten-step-120.json". */
export function fileName(id: string, step: number, what: string, ext: string): string {
  return `folded-paper-${id}-${what ? `${what}-` : ''}step-${step}.${ext}`;
}
