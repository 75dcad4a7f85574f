/**
 * Placing short text labels in a drawing so that they do not cover each other, the lines they
 * name, or fall off the edge. Pure geometry in screen units: a label is its text's box (an
 * estimate from the number of characters, slightly generous), centred where it is drawn
 * (text-anchor middle, dominant-baseline middle).
 */
export type Vec = readonly [x: number, y: number];

export interface LabelBox {
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Advance of a character of the figures' UI font (Inter, semibold), in ems, rounded up: narrow
 * punctuation and spaces, and everything else (digits and lower case are about 0.6).
 */
const NARROW = /[\s.,:;()[\]'|!]/;
const NARROW_EM = 0.36;
const CHAR_EM = 0.64;

/** The box of a one-line label of `text` in a font of `fontSize`, centred at (x, y). */
export function textBox(text: string, x: number, y: number, fontSize: number): LabelBox {
  let ems = 0;
  for (const ch of text) ems += NARROW.test(ch) ? NARROW_EM : CHAR_EM;
  return { x, y, width: Math.max(ems, 0.5) * fontSize, height: 1.2 * fontSize };
}

/** The box moved the least distance that brings it inside a width × height drawing (less margin). */
export function clampBox(box: LabelBox, width: number, height: number, margin = 0): LabelBox {
  const clamp = (v: number, half: number, size: number): number =>
    half * 2 > size - 2 * margin ? size / 2 : Math.min(size - margin - half, Math.max(margin + half, v));
  return { ...box, x: clamp(box.x, box.width / 2, width), y: clamp(box.y, box.height / 2, height) };
}

export function boxesOverlap(p: LabelBox, q: LabelBox, pad = 0): boolean {
  return Math.abs(p.x - q.x) * 2 < p.width + q.width + 2 * pad && Math.abs(p.y - q.y) * 2 < p.height + q.height + 2 * pad;
}

/** Whether the segment from a to b passes through the box grown by pad (Liang–Barsky clipping). */
export function segmentHitsBox(a: Vec, b: Vec, box: LabelBox, pad = 0): boolean {
  const xMin = box.x - box.width / 2 - pad;
  const xMax = box.x + box.width / 2 + pad;
  const yMin = box.y - box.height / 2 - pad;
  const yMax = box.y + box.height / 2 + pad;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - xMin],
    [dx, xMax - a[0]],
    [-dy, a[1] - yMin],
    [dy, yMax - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

export function insideBounds(box: LabelBox, width: number, height: number, margin = 0): boolean {
  return (
    box.x - box.width / 2 >= margin &&
    box.x + box.width / 2 <= width - margin &&
    box.y - box.height / 2 >= margin &&
    box.y + box.height / 2 <= height - margin
  );
}

/**
 * The centre of a box of the given size placed just beside the point p in the direction d (a unit
 * vector): the box's nearest side is `gap` away from p, whichever way d points.
 */
export function beside(p: Vec, d: Vec, width: number, height: number, gap: number): Vec {
  const reach = (Math.abs(d[0]) * width) / 2 + (Math.abs(d[1]) * height) / 2 + gap;
  return [p[0] + d[0] * reach, p[1] + d[1] * reach];
}

export interface Obstacles {
  /** Lines the label must not cross. */
  readonly segments: readonly (readonly [Vec, Vec])[];
  /** Other labels (or marks) it must not cover. */
  readonly boxes: readonly LabelBox[];
  /** The drawing's size: the label stays inside it. */
  readonly width: number;
  readonly height: number;
  /** Clearance around lines and boxes. */
  readonly pad?: number;
}

/** How badly a label box collides: 0 when it is clear of everything. */
export function conflicts(box: LabelBox, o: Obstacles): number {
  const pad = o.pad ?? 2;
  let score = 0;
  if (!insideBounds(box, o.width, o.height, 1)) score += 100;
  for (const other of o.boxes) if (boxesOverlap(box, other, pad)) score += 10;
  for (const [a, b] of o.segments) if (segmentHitsBox(a, b, box, pad)) score += 1;
  return score;
}

/**
 * The first candidate centre where the label is clear of every obstacle; if none is, the one with
 * the fewest (and least serious) collisions, the earliest on a tie. A candidate near an edge is
 * first pushed inside the drawing.
 */
export function placeLabel(text: string, fontSize: number, candidates: readonly Vec[], o: Obstacles): LabelBox {
  let best: LabelBox | null = null;
  let bestScore = Infinity;
  for (const [x, y] of candidates) {
    const box = clampBox(textBox(text, x, y, fontSize), o.width, o.height, 2);
    const score = conflicts(box, o);
    if (score === 0) return box;
    if (score < bestScore) {
      best = box;
      bestScore = score;
    }
  }
  if (!best) throw new Error('placeLabel needs at least one candidate');
  return best;
}
