/**
 * Target pictures, as functions of a point of the square [-1, 1]² to a brightness in [0, 1].
 */

/** The circle of the essay: a white disc of radius 0.5 centred at the origin, on black. */
export function disc(x: number, y: number, radius = 0.5): number {
  return x * x + y * y <= radius * radius ? 1 : 0;
}
