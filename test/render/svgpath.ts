/** Reading back SVG paths drawn by the chart modules, for tests. */

/** The points of an SVG path made of M, L and Z commands, as [x, y] pairs. */
export function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Whether every point lies within the box (edges included). */
export const inside = (p: [number, number][], b: { left: number; right: number; top: number; bottom: number }): boolean =>
  p.every(([x, y]) => x >= b.left - 1e-6 && x <= b.right + 1e-6 && y >= b.top - 1e-6 && y <= b.bottom + 1e-6);
