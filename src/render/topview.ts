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

/** Half side of the region drawn: the square [-1, 1]² and a margin around it. */
export const VIEW_HALF = 1.6;

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
  /** Arrow along the normal (a, b), from the crease's point nearest the origin. */
  readonly normal: { readonly d: string; readonly head: string; readonly labelX: number; readonly labelY: number } | null;
  /** The perpendicular from the origin to the crease, when its foot is within the drawing. */
  readonly distance: { readonly d: string; readonly labelX: number; readonly labelY: number } | null;
  readonly origin: Point;
  readonly axisTicks: readonly { readonly value: number; readonly x: number; readonly y: number }[];
}

const r = (v: number): number => Math.round(v * 100) / 100;

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

  const inView = (p: Point): boolean => Math.abs(p[0]) <= VIEW_HALF - 0.05 && Math.abs(p[1]) <= VIEW_HALF - 0.05;
  let normal: TopScene['normal'] = null;
  let distance: TopScene['distance'] = null;
  if (norm > 0 && info.foot) {
    const u: Point = [n.a / norm, n.b / norm];
    // Anchor the arrow at the foot of the perpendicular if it is in view, else mid-crease.
    const anchor: Point | null = inView(info.foot)
      ? info.foot
      : info.segment
        ? [(info.segment[0][0] + info.segment[1][0]) / 2, (info.segment[0][1] + info.segment[1][1]) / 2]
        : null;
    if (anchor) {
      const length = 0.45;
      const tip: Point = [anchor[0] + u[0] * length, anchor[1] + u[1] * length];
      const [ax, ay] = toScreen(anchor);
      const [tx, ty] = toScreen(tip);
      const back: Point = [tip[0] - u[0] * 0.12, tip[1] - u[1] * 0.12];
      const side: Point = [-u[1] * 0.06, u[0] * 0.06];
      const [l1x, l1y] = toScreen([back[0] + side[0], back[1] + side[1]]);
      const [l2x, l2y] = toScreen([back[0] - side[0], back[1] - side[1]]);
      const [lx, ly] = toScreen([tip[0] + u[0] * 0.14, tip[1] + u[1] * 0.14]);
      normal = {
        d: `M${ax},${ay}L${tx},${ty}`,
        head: `M${tx},${ty}L${l1x},${l1y}L${l2x},${l2y}Z`,
        labelX: lx,
        labelY: ly,
      };
    }
    if (inView(info.foot) && info.distance > 1e-9) {
      const [ox, oy] = toScreen([0, 0]);
      const [fx, fy] = toScreen(info.foot);
      const mid: Point = [info.foot[0] / 2, info.foot[1] / 2];
      // Put the label beside the perpendicular, on the side away from the normal arrow's turn.
      const off: Point = [-u[1] * 0.16, u[0] * 0.16];
      const [lx, ly] = toScreen([mid[0] + off[0], mid[1] + off[1]]);
      distance = { d: `M${ox},${oy}L${fx},${fy}`, labelX: lx, labelY: ly };
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
    axisTicks: [-1, 0, 1].map((value) => ({ value, x: r(sx(value)), y: r(sy(value)) })),
  };
}
