/**
 * The WebAssembly kernels of the batched engine and of the fused engine's grid rows
 * (assembly/kernels.ts, compiled by scripts/wasm.mjs): their types as JavaScript sees them, and
 * loading them. Where the browser validates a tiny module that uses 128-bit SIMD, the SIMD build
 * runs; elsewhere the scalar build of the same source. Both are a few kilobytes, carried inline
 * as base64.
 */
import { SCALAR_MODULE, SIMD_MODULE } from './binary.generated.ts';

/** Byte addresses (numbers) into the module's memory; f32 unless said otherwise. */
type Ptr = number;

export interface Kernels {
  readonly memory: WebAssembly.Memory;
  heapBase(): Ptr;
  zero(at: Ptr, count: number): void;
  gather(data: Ptr, stride: number, idx: Ptr, start: number, count: number, cols: number, input: Ptr, target: Ptr, weight: Ptr): void;
  dense(inp: Ptr, m: number, out: Ptr, n: number, w: Ptr, b: Ptr, cols: number, relu: number): void;
  squaredError(out: Ptr, target: Ptr, weight: Ptr, cols: number, scale: number, dout: Ptr): number;
  gradWeights(dz: Ptr, n: number, a: Ptr, m: number, gw: Ptr, gb: Ptr, cols: number): void;
  gradInputs(dz: Ptr, n: number, w: Ptr, m: number, a: Ptr, da: Ptr, cols: number): void;
  decay(theta: Ptr, grad: Ptr, count: number, lambda: number): void;
  adam(theta: Ptr, grad: Ptr, m: Ptr, v: Ptr, count: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, stats: Ptr): void;
  sgd(theta: Ptr, grad: Ptr, count: number, lr: number, stats: Ptr): void;
  momentum(theta: Ptr, grad: Ptr, acc: Ptr, count: number, lr: number, mu: number, stats: Ptr): void;
  rmsprop(theta: Ptr, grad: Ptr, ms: Ptr, count: number, lr: number, rho: number, epsilon: number, stats: Ptr): void;
  /** The fused engine's grid shortcut, every row (f64 buffers; see assembly/kernels.ts). */
  gridRows(
    n: number, width: number, K: number, rising: number, loss: number, total: number,
    xs: Ptr, padded: Ptr, ys: Ptr, a: Ptr, b: Ptr, c: Ptr, toColumn: Ptr, pv: Ptr, d: Ptr,
    bound: Ptr, rest: Ptr, up: Ptr, down: Ptr, line: Ptr, left: Ptr, right: Ptr, sums: Ptr, sumR: Ptr,
    targets: Ptr, weights: Ptr,
  ): number;
  /** Rows first … first + count − 1 of the grid's outputs, as f32 at `out`. */
  gridForward(
    n: number, width: number, K: number, rising: number,
    xs: Ptr, padded: Ptr, ys: Ptr, a: Ptr, b: Ptr, c: Ptr, toColumn: Ptr, pv: Ptr, d: Ptr,
    bound: Ptr, rest: Ptr, up: Ptr, down: Ptr, line: Ptr, first: number, count: number, out: Ptr,
  ): void;
}

export type KernelVariant = 'simd' | 'scalar';

/**
 * The smallest module that uses 128-bit SIMD: one function returning v128.const 0. A browser
 * without SIMD fails to validate it.
 */
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () → v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: one body of 20 bytes, no locals, v128.const
  ...new Array<number>(16).fill(0), // … its 16 bytes
  0x0b, // end
);

let simdAnswer: boolean | null = null;

/** True when this WebAssembly accepts 128-bit SIMD. */
export function simdSupported(): boolean {
  if (simdAnswer === null) {
    try {
      simdAnswer = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simdAnswer = false;
    }
  }
  return simdAnswer;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

const compiled = new Map<KernelVariant, Promise<WebAssembly.Module>>();

/** The compiled module of a variant (compiled once per page or worker). */
function moduleOf(variant: KernelVariant): Promise<WebAssembly.Module> {
  let m = compiled.get(variant);
  if (!m) compiled.set(variant, (m = WebAssembly.compile(decode(variant === 'simd' ? SIMD_MODULE : SCALAR_MODULE))));
  return m;
}

/**
 * A fresh instance of the kernels, with its own memory (one per trainer). The variant defaults to
 * SIMD where supported; asking for SIMD where it is not throws.
 */
export async function loadKernels(variant: KernelVariant = simdSupported() ? 'simd' : 'scalar'): Promise<{ kernels: Kernels; variant: KernelVariant }> {
  if (variant === 'simd' && !simdSupported()) throw new Error('this WebAssembly has no 128-bit SIMD');
  const instance = await WebAssembly.instantiate(await moduleOf(variant), {
    env: {
      abort: () => {
        throw new Error('the WebAssembly kernels aborted');
      },
    },
  });
  return { kernels: instance.exports as unknown as Kernels, variant };
}
