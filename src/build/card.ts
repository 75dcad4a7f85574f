/**
 * The picture shown when a page is shared (its social preview, 1200 × 630): a seeded network's
 * surface over a wide stretch of the plane, lit like folded paper, so each page gets folds of its
 * own. Drawn by code at build time, from src/core's network; no text in it (the preview's title
 * and description come with it as text).
 */
import { forward, initNetwork } from '../core/mlp.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** A small whole number from a page's name, for its network's seed. */
export function cardSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return 1 + (h % 100000);
}

const PAPER_LIGHT = [251, 244, 229] as const;
const PAPER_DARK = [122, 52, 18] as const;

/**
 * RGB pixels of a card: the surface z = f(x, y) of a network with `hidden` ReLU layers (seeded),
 * over x ∈ [-w/h, w/h], y ∈ [-1, 1], lit from the upper left; its steepness normalised so that
 * folds show whatever the network's scale.
 */
export function cardPixels(hidden: readonly number[], seed: number, width = CARD_WIDTH, height = CARD_HEIGHT): Uint8Array {
  const net = initNetwork(hidden, seed);
  const aspect = width / height;
  const step = 2 / height;
  // The surface on a grid one pixel larger each way, for central differences.
  const W = width + 2;
  const H = height + 2;
  const z = new Float64Array(W * H);
  for (let i = 0; i < H; i++) {
    const y = 1 - (i - 0.5) * step;
    for (let j = 0; j < W; j++) z[i * W + j] = forward(net, -aspect + (j - 0.5) * step, y);
  }
  let steepest = 1e-9;
  const gx = new Float64Array(width * height);
  const gy = new Float64Array(width * height);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const c = (i + 1) * W + (j + 1);
      const k = i * width + j;
      gx[k] = (z[c + 1]! - z[c - 1]!) / (2 * step);
      gy[k] = (z[c - W]! - z[c + W]!) / (2 * step);
      steepest = Math.max(steepest, Math.hypot(gx[k]!, gy[k]!));
    }
  }
  const scale = 1.6 / steepest;
  const light = [-0.5, 0.55, 0.67];
  const norm = Math.hypot(...light);
  const [lx, ly, lz] = light.map((v) => v / norm) as [number, number, number];
  const shade = new Float64Array(width * height);
  let low = Infinity;
  let high = -Infinity;
  for (let k = 0; k < width * height; k++) {
    const sx = gx[k]! * scale;
    const sy = gy[k]! * scale;
    shade[k] = Math.max(0, (-sx * lx - sy * ly + lz) / Math.hypot(sx, sy, 1));
    low = Math.min(low, shade[k]!);
    high = Math.max(high, shade[k]!);
  }
  // The shades stretched over the paper's range, so the folds show on every card.
  const span = Math.max(1e-9, high - low);
  const out = new Uint8Array(width * height * 3);
  for (let k = 0; k < width * height; k++) {
    const t = 0.08 + 0.92 * ((shade[k]! - low) / span);
    for (let c = 0; c < 3; c++) out[3 * k + c] = Math.round(PAPER_DARK[c]! + (PAPER_LIGHT[c]! - PAPER_DARK[c]!) * t);
  }
  return out;
}

/** The network drawn on a page's card: more creases further into the essay, a second layer late. */
export function cardNetwork(position: number | null): number[] {
  if (position === null) return [12, 8];
  return position >= 6 ? [6 + position, 8] : [2 + 2 * position];
}
