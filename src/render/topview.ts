/**
 * The top view: the square seen from above, with the crease line, the flat side and the rising side
 * (shaded by height), the normal (a, b) and the crease's distance from the origin.
 *
 * A pure function from a neuron to a scene of SVG coordinates, like the paper view. The drawing
 * shows a margin around the square, so a crease just outside it is still visible (dashed).
 */
import { scaleLinear } from 'd3-scale';
import { path } from 'd3-path';
import { type Point, type Polygon, SQUARE, boxPolygon } from '../core/geometry.ts';
import { type Crease, type Neuron, crease, pieces } from '../core/neuron.ts';
import { Z_FIT } from './paper.ts';
import { formatNumber } from './format.ts';
import { type LabelBox, type Vec, beside, placeLabel, textBox } from './labels.ts';

/** Half side of the region drawn: the square [-1, 1]² and a margin around it. */
export const VIEW_HALF = 1.6;
/**
 * Font size of the "(a, b)" and "d = …" labels, in the drawing's units (TopView draws them at this
 * size); they are placed clear of each other, of the crease and of the edges for it.
 */
export const NOTE_FONT_SIZE = 12;
/** Font size of the axes' numbers, in the drawing's units. */
export const TICK_FONT_SIZE = 11;

export interface TopScene {
  readonly size: number;
  /** Screen position of a point of the plane. */
  readonly toScreen: (p: Point) => Point;
  readonly square: string;
  readonly flat: string;
  readonly rising: string;
  /** Height gradient across the rising side, in screen coordinates: from the crease to height Z_FIT. */
  readonly gradient: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } | null;
  /** Level lines f = 1, 2, … inside the square. */
  readonly levels: readonly { readonly d: string; readonly value: number }[];
  /** The crease inside the square (screen coordinates), and the same line beyond it, dashed. */
  readonly crease: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } | null;
  readonly creaseBeyond: string;
  /** The crease in the plane's coordinates, for read-outs and tests. */
  readonly creaseInfo: Crease;
  /** Arrow along the normal (a, b), from the crease's point nearest the origin; its label's centre. */
  readonly normal: { readonly d: string; readonly head: string; readonly labelX: number; readonly labelY: number } | null;
  /** The perpendicular from the origin to the crease, when its foot is within the drawing, and its label. */
  readonly distance: { readonly d: string; readonly labelX: number; readonly labelY: number; readonly text: string } | null;
  readonly origin: Point;
  readonly axisTicks: readonly { readonly value: number; readonly x: number; readonly y: number }[];
  /** Baseline of the x axis's numbers, and the right end of the y axis's (font TICK_FONT_SIZE). */
  readonly tickBaseline: number;
  readonly tickRight: number;
  /** Where the axes' numbers are drawn (the labels keep clear of them). */
  readonly tickBoxes: readonly LabelBox[];
}

const r = (v: number): number => Math.round(v * 100) / 100;
/** The unit direction halfway between two unit directions (not opposite ones). */
const halfway = (p: Vec, q: Vec): Vec => {
  const l = Math.hypot(p[0] + q[0], p[1] + q[1]);
  return [(p[0] + q[0]) / l, (p[1] + q[1]) / l];
};

export function topScene(n: Neuron, size = 300): TopScene {
  const sx = scaleLinear().domain([-VIEW_HALF, VIEW_HALF]).range([0, size]);
  const sy = scaleLinear().domain([-VIEW_HALF, VIEW_HALF]).range([size, 0]);
  const toScreen = (p: Point): Point => [r(sx(p[0])), r(sy(p[1]))];
  const polygonPath = (poly: Polygon): string => {
    if (poly.length === 0) return '';
    const d = path();
    poly.forEach((p, i) => {
      const [x, y] = toScreen(p);
      if (i === 0) d.moveTo(x, y);
      else d.lineTo(x, y);
    });
    d.closePath();
    return d.toString();
  };

  const { flat, rising } = pieces(n);
  const info = crease(n);
  const norm = Math.hypot(n.a, n.b);

  // Height rises by ‖(a, b)‖ per unit of distance from the crease, along the unit normal.
  let gradient: TopScene['gradient'] = null;
  const levels: { d: string; value: number }[] = [];
  if (norm > 0 && info.foot) {
    const u: Point = [n.a / norm, n.b / norm];
    const start = info.foot;
    const end: Point = [start[0] + (u[0] * Z_FIT) / norm, start[1] + (u[1] * Z_FIT) / norm];
    const [x1, y1] = toScreen(start);
    const [x2, y2] = toScreen(end);
    gradient = { x1, y1, x2, y2 };
    for (let v = 1; v <= 9; v++) {
      const seg = crease({ a: n.a, b: n.b, c: n.c - v });
      if (!seg.segment) continue;
      const [p, q] = seg.segment;
      const [px, py] = toScreen(p);
      const [qx, qy] = toScreen(q);
      levels.push({ d: `M${px},${py}L${qx},${qy}`, value: v });
    }
  }

  let creaseLine: TopScene['crease'] = null;
  let creaseBeyond = '';
  if (norm > 0) {
    // The whole line across the drawing, dashed; the part inside the square drawn solid on top.
    const whole = crease(n, { xMin: -VIEW_HALF, xMax: VIEW_HALF, yMin: -VIEW_HALF, yMax: VIEW_HALF });
    if (whole.segment) {
      const [p, q] = whole.segment;
      const [px, py] = toScreen(p);
      const [qx, qy] = toScreen(q);
      creaseBeyond = `M${px},${py}L${qx},${qy}`;
    }
    if (info.segment) {
      const [p, q] = info.segment;
      const [x1, y1] = toScreen(p);
      const [x2, y2] = toScreen(q);
      creaseLine = { x1, y1, x2, y2 };
    }
  }

  // The axes' numbers: under the square's bottom edge, and left of its left edge (right-aligned).
  const axisTicks = [-1, 0, 1].map((value) => ({ value, x: r(sx(value)), y: r(sy(value)) }));
  const bottom = r(sy(-1)) + TICK_FONT_SIZE + 2;
  const left = r(sx(-1)) - 6;
  const tickBoxes: LabelBox[] = axisTicks.flatMap((t) => {
    const below = textBox(String(t.value), t.x, bottom - TICK_FONT_SIZE * 0.35, TICK_FONT_SIZE);
    if (t.value === 0) return [below];
    const beside = textBox(String(t.value), 0, t.y, TICK_FONT_SIZE);
    return [below, { ...beside, x: left - beside.width / 2 }];
  });
  const inView = (p: Point): boolean => Math.abs(p[0]) <= VIEW_HALF - 0.05 && Math.abs(p[1]) <= VIEW_HALF - 0.05;
  let normal: TopScene['normal'] = null;
  let distance: TopScene['distance'] = null;
  if (norm > 0 && info.foot) {
    const u: Point = [n.a / norm, n.b / norm];
    // Screen directions (y down): along the normal, and along the crease.
    const along: Vec = [u[0], -u[1]];
    const across: Vec = [-along[1], along[0]];
    const minus: Vec = [along[1], -along[0]];
    // The labels keep clear of the crease (the whole line, dashed beyond the square) and the edges.
    const creaseLines: [Vec, Vec][] = [];
    const whole = crease(n, { xMin: -VIEW_HALF, xMax: VIEW_HALF, yMin: -VIEW_HALF, yMax: VIEW_HALF });
    if (whole.segment) creaseLines.push([toScreen(whole.segment[0]), toScreen(whole.segment[1])]);
    const fontSize = NOTE_FONT_SIZE;
    // The origin's dot, and the perpendicular from it to the crease when that is drawn.
    const origin = toScreen([0, 0]);
    const dot: LabelBox = { x: origin[0], y: origin[1], width: 6, height: 6 };
    const showDistance = inView(info.foot) && info.distance > 1e-9;
    const perpendicular: [Vec, Vec][] = showDistance ? [[origin, toScreen(info.foot)]] : [];
    const labelBoxes: LabelBox[] = [...tickBoxes, dot];
    const arrowLines: [Vec, Vec][] = [];

    // Anchor the arrow at the foot of the perpendicular if it is in view, else mid-crease (inside
    // the square, or else inside the drawing); the whole arrow must fit in the drawing.
    const length = 0.45;
    const middle = (seg: readonly [Point, Point] | null): Point | null => (seg ? [(seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2] : null);
    const anchor =
      [inView(info.foot) ? info.foot : null, middle(info.segment), middle(whole.segment)].find(
        (p): p is Point => p !== null && inView(p) && inView([p[0] + u[0] * length, p[1] + u[1] * length]),
      ) ?? null;
    if (anchor) {
      const tip: Point = [anchor[0] + u[0] * length, anchor[1] + u[1] * length];
      const [ax, ay] = toScreen(anchor);
      const [tx, ty] = toScreen(tip);
      const back: Point = [tip[0] - u[0] * 0.12, tip[1] - u[1] * 0.12];
      const side: Point = [-u[1] * 0.06, u[0] * 0.06];
      const [l1x, l1y] = toScreen([back[0] + side[0], back[1] + side[1]]);
      const [l2x, l2y] = toScreen([back[0] - side[0], back[1] - side[1]]);
      arrowLines.push([[ax, ay], [tx, ty]], [[l1x, l1y], [l2x, l2y]]);
      const behind: Vec = [-along[0], -along[1]];
      // "(a, b)" beyond the arrow's tip; where that leaves the drawing, beside the arrow.
      const text = '(a, b)';
      const w = textBox(text, 0, 0, fontSize).width;
      const h = textBox(text, 0, 0, fontSize).height;
      const mid: Vec = [(ax + tx) / 2, (ay + ty) / 2];
      const box = placeLabel(
        text,
        fontSize,
        [
          beside([tx, ty], along, w, h, 3),
          beside([tx, ty], halfway(along, across), w, h, 3),
          beside([tx, ty], halfway(along, minus), w, h, 3),
          beside(mid, across, w, h, 5),
          beside(mid, minus, w, h, 5),
          beside([tx, ty], across, w, h, 4),
          beside([tx, ty], minus, w, h, 4),
          // No room between the crease and the edge: at the arrow's foot, across the crease.
          beside([ax, ay], behind, w, h, 4),
          beside([ax, ay], halfway(behind, across), w, h, 4),
          beside([ax, ay], halfway(behind, minus), w, h, 4),
          beside([ax, ay], across, w, h, 6),
          beside([ax, ay], minus, w, h, 6),
          ...[0.3, 0.6].flatMap((t): Vec[] => {
            const q: Vec = [ax + (origin[0] - ax) * t, ay + (origin[1] - ay) * t];
            return [beside(q, across, w, h, 5), beside(q, minus, w, h, 5)];
          }),
        ],
        { segments: [...creaseLines, ...arrowLines, ...perpendicular], boxes: [...tickBoxes, dot], width: size, height: size },
      );
      labelBoxes.push(box);
      normal = {
        d: `M${ax},${ay}L${tx},${ty}`,
        head: `M${tx},${ty}L${l1x},${l1y}L${l2x},${l2y}Z`,
        labelX: r(box.x),
        labelY: r(box.y),
      };
    }
    if (showDistance) {
      const o = origin;
      const f = toScreen(info.foot);
      const text = `d = ${formatNumber(info.distance)}`;
      const w = textBox(text, 0, 0, fontSize).width;
      const h = textBox(text, 0, 0, fontSize).height;
      const m: Vec = [(o[0] + f[0]) / 2, (o[1] + f[1]) / 2];
      // From the origin towards the crease, and the two ways across.
      const toCrease: Vec = info.foot[0] * u[0] + info.foot[1] * u[1] >= 0 ? along : [-along[0], -along[1]];
      const away: Vec = [-toCrease[0], -toCrease[1]];
      // Beside the perpendicular first; else behind the origin, away from the crease; else beyond
      // the crease (when the arrow takes the origin's side).
      const box = placeLabel(
        text,
        fontSize,
        [
          beside(m, across, w, h, 4),
          beside(m, minus, w, h, 4),
          beside(o, away, w, h, 8),
          beside(o, halfway(away, across), w, h, 8),
          beside(o, halfway(away, minus), w, h, 8),
          beside(f, toCrease, w, h, 5),
          beside(f, halfway(toCrease, across), w, h, 5),
          beside(f, halfway(toCrease, minus), w, h, 5),
          beside(o, across, w, h, 8),
          beside(o, minus, w, h, 8),
        ],
        { segments: [...creaseLines, ...arrowLines, ...perpendicular], boxes: labelBoxes, width: size, height: size },
      );
      distance = { d: `M${o[0]},${o[1]}L${f[0]},${f[1]}`, labelX: r(box.x), labelY: r(box.y), text };
    }
  }

  return {
    size,
    toScreen,
    square: polygonPath(boxPolygon(SQUARE)),
    flat: polygonPath(flat),
    rising: polygonPath(rising),
    gradient,
    levels,
    crease: creaseLine,
    creaseBeyond,
    creaseInfo: info,
    normal,
    distance,
    origin: toScreen([0, 0]),
    axisTicks,
    tickBaseline: bottom,
    tickRight: left,
    tickBoxes,
  };
}
