import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, ELEVATION_MIN, TICK_FONT_SIZE, Z_FIT, clampView, insideBy, paperScene } from '../../src/render/paper.ts';

/** The numbers of an SVG path string, as [x, y] pairs. */
function points(d: string): [number, number][] {
  const v = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < v.length; i += 2) out.push([v[i]!, v[i + 1]!]);
  return out;
}

describe('paper scene', () => {
  it('draws two facets and the crease for a neuron whose crease crosses the square', () => {
    const s = paperScene({ a: 1, b: 0.5, c: 0.25 }, DEFAULT_VIEW);
    expect(s.facets.map((f) => f.id)).toEqual(['flat', 'rising']);
    expect(s.crease).not.toBeNull();
    expect(s.zTop).toBe(Z_FIT);
  });

  it('draws one flat facet and no crease when a = b = 0', () => {
    const s = paperScene({ a: 0, b: 0, c: -1 }, DEFAULT_VIEW);
    expect(s.facets.map((f) => f.id)).toEqual(['flat']);
    expect(s.crease).toBeNull();
    const up = paperScene({ a: 0, b: 0, c: 2 }, DEFAULT_VIEW);
    expect(up.facets.map((f) => f.id)).toEqual(['rising']);
  });

  it('the crease lies on the floor: its ends are where the flat facet meets the rising one', () => {
    const s = paperScene({ a: 1, b: 0.5, c: 0.25 }, DEFAULT_VIEW);
    const crease = points(s.crease!);
    const flat = points(s.facets[0]!.d);
    const rising = points(s.facets[1]!.d);
    for (const p of crease) {
      const near = (poly: [number, number][]): boolean => poly.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 0.02);
      expect(near(flat)).toBe(true);
      expect(near(rising)).toBe(true);
    }
  });

  it('stays inside its drawing for every view and every neuron in the sliders’ range', () => {
    for (const azimuth of [-180, -90, -35, 0, 45, 135]) {
      for (const elevation of [5, 30, 60, 90]) {
        for (const n of [{ a: 3, b: 3, c: 3 }, { a: -3, b: 3, c: -3 }, { a: 1, b: 0.5, c: 0.25 }]) {
          const s = paperScene(n, { azimuth, elevation }, 360, 300);
          for (const f of s.facets) {
            for (const [x, y] of points(f.d)) {
              expect(x).toBeGreaterThanOrEqual(0);
              expect(x).toBeLessThanOrEqual(360);
              expect(y).toBeGreaterThanOrEqual(0);
              expect(y).toBeLessThanOrEqual(300);
            }
          }
        }
      }
    }
  });

  it('shrinks the height scale only for sheets higher than Z_FIT', () => {
    expect(paperScene({ a: 3, b: 3, c: 3 }, DEFAULT_VIEW).zTop).toBe(9);
    expect(paperScene({ a: 1, b: 1, c: 1 }, DEFAULT_VIEW).zTop).toBe(Z_FIT);
  });

  it('shades a facet tilted towards the lamp brighter than one tilted away', () => {
    const towards = paperScene({ a: -1, b: 0, c: 0 }, DEFAULT_VIEW).facets.find((f) => f.id === 'rising')!;
    const away = paperScene({ a: 1, b: 0, c: 0 }, DEFAULT_VIEW).facets.find((f) => f.id === 'rising')!;
    // The lamp is at the front left (x < 0): the sheet rising to the left faces away from it.
    expect(away.shade).toBeGreaterThan(towards.shade);
  });

  it('marks the underside when the eye is below a steep facet', () => {
    // Looking from the front (azimuth 0: the eye is towards -y) and low. A sheet rising steeply
    // towards the eye overhangs it, so the eye sees its underside; one rising away shows its top.
    const towards = paperScene({ a: 0, b: -3, c: 0 }, { azimuth: 0, elevation: 5 });
    expect(towards.facets.find((f) => f.id === 'rising')!.back).toBe(true);
    const away = paperScene({ a: 0, b: 3, c: 0 }, { azimuth: 0, elevation: 5 });
    expect(away.facets.find((f) => f.id === 'rising')!.back).toBe(false);
    // From above, every facet shows its top.
    expect(paperScene({ a: 0, b: -3, c: 0 }, { azimuth: 0, elevation: 90 }).facets.every((f) => !f.back)).toBe(true);
  });

  it('clamps the elevation and wraps the azimuth', () => {
    expect(clampView({ azimuth: 200, elevation: -10 })).toEqual({ azimuth: -160, elevation: ELEVATION_MIN });
    expect(clampView({ azimuth: -190, elevation: 100 })).toEqual({ azimuth: 170, elevation: 90 });
  });

  it('keeps the height axis and its numbers clear of the sheet, steep sheets and low views included', () => {
    const values = [-3, -1, 0, 1, 3];
    const covered: string[] = [];
    let moved = 0;
    for (const a of values) {
      for (const b of values) {
        for (const c of values) {
          for (let azimuth = -180; azimuth < 180; azimuth += 45) {
            for (const elevation of [5, 15, 38, 55, 90]) {
              const s = paperScene({ a, b, c }, { azimuth, elevation });
              // The sheet is drawn over the axis: whatever of it lies inside a facet is hidden.
              const sheet = s.facets.map((f) => points(f.d));
              for (const t of s.zTicks) {
                const pole = points(t.d)[1]!;
                const number: [number, number] = [t.x + (t.anchor === 'start' ? 5 : -5), t.y];
                for (const [what, p] of [['tick', pole], ['number', number]] as const) {
                  if (sheet.some((poly) => insideBy(poly, p, 1.5))) covered.push(`${what} ${t.label} of ${JSON.stringify({ a, b, c, azimuth, elevation })}`);
                }
              }
              const far = s.zCorner;
              if (Math.abs(far[0]) !== 1 || Math.abs(far[1]) !== 1) covered.push(`the axis is not at a corner: ${far}`);
              const farthest = paperScene({ a: 0, b: 0, c: -1 }, { azimuth, elevation }).zCorner;
              if (far[0] !== farthest[0] || far[1] !== farthest[1]) moved++;
            }
          }
        }
      }
    }
    expect(covered.slice(0, 10), `${covered.length} covered`).toEqual([]);
    // Usually it stands at the far corner; only some steep sheets send it elsewhere.
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(values.length ** 3 * 8 * 5 * 0.5);
  }, 60_000);

  it('keeps the numbers of the height axis a line apart, in small drawings too', () => {
    for (const [width, height] of [
      [360, 300],
      [200, 170],
      [120, 100],
    ] as const) {
      for (const elevation of [5, 38, 55, 80, 90]) {
        for (const n of [{ a: 1, b: 0.5, c: 0.25 }, { a: 3, b: 3, c: 3 }]) {
          const s = paperScene(n, { azimuth: -35, elevation }, width, height);
          const ys = s.zTicks.map((t) => t.y);
          for (let i = 1; i < ys.length; i++) expect(Math.abs(ys[i]! - ys[i - 1]!), `${width}×${height} at ${elevation}°`).toBeGreaterThanOrEqual(TICK_FONT_SIZE * 1.15 - 0.01);
          if (width === 360 && elevation <= 55) expect(s.zTicks.length, 'a full-size drawing numbers its axis').toBeGreaterThanOrEqual(3);
        }
      }
    }
  });

  it('moves the height axis when a steep sheet stands in front of the far corner', () => {
    const view = { azimuth: -35, elevation: 38 };
    const flat = paperScene({ a: 0, b: 0, c: -1 }, view).zCorner;
    expect(paperScene({ a: 1, b: 0.5, c: 0.25 }, view).zCorner).toEqual(flat);
    expect(paperScene({ a: -3, b: -3, c: 3 }, view).zCorner).not.toEqual(flat);
  });
});
