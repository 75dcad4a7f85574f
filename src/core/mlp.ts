/**
 * Multilayer ReLU networks of the plane, R² → R, as plain numbers: hidden layers apply ReLU, the
 * last layer is linear with one output. Both training engines start from the same weights made
 * here, so the same seed gives the same network whichever engine trains it.
 */
import { rng } from './rng.ts';

/** One layer: weights[o * inputs + i] connects input i to output o (row-major, out × in). */
export interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

export type Network = readonly Layer[];

/**
 * Layer sizes of a network with the given hidden widths: [inputs, ...hidden, outputs]: two inputs
 * for the plane itself (a network that sees it through Fourier features, src/core/fourier.ts, has
 * more) and one output for squared error (a K-class loss needs K, see src/core/loss.ts).
 */
export function layerSizes(hidden: readonly number[], outputs = 1, inputs = 2): number[] {
  return [inputs, ...hidden, outputs];
}

/**
 * Initial weights, from a seed (with `inputs` inputs; 2 for the plane itself).
 * - Hidden layers: Kaiming (He) uniform, w ~ U(-√(6/fan_in), √(6/fan_in)), which keeps the size of
 *   ReLU activations steady from layer to layer.
 * - First-layer biases: c ~ U(-1, 1). With a, b ~ U(-√3, √3), the creases then start spread over
 *   the square at random angles instead of all passing through the origin (as zero biases would).
 * - Deeper biases: 0.
 * - Output layer: LeCun uniform, w ~ U(-√(3/fan_in), √(3/fan_in)), bias 0 (no ReLU after it).
 */
export function initNetwork(hidden: readonly number[], seed: number, outputs = 1, inputs = 2): Network {
  const r = rng(seed);
  const sizes = layerSizes(hidden, outputs, inputs);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    const last = l + 2 === sizes.length;
    const limit = Math.sqrt((last ? 3 : 6) / inputs);
    const weights = new Float32Array(inputs * outputs);
    for (let k = 0; k < weights.length; k++) weights[k] = r.uniform(-limit, limit);
    const biases = new Float32Array(outputs);
    if (l === 0) for (let k = 0; k < outputs; k++) biases[k] = r.uniform(-1, 1);
    layers.push({ inputs, outputs, weights, biases });
  }
  return layers;
}

/** The first layer's weights and biases times `scale` (a copy): same creases, steeper sheets. */
export function scaleFirstLayer(net: Network, scale: number): Network {
  if (scale === 1) return net;
  return net.map((layer, l) =>
    l === 0 ? { ...layer, weights: layer.weights.map((w) => w * scale), biases: layer.biases.map((b) => b * scale) } : layer,
  );
}

export function cloneNetwork(net: Network): Network {
  return net.map((l) => ({ ...l, weights: l.weights.slice(), biases: l.biases.slice() }));
}

/** Number of trainable parameters. */
export function parameterCount(net: Network): number {
  return net.reduce((s, l) => s + l.weights.length + l.biases.length, 0);
}

/** The network's first output at one point (double precision). */
export function forward(net: Network, x: number, y: number): number {
  return forwardAll(net, x, y)[0]!;
}

/** Every output of the network at one point (double precision): K logits for a K-class network. */
export function forwardAll(net: Network, x: number, y: number): Float64Array {
  let input: Float64Array = Float64Array.of(x, y);
  for (let l = 0; l < net.length; l++) {
    const layer = net[l]!;
    const out = new Float64Array(layer.outputs);
    const last = l === net.length - 1;
    for (let o = 0; o < layer.outputs; o++) {
      let s = layer.biases[o]!;
      for (let i = 0; i < layer.inputs; i++) s += layer.weights[o * layer.inputs + i]! * input[i]!;
      out[o] = last ? s : Math.max(s, 0);
    }
    input = out;
  }
  return input;
}

/**
 * The first hidden layer as creases: neuron k is (a, b, c) = (w[k, 0], w[k, 1], bias[k]), and its
 * weight in the output is that of the output layer (for one hidden layer; 0 otherwise).
 * Returned interleaved: [a0, b0, c0, a1, b1, c1, …].
 */
export function firstLayerCreases(net: Network): Float32Array {
  const first = net[0]!;
  const out = new Float32Array(first.outputs * 3);
  for (let k = 0; k < first.outputs; k++) {
    out[3 * k] = first.weights[2 * k]!;
    out[3 * k + 1] = first.weights[2 * k + 1]!;
    out[3 * k + 2] = first.biases[k]!;
  }
  return out;
}

/** Mean squared error of the network on a dataset (double precision). */
export function meanSquaredError(net: Network, inputs: ArrayLike<number>, targets: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < targets.length; k++) {
    const d = forward(net, inputs[2 * k]!, inputs[2 * k + 1]!) - targets[k]!;
    s += d * d;
  }
  return s / targets.length;
}
