/**
 * Charts of the soft edge's causes (src/experiments/edgecauses.ts): the rim's width against
 * training steps for networks of other depths, and for networks that see Fourier features of the
 * plane, on one log–log scale shared by both panels with the target's own width as the floor.
 * Pure geometry for SVG drawn at build time; EdgeCausesResults.astro renders it.
 */
import { scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { Checkpoint } from './edgeresults.ts';
import { type Box, type Tick, box, decadeTicks, formatSignificant, formatSteps, spreadLabels } from './results.ts';

export interface CauseNet {
  readonly key: string;
  readonly label: string;
  readonly hidden: readonly number[];
  readonly fourier?: { readonly scale: number };
  readonly checkpoints: readonly (Checkpoint & { readonly loss: number })[];
}

export const EDGE_CAUSE_PANEL = { width: 420, height: 260, margin: { left: 50, right: 92, top: 30, bottom: 44 } } as const;

export interface CauseSeries {
  readonly key: string;
  readonly name: string;
  readonly index: number;
  readonly path: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly value: number; readonly steps: number }[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface CausePanel {
  readonly key: 'depth' | 'fourier';
  readonly title: string;
  readonly box: Box;
  readonly series: readonly CauseSeries[];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly floor: number;
}

/** A short name for each network: its layers, or its Fourier scale. */
export function netName(n: CauseNet): string {
  if (n.fourier) return `Fourier, σ = ${formatSignificant(n.fourier.scale)}`;
  const w = n.hidden;
  return w.length === 1 ? `1 × ${w[0]}` : w.every((k) => k === w[0]) ? `${w.length} × ${w[0]}` : w.join('–');
}

export function edgeCausePanels(depth: readonly CauseNet[], fourier: readonly CauseNet[], targetWidth: number): CausePanel[] {
  const b = box(EDGE_CAUSE_PANEL.width, EDGE_CAUSE_PANEL.height, EDGE_CAUSE_PANEL.margin);
  const widths = [...depth, ...fourier].flatMap((n) => n.checkpoints.map((c) => c.width256)).filter((v): v is number => v !== null && v > 0);
  const y = scaleLog()
    .domain([Math.min(targetWidth, ...widths) / 1.5, Math.max(...widths) * 1.5])
    .range([b.bottom, b.top]);
  const panel = (key: CausePanel['key'], title: string, nets: readonly CauseNet[]): CausePanel => {
    const steps = nets.flatMap((n) => n.checkpoints.map((c) => c.steps));
    const x = scaleLog()
      .domain([Math.min(...steps) / 1.3, Math.max(...steps) * 1.3])
      .range([b.left, b.right]);
    const raw = nets.map((n, index) => {
      const pts = n.checkpoints.filter((c): c is typeof c & { width256: number } => c.width256 !== null && c.width256 > 0).map((c) => ({ x: x(c.steps), y: y(c.width256), value: c.width256, steps: c.steps }));
      return {
        key: n.key,
        name: netName(n),
        index,
        path:
          line<{ x: number; y: number }>()
            .x((p) => p.x)
            .y((p) => p.y)(pts) ?? '',
        points: pts,
        labelX: b.right + 8,
        end: pts[pts.length - 1]?.y ?? b.bottom,
      };
    });
    const ys = spreadLabels(
      raw.map((s) => s.end),
      14,
      b.top + 6,
      b.bottom - 6,
    );
    return {
      key,
      title,
      box: b,
      series: raw.map(({ end: _, ...s }, i) => ({ ...s, labelY: ys[i]! })),
      xTicks: decadeTicks(x, 7, (k) => formatSteps(10 ** k)),
      yTicks: decadeTicks(y),
      floor: y(targetWidth),
    };
  };
  return [panel('depth', 'Depth against width', depth), panel('fourier', `Fourier features (${fourier[0]?.hidden[0] ?? ''} neurons)`, fourier)];
}

/** Each panel in words: every network's width at its last checkpoint, and its loss. */
export function edgeCausesSummary(nets: readonly CauseNet[]): string {
  return nets
    .map((n) => {
      const last = n.checkpoints[n.checkpoints.length - 1]!;
      return `${netName(n)}: ${last.width256 === null ? 'no width' : `${formatSignificant(last.width256, 2)} px`} after ${formatSteps(last.steps)} steps (loss ${formatSignificant(last.loss, 2)})`;
    })
    .join('; ');
}
