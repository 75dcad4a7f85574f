// Kernels of the batched WebAssembly engine (AssemblyScript; compiled by scripts/wasm.mjs into a
// SIMD module and a scalar one, from this same file: `ASC_FEATURE_SIMD` picks the branch at
// compile time, and the other branch is not compiled at all).
//
// Nothing here allocates. JavaScript lays the memory out once per run (src/train/wasm.ts) and
// hands these functions byte addresses. A "block" is a matrix of `rows` × `cols` f32 stored row
// by row with `cols` numbers per row: one row per unit (input coordinate, neuron, output), one
// column per sample of the chunk of the batch. `cols` is always a multiple of 8, so a row is a
// whole number of 128-bit lanes and every row starts 32-byte aligned.
//
// Weights are row-major, out × in (as src/core/mlp.ts has them): w[o * inputs + i].

// ---------------------------------------------------------------------------------------------
// Layout helpers

/** First free byte after the module's own static data. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/** Zeroes `count` f32 from `at`. */
export function zero(at: usize, count: i32): void {
  memory.fill(at, 0, <usize>count << 2);
}

// ---------------------------------------------------------------------------------------------
// Batches

/**
 * Gathers samples into a chunk: the data is stored as four rows of `stride` f32 (x, y, target,
 * weight); sample q of the chunk is data column idx[q] (or start + q when idx is 0). Columns from
 * `count` to `cols` are padding: at the origin, with target 0 and weight 0.
 */
export function gather(data: usize, stride: i32, idx: usize, start: i32, count: i32, cols: i32, input: usize, target: usize, weight: usize): void {
  const row = <usize>stride << 2;
  const out = <usize>cols << 2;
  for (let q = 0; q < count; q++) {
    const p = idx ? load<i32>(idx + (<usize>q << 2)) : start + q;
    const from = data + (<usize>p << 2);
    const to = <usize>q << 2;
    store<f32>(input + to, load<f32>(from));
    store<f32>(input + out + to, load<f32>(from + row));
    store<f32>(target + to, load<f32>(from + 2 * row));
    store<f32>(weight + to, load<f32>(from + 3 * row));
  }
  for (let q = count; q < cols; q++) {
    const to = <usize>q << 2;
    store<f32>(input + to, 0);
    store<f32>(input + out + to, 0);
    store<f32>(target + to, 0);
    store<f32>(weight + to, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Forward: out = W·in + b, through a ReLU or not

/**
 * out[o][c] = b[o] + Σᵢ w[o·m + i]·in[i][c], then max(·, 0) when `relu` (zero where not > 0, as
 * the other engines do). `inp` is m × cols, `out` is n × cols.
 */
export function dense(inp: usize, m: i32, out: usize, n: i32, w: usize, b: usize, cols: i32, relu: bool): void {
  const stride = <usize>cols << 2;
  const wRow = <usize>m << 2;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    for (let c = 0; c < cols; c += 8) {
      const ic = inp + (<usize>c << 2);
      const oc = out + (<usize>c << 2);
      let o = 0;
      // Four units × eight samples at a time: eight accumulators.
      for (; o + 4 <= n; o += 4) {
        const w0 = w + <usize>o * wRow;
        const w1 = w0 + wRow;
        const w2 = w1 + wRow;
        const w3 = w2 + wRow;
        const bo = b + (<usize>o << 2);
        let a00 = v128.load32_splat(bo);
        let a10 = v128.load32_splat(bo, 4);
        let a20 = v128.load32_splat(bo, 8);
        let a30 = v128.load32_splat(bo, 12);
        let a01 = a00;
        let a11 = a10;
        let a21 = a20;
        let a31 = a30;
        let ip = ic;
        for (let i = 0; i < m; i++) {
          const x0 = v128.load(ip);
          const x1 = v128.load(ip, 16);
          const k = <usize>i << 2;
          const s0 = v128.load32_splat(w0 + k);
          a00 = f32x4.add(a00, f32x4.mul(s0, x0));
          a01 = f32x4.add(a01, f32x4.mul(s0, x1));
          const s1 = v128.load32_splat(w1 + k);
          a10 = f32x4.add(a10, f32x4.mul(s1, x0));
          a11 = f32x4.add(a11, f32x4.mul(s1, x1));
          const s2 = v128.load32_splat(w2 + k);
          a20 = f32x4.add(a20, f32x4.mul(s2, x0));
          a21 = f32x4.add(a21, f32x4.mul(s2, x1));
          const s3 = v128.load32_splat(w3 + k);
          a30 = f32x4.add(a30, f32x4.mul(s3, x0));
          a31 = f32x4.add(a31, f32x4.mul(s3, x1));
          ip += stride;
        }
        if (relu) {
          a00 = v128.and(a00, f32x4.gt(a00, zero));
          a01 = v128.and(a01, f32x4.gt(a01, zero));
          a10 = v128.and(a10, f32x4.gt(a10, zero));
          a11 = v128.and(a11, f32x4.gt(a11, zero));
          a20 = v128.and(a20, f32x4.gt(a20, zero));
          a21 = v128.and(a21, f32x4.gt(a21, zero));
          a30 = v128.and(a30, f32x4.gt(a30, zero));
          a31 = v128.and(a31, f32x4.gt(a31, zero));
        }
        const op = oc + <usize>o * stride;
        v128.store(op, a00);
        v128.store(op, a01, 16);
        v128.store(op + stride, a10);
        v128.store(op + stride, a11, 16);
        v128.store(op + 2 * stride, a20);
        v128.store(op + 2 * stride, a21, 16);
        v128.store(op + 3 * stride, a30);
        v128.store(op + 3 * stride, a31, 16);
      }
      // The last n mod 4 units one at a time.
      for (; o < n; o++) {
        const wo = w + <usize>o * wRow;
        let a0 = v128.load32_splat(b + (<usize>o << 2));
        let a1 = a0;
        let ip = ic;
        for (let i = 0; i < m; i++) {
          const s = v128.load32_splat(wo + (<usize>i << 2));
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(ip)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(ip, 16)));
          ip += stride;
        }
        if (relu) {
          a0 = v128.and(a0, f32x4.gt(a0, zero));
          a1 = v128.and(a1, f32x4.gt(a1, zero));
        }
        const op = oc + <usize>o * stride;
        v128.store(op, a0);
        v128.store(op, a1, 16);
      }
    }
  } else {
    for (let o = 0; o < n; o++) {
      const wo = w + <usize>o * wRow;
      const bias = load<f32>(b + (<usize>o << 2));
      const op = out + <usize>o * stride;
      for (let c = 0; c < cols; c++) store<f32>(op + (<usize>c << 2), bias);
      for (let i = 0; i < m; i++) {
        const s = load<f32>(wo + (<usize>i << 2));
        const ip = inp + <usize>i * stride;
        for (let c = 0; c < cols; c++) {
          const at = <usize>c << 2;
          store<f32>(op + at, load<f32>(op + at) + s * load<f32>(ip + at));
        }
      }
      if (relu) {
        for (let c = 0; c < cols; c++) {
          const at = <usize>c << 2;
          const z = load<f32>(op + at);
          store<f32>(op + at, z > 0 ? z : 0);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The loss: mean squared error, and its gradient with respect to the output

/**
 * Mean squared error of one output row against the targets: returns Σ_c weight[c]·e² with
 * e = out[c] − target[c], and writes d(loss)/d(out) = scale·weight[c]·e into `dout` (scale is
 * 2 / Σ weights over the whole batch). Padding columns have weight 0.
 */
export function squaredError(out: usize, target: usize, weight: usize, cols: i32, scale: f32, dout: usize): f64 {
  let sum: f64 = 0;
  for (let c = 0; c < cols; c++) {
    const at = <usize>c << 2;
    const wc = load<f32>(weight + at);
    const e = load<f32>(out + at) - load<f32>(target + at);
    sum += <f64>wc * <f64>e * <f64>e;
    store<f32>(dout + at, scale * wc * e);
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Backward

/**
 * gw[o·m + i] += Σ_c dz[o][c]·a[i][c] and gb[o] += Σ_c dz[o][c]: the gradient of a layer's
 * weights and biases from the gradient at its pre-activations (dz, n × cols) and its input
 * (a, m × cols).
 */
export function gradWeights(dz: usize, n: i32, a: usize, m: i32, gw: usize, gb: usize, cols: i32): void {
  const stride = <usize>cols << 2;
  const wRow = <usize>m << 2;
  if (ASC_FEATURE_SIMD) {
    let o = 0;
    for (; o + 4 <= n; o += 4) {
      const d0 = dz + <usize>o * stride;
      const d1 = d0 + stride;
      const d2 = d1 + stride;
      const d3 = d2 + stride;
      const g0 = gw + <usize>o * wRow;
      let i = 0;
      // Four units × two inputs at a time: eight accumulators of four lanes each.
      for (; i + 2 <= m; i += 2) {
        const x0 = a + <usize>i * stride;
        const x1 = x0 + stride;
        let s00 = f32x4.splat(0);
        let s01 = s00;
        let s10 = s00;
        let s11 = s00;
        let s20 = s00;
        let s21 = s00;
        let s30 = s00;
        let s31 = s00;
        for (let c: usize = 0; c < stride; c += 16) {
          const v0 = v128.load(x0 + c);
          const v1 = v128.load(x1 + c);
          const e0 = v128.load(d0 + c);
          s00 = f32x4.add(s00, f32x4.mul(e0, v0));
          s01 = f32x4.add(s01, f32x4.mul(e0, v1));
          const e1 = v128.load(d1 + c);
          s10 = f32x4.add(s10, f32x4.mul(e1, v0));
          s11 = f32x4.add(s11, f32x4.mul(e1, v1));
          const e2 = v128.load(d2 + c);
          s20 = f32x4.add(s20, f32x4.mul(e2, v0));
          s21 = f32x4.add(s21, f32x4.mul(e2, v1));
          const e3 = v128.load(d3 + c);
          s30 = f32x4.add(s30, f32x4.mul(e3, v0));
          s31 = f32x4.add(s31, f32x4.mul(e3, v1));
        }
        const k = g0 + (<usize>i << 2);
        addPair(k, s00, s01);
        addPair(k + wRow, s10, s11);
        addPair(k + 2 * wRow, s20, s21);
        addPair(k + 3 * wRow, s30, s31);
      }
      if (i < m) {
        const x0 = a + <usize>i * stride;
        let s0 = f32x4.splat(0);
        let s1 = s0;
        let s2 = s0;
        let s3 = s0;
        for (let c: usize = 0; c < stride; c += 16) {
          const v0 = v128.load(x0 + c);
          s0 = f32x4.add(s0, f32x4.mul(v128.load(d0 + c), v0));
          s1 = f32x4.add(s1, f32x4.mul(v128.load(d1 + c), v0));
          s2 = f32x4.add(s2, f32x4.mul(v128.load(d2 + c), v0));
          s3 = f32x4.add(s3, f32x4.mul(v128.load(d3 + c), v0));
        }
        const k = g0 + (<usize>i << 2);
        addTo(k, s0);
        addTo(k + wRow, s1);
        addTo(k + 2 * wRow, s2);
        addTo(k + 3 * wRow, s3);
      }
    }
    for (; o < n; o++) {
      const d0 = dz + <usize>o * stride;
      const g0 = gw + <usize>o * wRow;
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const x0 = a + <usize>i * stride;
        const x1 = x0 + stride;
        const x2 = x1 + stride;
        const x3 = x2 + stride;
        let s0 = f32x4.splat(0);
        let s1 = s0;
        let s2 = s0;
        let s3 = s0;
        for (let c: usize = 0; c < stride; c += 16) {
          const e = v128.load(d0 + c);
          s0 = f32x4.add(s0, f32x4.mul(e, v128.load(x0 + c)));
          s1 = f32x4.add(s1, f32x4.mul(e, v128.load(x1 + c)));
          s2 = f32x4.add(s2, f32x4.mul(e, v128.load(x2 + c)));
          s3 = f32x4.add(s3, f32x4.mul(e, v128.load(x3 + c)));
        }
        const k = g0 + (<usize>i << 2);
        addTo(k, s0);
        addTo(k + 4, s1);
        addTo(k + 8, s2);
        addTo(k + 12, s3);
      }
      for (; i < m; i++) {
        const x0 = a + <usize>i * stride;
        let s0 = f32x4.splat(0);
        for (let c: usize = 0; c < stride; c += 16) s0 = f32x4.add(s0, f32x4.mul(v128.load(d0 + c), v128.load(x0 + c)));
        addTo(g0 + (<usize>i << 2), s0);
      }
    }
    // Bias gradients: row sums of dz.
    for (let r = 0; r < n; r++) {
      const d0 = dz + <usize>r * stride;
      let s0 = f32x4.splat(0);
      let s1 = s0;
      for (let c: usize = 0; c < stride; c += 32) {
        s0 = f32x4.add(s0, v128.load(d0 + c));
        s1 = f32x4.add(s1, v128.load(d0 + c, 16));
      }
      addTo(gb + (<usize>r << 2), f32x4.add(s0, s1));
    }
  } else {
    for (let o = 0; o < n; o++) {
      const d0 = dz + <usize>o * stride;
      const g0 = gw + <usize>o * wRow;
      for (let i = 0; i < m; i++) {
        const x0 = a + <usize>i * stride;
        let s: f32 = 0;
        for (let c: usize = 0; c < stride; c += 4) s += load<f32>(d0 + c) * load<f32>(x0 + c);
        const k = g0 + (<usize>i << 2);
        store<f32>(k, load<f32>(k) + s);
      }
      let s: f32 = 0;
      for (let c: usize = 0; c < stride; c += 4) s += load<f32>(d0 + c);
      const k = gb + (<usize>o << 2);
      store<f32>(k, load<f32>(k) + s);
    }
  }
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  // (l0 + l2) + (l1 + l3)
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

// @ts-ignore: decorator
@inline function addTo(at: usize, v: v128): void {
  store<f32>(at, load<f32>(at) + hsum(v));
}

// @ts-ignore: decorator
@inline function addPair(at: usize, v0: v128, v1: v128): void {
  store<f32>(at, load<f32>(at) + hsum(v0));
  store<f32>(at, load<f32>(at, 4) + hsum(v1), 4);
}

/**
 * da[i][c] = Σ_o w[o·m + i]·dz[o][c], kept where a[i][c] > 0 and zero elsewhere: the gradient at
 * the previous layer's pre-activations, through its ReLU (a is that layer's output, m × cols).
 */
export function gradInputs(dz: usize, n: i32, w: usize, m: i32, a: usize, da: usize, cols: i32): void {
  const stride = <usize>cols << 2;
  const wRow = <usize>m << 2;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    for (let c = 0; c < cols; c += 8) {
      const dc = dz + (<usize>c << 2);
      const off = <usize>c << 2;
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        let a00 = zero;
        let a01 = zero;
        let a10 = zero;
        let a11 = zero;
        let a20 = zero;
        let a21 = zero;
        let a30 = zero;
        let a31 = zero;
        let dp = dc;
        let wp = w + (<usize>i << 2);
        for (let o = 0; o < n; o++) {
          const e0 = v128.load(dp);
          const e1 = v128.load(dp, 16);
          const s0 = v128.load32_splat(wp);
          a00 = f32x4.add(a00, f32x4.mul(s0, e0));
          a01 = f32x4.add(a01, f32x4.mul(s0, e1));
          const s1 = v128.load32_splat(wp, 4);
          a10 = f32x4.add(a10, f32x4.mul(s1, e0));
          a11 = f32x4.add(a11, f32x4.mul(s1, e1));
          const s2 = v128.load32_splat(wp, 8);
          a20 = f32x4.add(a20, f32x4.mul(s2, e0));
          a21 = f32x4.add(a21, f32x4.mul(s2, e1));
          const s3 = v128.load32_splat(wp, 12);
          a30 = f32x4.add(a30, f32x4.mul(s3, e0));
          a31 = f32x4.add(a31, f32x4.mul(s3, e1));
          dp += stride;
          wp += wRow;
        }
        const ap = a + <usize>i * stride + off;
        const op = da + <usize>i * stride + off;
        v128.store(op, v128.and(a00, f32x4.gt(v128.load(ap), zero)));
        v128.store(op, v128.and(a01, f32x4.gt(v128.load(ap, 16), zero)), 16);
        v128.store(op + stride, v128.and(a10, f32x4.gt(v128.load(ap + stride), zero)));
        v128.store(op + stride, v128.and(a11, f32x4.gt(v128.load(ap + stride, 16), zero)), 16);
        v128.store(op + 2 * stride, v128.and(a20, f32x4.gt(v128.load(ap + 2 * stride), zero)));
        v128.store(op + 2 * stride, v128.and(a21, f32x4.gt(v128.load(ap + 2 * stride, 16), zero)), 16);
        v128.store(op + 3 * stride, v128.and(a30, f32x4.gt(v128.load(ap + 3 * stride), zero)));
        v128.store(op + 3 * stride, v128.and(a31, f32x4.gt(v128.load(ap + 3 * stride, 16), zero)), 16);
      }
      for (; i < m; i++) {
        let a0 = zero;
        let a1 = zero;
        let dp = dc;
        let wp = w + (<usize>i << 2);
        for (let o = 0; o < n; o++) {
          const s = v128.load32_splat(wp);
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(dp)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(dp, 16)));
          dp += stride;
          wp += wRow;
        }
        const ap = a + <usize>i * stride + off;
        const op = da + <usize>i * stride + off;
        v128.store(op, v128.and(a0, f32x4.gt(v128.load(ap), zero)));
        v128.store(op, v128.and(a1, f32x4.gt(v128.load(ap, 16), zero)), 16);
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const op = da + <usize>i * stride;
      for (let c = 0; c < cols; c++) store<f32>(op + (<usize>c << 2), 0);
      for (let o = 0; o < n; o++) {
        const s = load<f32>(w + <usize>o * wRow + (<usize>i << 2));
        const dp = dz + <usize>o * stride;
        for (let c = 0; c < cols; c++) {
          const at = <usize>c << 2;
          store<f32>(op + at, load<f32>(op + at) + s * load<f32>(dp + at));
        }
      }
      const ap = a + <usize>i * stride;
      for (let c = 0; c < cols; c++) {
        const at = <usize>c << 2;
        if (!(load<f32>(ap + at) > 0)) store<f32>(op + at, 0);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Optimizers (TensorFlow.js's formulas, as src/train/fused.ts has them). Each takes `count`
// parameters (a multiple of 4; padding entries are zero and stay zero) and leaves in `stats`
// (three f64) Σ update², max |update| and Σ gradient².

/** g[k] += λ·θ[k] for `count` entries from `at` (L2 weight decay on one weight matrix). */
export function decay(theta: usize, grad: usize, count: i32, lambda: f32): void {
  for (let k = 0; k < count; k++) {
    const at = <usize>k << 2;
    store<f32>(grad + at, load<f32>(grad + at) + lambda * load<f32>(theta + at));
  }
}

// @ts-ignore: decorator
@inline function finish(stats: usize, u2: v128, most: v128, g2: v128): void {
  store<f64>(stats, <f64>hsum(u2));
  const m = f32x4.max(most, v128.shuffle<f32>(most, most, 2, 3, 0, 1));
  store<f64>(stats, <f64>max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), 8);
  store<f64>(stats, <f64>hsum(g2), 16);
}

// @ts-ignore: decorator
@inline function finishScalar(stats: usize, u2: f64, most: f64, g2: f64): void {
  store<f64>(stats, u2);
  store<f64>(stats, most, 8);
  store<f64>(stats, g2, 16);
}

/** Adam with bias correction: c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ for this step t. */
export function adam(theta: usize, grad: usize, m: usize, v: usize, count: i32, lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32, stats: usize): void {
  if (ASC_FEATURE_SIMD) {
    const b1 = f32x4.splat(beta1);
    const b2 = f32x4.splat(beta2);
    const nb1 = f32x4.splat(1 - beta1);
    const nb2 = f32x4.splat(1 - beta2);
    const r = f32x4.splat(lr);
    const k1 = f32x4.splat(c1);
    const k2 = f32x4.splat(c2);
    const eps = f32x4.splat(epsilon);
    let u2 = f32x4.splat(0);
    let most = u2;
    let g2 = u2;
    const end = <usize>count << 2;
    for (let at: usize = 0; at < end; at += 16) {
      const g = v128.load(grad + at);
      const mk = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(nb1, g));
      const vk = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(nb2, f32x4.mul(g, g)));
      v128.store(m + at, mk);
      v128.store(v + at, vk);
      const before = v128.load(theta + at);
      const after = f32x4.sub(before, f32x4.div(f32x4.mul(r, f32x4.div(mk, k1)), f32x4.add(f32x4.sqrt(f32x4.div(vk, k2)), eps)));
      v128.store(theta + at, after);
      const d = f32x4.sub(after, before);
      u2 = f32x4.add(u2, f32x4.mul(d, d));
      most = f32x4.max(most, f32x4.abs(d));
      g2 = f32x4.add(g2, f32x4.mul(g, g));
    }
    finish(stats, u2, most, g2);
  } else {
    let u2: f64 = 0;
    let most: f64 = 0;
    let g2: f64 = 0;
    for (let k = 0; k < count; k++) {
      const at = <usize>k << 2;
      const g = load<f32>(grad + at);
      const mk: f32 = beta1 * load<f32>(m + at) + (1 - beta1) * g;
      const vk: f32 = beta2 * load<f32>(v + at) + (1 - beta2) * (g * g);
      store<f32>(m + at, mk);
      store<f32>(v + at, vk);
      const before = load<f32>(theta + at);
      const after: f32 = before - (lr * (mk / c1)) / (<f32>Mathf.sqrt(vk / c2) + epsilon);
      store<f32>(theta + at, after);
      const d = <f64>(after - before);
      u2 += d * d;
      most = max(most, abs(d));
      g2 += <f64>g * <f64>g;
    }
    finishScalar(stats, u2, most, g2);
  }
}

/** Plain gradient descent. */
export function sgd(theta: usize, grad: usize, count: i32, lr: f32, stats: usize): void {
  if (ASC_FEATURE_SIMD) {
    const r = f32x4.splat(lr);
    let u2 = f32x4.splat(0);
    let most = u2;
    let g2 = u2;
    const end = <usize>count << 2;
    for (let at: usize = 0; at < end; at += 16) {
      const g = v128.load(grad + at);
      const before = v128.load(theta + at);
      const after = f32x4.sub(before, f32x4.mul(r, g));
      v128.store(theta + at, after);
      const d = f32x4.sub(after, before);
      u2 = f32x4.add(u2, f32x4.mul(d, d));
      most = f32x4.max(most, f32x4.abs(d));
      g2 = f32x4.add(g2, f32x4.mul(g, g));
    }
    finish(stats, u2, most, g2);
  } else {
    let u2: f64 = 0;
    let most: f64 = 0;
    let g2: f64 = 0;
    for (let k = 0; k < count; k++) {
      const at = <usize>k << 2;
      const g = load<f32>(grad + at);
      const before = load<f32>(theta + at);
      const after: f32 = before - lr * g;
      store<f32>(theta + at, after);
      const d = <f64>(after - before);
      u2 += d * d;
      most = max(most, abs(d));
      g2 += <f64>g * <f64>g;
    }
    finishScalar(stats, u2, most, g2);
  }
}

/** Momentum as TensorFlow.js has it: a ← μ·a + g, θ ← θ − lr·a. */
export function momentum(theta: usize, grad: usize, acc: usize, count: i32, lr: f32, mu: f32, stats: usize): void {
  if (ASC_FEATURE_SIMD) {
    const r = f32x4.splat(lr);
    const u = f32x4.splat(mu);
    let u2 = f32x4.splat(0);
    let most = u2;
    let g2 = u2;
    const end = <usize>count << 2;
    for (let at: usize = 0; at < end; at += 16) {
      const g = v128.load(grad + at);
      const a = f32x4.add(f32x4.mul(u, v128.load(acc + at)), g);
      v128.store(acc + at, a);
      const before = v128.load(theta + at);
      const after = f32x4.sub(before, f32x4.mul(r, a));
      v128.store(theta + at, after);
      const d = f32x4.sub(after, before);
      u2 = f32x4.add(u2, f32x4.mul(d, d));
      most = f32x4.max(most, f32x4.abs(d));
      g2 = f32x4.add(g2, f32x4.mul(g, g));
    }
    finish(stats, u2, most, g2);
  } else {
    let u2: f64 = 0;
    let most: f64 = 0;
    let g2: f64 = 0;
    for (let k = 0; k < count; k++) {
      const at = <usize>k << 2;
      const g = load<f32>(grad + at);
      const a: f32 = mu * load<f32>(acc + at) + g;
      store<f32>(acc + at, a);
      const before = load<f32>(theta + at);
      const after: f32 = before - lr * a;
      store<f32>(theta + at, after);
      const d = <f64>(after - before);
      u2 += d * d;
      most = max(most, abs(d));
      g2 += <f64>g * <f64>g;
    }
    finishScalar(stats, u2, most, g2);
  }
}

/** RMSprop without momentum: s ← ρ·s + (1 − ρ)·g², θ ← θ − lr·g / √(s + ε). */
export function rmsprop(theta: usize, grad: usize, ms: usize, count: i32, lr: f32, rho: f32, epsilon: f32, stats: usize): void {
  if (ASC_FEATURE_SIMD) {
    const r = f32x4.splat(lr);
    const p = f32x4.splat(rho);
    const np = f32x4.splat(1 - rho);
    const eps = f32x4.splat(epsilon);
    let u2 = f32x4.splat(0);
    let most = u2;
    let g2 = u2;
    const end = <usize>count << 2;
    for (let at: usize = 0; at < end; at += 16) {
      const g = v128.load(grad + at);
      const s = f32x4.add(f32x4.mul(p, v128.load(ms + at)), f32x4.mul(np, f32x4.mul(g, g)));
      v128.store(ms + at, s);
      const before = v128.load(theta + at);
      const after = f32x4.sub(before, f32x4.div(f32x4.mul(r, g), f32x4.sqrt(f32x4.add(s, eps))));
      v128.store(theta + at, after);
      const d = f32x4.sub(after, before);
      u2 = f32x4.add(u2, f32x4.mul(d, d));
      most = f32x4.max(most, f32x4.abs(d));
      g2 = f32x4.add(g2, f32x4.mul(g, g));
    }
    finish(stats, u2, most, g2);
  } else {
    let u2: f64 = 0;
    let most: f64 = 0;
    let g2: f64 = 0;
    for (let k = 0; k < count; k++) {
      const at = <usize>k << 2;
      const g = load<f32>(grad + at);
      const s: f32 = rho * load<f32>(ms + at) + (1 - rho) * (g * g);
      store<f32>(ms + at, s);
      const before = load<f32>(theta + at);
      const after: f32 = before - (lr * g) / <f32>Mathf.sqrt(s + epsilon);
      store<f32>(theta + at, after);
      const d = <f64>(after - before);
      u2 += d * d;
      most = max(most, abs(d));
      g2 += <f64>g * <f64>g;
    }
    finishScalar(stats, u2, most, g2);
  }
}

// ---------------------------------------------------------------------------------------------
// The fused engine's grid shortcut (src/train/fused.ts, GridKernel): one hidden layer trained on a
// whole size × size picture, a row at a time. JavaScript lays out the network (neurons in the
// pass's order, rising ones first, as src/core/gridpass.ts prepares them) and the row buffers in
// f64; `gridRows` repeats GridPass.row operation for operation (the same sums in the same order),
// turns each row's outputs into its loss and d(loss)/d(output), and adds the row's share into the
// gradient sums, which JavaScript then puts together. Numbers are f64 throughout.

// @ts-ignore: decorator
@inline function ld(base: usize, k: i32): f64 {
  return load<f64>(base + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline function st(base: usize, k: i32, value: f64): void {
  store<f64>(base + (<usize>k << 3), value);
}

// @ts-ignore: decorator
@inline function add(base: usize, k: i32, value: f64): void {
  const at = base + (<usize>k << 3);
  store<f64>(at, load<f64>(at) + value);
}

/** max(z, 0) + log(1 + e^−|z|), as src/core/loss.ts computes softplus. */
function softplus(z: f64): f64 {
  return max(z, 0) + Math.log1p(Math.exp(-abs(z)));
}

/** σ(z), as src/core/loss.ts computes it. */
function sigmoid(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Row i of the network on the grid, as GridPass.row computes it: each neuron's boundary column
 * into `bound` (i32) and b·y + c into `rest`, and the K outputs of each pixel into `line`.
 */
// @ts-ignore: decorator
@inline function gridRow(
  i: i32, n: i32, width: i32, K: i32, rising: i32,
  xs: usize, padded: usize, ys: usize, a: usize, b: usize, c: usize, toColumn: usize, pv: usize, d: usize,
  bound: usize, rest: usize, up: usize, down: usize, line: usize,
): void {
  const stride = 2 * K;
  const next: f64 = <f64>(n + 1) / 2;
  const y = ld(ys, i);
  // Boundaries: the first column past the crossing, checked on either side.
  for (let p = 0; p < width; p++) {
    const ap = ld(a, p);
    const r = ld(b, p) * y + ld(c, p);
    st(rest, p, r);
    // Truncated with saturation (NaN to 0), then clamped to [0, n] without branches.
    let t = <i32>(r * ld(toColumn, p) + next);
    t = select<i32>(t, 0, t > 0);
    t = select<i32>(t, n, t < n);
    if ((ap * ld(padded, t) + r > 0) == (ap * ld(padded, t + 1) + r > 0)) {
      if (p < rising) {
        while (t > 0 && ap * ld(xs, t - 1) + r > 0) t--;
        while (t < n && !(ap * ld(xs, t) + r > 0)) t++;
      } else {
        while (t < n && ap * ld(xs, t) + r > 0) t++;
        while (t > 0 && !(ap * ld(xs, t - 1) + r > 0)) t--;
      }
    }
    store<i32>(bound + (<usize>p << 2), t);
  }
  // Forward: each neuron's slope and intercept at its boundary, per output.
  memory.fill(up, 0, <usize>((n + 1) * stride) << 3);
  memory.fill(down, 0, <usize>((n + 1) * stride) << 3);
  for (let p = 0; p < width; p++) {
    const t = load<i32>(bound + (<usize>p << 2));
    const r = ld(rest, p);
    const into = p < rising ? up : down;
    if (ASC_FEATURE_SIMD) {
      // The pair (slope, intercept) at once: (v·a, v) times (1, r).
      const scale = f64x2.replace_lane(f64x2.splat(1), 1, r);
      let q = into + (<usize>(t * stride) << 3);
      let h = pv + (<usize>(p * stride) << 3);
      for (let o = 0; o < K; o++, q += 16, h += 16) v128.store(q, f64x2.add(v128.load(q), f64x2.mul(v128.load(h), scale)));
    } else {
      let q = t * stride;
      let h = p * stride;
      for (let o = 0; o < K; o++, q += 2, h += 2) {
        add(into, q, ld(pv, h));
        add(into, q + 1, ld(pv, h + 1) * r);
      }
    }
  }
  // Running sums: the falling neurons' from the right, the rising ones' from the left, in one loop.
  for (let j = 1, q = (n - 1) * stride, u = stride; j < n; j++, q -= stride, u += stride) {
    for (let o = 0; o < stride; o++) {
      add(down, q + o, ld(down, q + stride + o));
      add(up, u + o, ld(up, u - stride + o));
    }
  }
  for (let j = 0, q = 0; j < n; j++) {
    const x = ld(xs, j);
    for (let o = 0; o < K; o++, q += 2) {
      st(line, j * K + o, ld(d, o) + (ld(up, q) + ld(down, q + stride)) * x + (ld(up, q + 1) + ld(down, q + stride + 1)));
    }
  }
}

/**
 * Rows first … first + count − 1 of the network's outputs on the grid (a picture), as 32-bit
 * floats at out (row after row, K per pixel), through gridRow's buffers.
 */
export function gridForward(
  n: i32, width: i32, K: i32, rising: i32,
  xs: usize, padded: usize, ys: usize, a: usize, b: usize, c: usize, toColumn: usize, pv: usize, d: usize,
  bound: usize, rest: usize, up: usize, down: usize, line: usize, first: i32, count: i32, out: usize,
): void {
  const each = n * K;
  for (let i = first; i < first + count; i++) {
    gridRow(i, n, width, K, rising, xs, padded, ys, a, b, c, toColumn, pv, d, bound, rest, up, down, line);
    const to = out + (<usize>((i - first) * each) << 2);
    for (let q = 0; q < each; q++) store<f32>(to + (<usize>q << 2), <f32>ld(line, q));
  }
}

/**
 * Every row of the grid: loss summed over the pixels (weighted when `weights` is not 0), and the
 * gradient sums. `loss` is 0 for squared error, 1 for softmax cross-entropy over K outputs, 2 for
 * binary cross-entropy on a sigmoid. Per position p (0 … width − 1; the first `rising` have a ≥ 0):
 * a, b, c and `toColumn` (f64), and per output o the pair (v·a, v) at pv + (p·K + o)·16 bytes.
 * The sums grow at sums + ((p·K + o)·4)·8 bytes: Σ S, Σ SX, Σ y·S, Σ y·SX over the rows; sumR by Σ R per
 * output. Buffers: bound (i32, width), rest (width), up and down ((size + 1)·2K), line (size·K),
 * left and right ((size + 1)·2K, their first and last pairs zero).
 */
export function gridRows(
  n: i32, width: i32, K: i32, rising: i32, loss: i32, total: f64,
  xs: usize, padded: usize, ys: usize, a: usize, b: usize, c: usize, toColumn: usize, pv: usize, d: usize,
  bound: usize, rest: usize, up: usize, down: usize, line: usize, left: usize, right: usize, sums: usize, sumR: usize,
  targets: usize, weights: usize,
): f64 {
  const stride = 2 * K;
  let lossSum: f64 = 0;
  for (let i = 0; i < n; i++) {
    gridRow(i, n, width, K, rising, xs, padded, ys, a, b, c, toColumn, pv, d, bound, rest, up, down, line);
    const y = ld(ys, i);
    // The row's loss, and d(loss)/d(output) in place of the outputs.
    const at = i * n;
    if (loss == 0) {
      for (let j = 0; j < n; j++) {
        const e = ld(line, j) - <f64>load<f32>(targets + (<usize>(at + j) << 2));
        if (weights) {
          const we = <f64>load<f32>(weights + (<usize>(at + j) << 2)) * e;
          lossSum += we * e;
          st(line, j, (2 * we) / total);
        } else {
          lossSum += e * e;
          st(line, j, (2 * e) / total);
        }
      }
    } else if (loss == 2) {
      for (let j = 0; j < n; j++) {
        const z = ld(line, j);
        const t = <f64>load<f32>(targets + (<usize>(at + j) << 2));
        const wp: f64 = weights ? <f64>load<f32>(weights + (<usize>(at + j) << 2)) : 1;
        lossSum += wp * (softplus(z) - t * z);
        st(line, j, (wp * (sigmoid(z) - t)) / total);
      }
    } else {
      for (let j = 0, q = 0; j < n; j++, q += K) {
        const label = <i32>load<f32>(targets + (<usize>(at + j) << 2));
        let m = ld(line, q);
        let top = 0;
        for (let o = 1; o < K; o++) {
          if (ld(line, q + o) > m) {
            m = ld(line, q + o);
            top = o;
          }
        }
        const own = ld(line, q + label) - m;
        let sum: f64 = 0;
        for (let o = 0; o < K; o++) {
          const e: f64 = o == top ? 1 : Math.exp(ld(line, q + o) - m);
          st(line, q + o, e);
          sum += e;
        }
        const wp: f64 = weights ? <f64>load<f32>(weights + (<usize>(at + j) << 2)) : 1;
        lossSum += wp * (Math.log(sum) - own);
        const scale = wp / (total * sum);
        for (let o = 0; o < K; o++) st(line, q + o, scale * ld(line, q + o) - (o == label ? wp / total : 0));
      }
    }
    // Running sums of R and x·R from the left and from the right, per output, in one loop.
    for (let j = 0, q = 0, back = n - 1; j < n; j++, q += stride, back--) {
      const x = ld(xs, j);
      const xb = ld(xs, back);
      const b = back * stride;
      for (let o = 0; o < K; o++) {
        const r = ld(line, j * K + o);
        st(left, q + stride + 2 * o, ld(left, q + 2 * o) + r);
        st(left, q + stride + 2 * o + 1, ld(left, q + 2 * o + 1) + r * x);
        const rb = ld(line, back * K + o);
        st(right, b + 2 * o, ld(right, b + stride + 2 * o) + rb);
        st(right, b + 2 * o + 1, ld(right, b + stride + 2 * o + 1) + rb * xb);
      }
    }
    for (let o = 0; o < K; o++) add(sumR, o, ld(left, n * stride + 2 * o));
    // Each neuron's run: from its boundary to the end (rising), or up to it (falling). Its sums
    // (S, SX) and y·(S, SX) over the run grow by those of the row.
    if (ASC_FEATURE_SIMD) {
      const ys2 = f64x2.splat(y);
      for (let p = 0; p < width; p++) {
        const t = load<i32>(bound + (<usize>p << 2));
        let q = (p < rising ? right : left) + (<usize>(t * stride) << 3);
        let h = sums + (<usize>(p * K * 4) << 3);
        for (let o = 0; o < K; o++, q += 16, h += 32) {
          const run = v128.load(q);
          v128.store(h, f64x2.add(v128.load(h), run));
          v128.store(h + 16, f64x2.add(v128.load(h + 16), f64x2.mul(ys2, run)));
        }
      }
    } else {
      for (let p = 0; p < width; p++) {
        const t = load<i32>(bound + (<usize>p << 2));
        const from = p < rising ? right : left;
        let q = t * stride;
        let h = p * K * 4;
        for (let o = 0; o < K; o++, q += 2, h += 4) {
          const S = ld(from, q);
          const SX = ld(from, q + 1);
          add(sums, h, S);
          add(sums, h + 1, SX);
          add(sums, h + 2, y * S);
          add(sums, h + 3, y * SX);
        }
      }
    }
  }
  return lossSum;
}
