/**
 * Plain-language descriptions of a neuron's sheet, used as figure read-outs and as the text
 * alternative of the drawings (screen readers get the same facts as the picture).
 */
import { type Neuron, crease, range } from '../core/neuron.ts';
import { formatNumber } from './format.ts';

export function describeCrease(n: Neuron): string {
  const c = crease(n);
  const slope = formatNumber(Math.hypot(n.a, n.b));
  switch (c.kind) {
    case 'none':
      return `No crease: with a = b = 0 the sheet is flat at height max(c, 0) = ${formatNumber(Math.max(n.c, 0))}.`;
    case 'outside': {
      const [, top] = range(n);
      return top > 0
        ? `The crease lies outside the square (distance ${formatNumber(c.distance)} from the origin), so the whole square is on the rising side: one tilted plane, slope ${slope}.`
        : `The crease lies outside the square (distance ${formatNumber(c.distance)} from the origin), so the whole square is on the flat side, at height 0.`;
    }
    case 'inside':
      return `The crease crosses the square at distance ${formatNumber(c.distance)} from the origin; on its rising side the sheet climbs with slope ${slope}.`;
  }
}

export function describeSheet(n: Neuron): string {
  return `Graph of max(${formatNumber(n.a)}·x + ${formatNumber(n.b)}·y + ${formatNumber(n.c)}, 0) over the square. ${describeCrease(n)}`;
}
