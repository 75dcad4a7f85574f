import { describe, expect, it } from 'vitest';
import { pixelCentre } from '../../src/core/coords.ts';
import { radialProfile, riseWidth } from '../../src/core/edge.ts';

/** A size×size picture of a disc (radius in pixels) whose value at distance r (pixels) is edge(r). */
function picture(size: number, edge: (r: number) => number, centre: readonly [number, number] = [0, 0]): Float32Array {
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const [x, y] = pixelCentre(i, j, size);
      out[i * size + j] = edge((Math.hypot(x - centre[0], y - centre[1]) * size) / 2);
    }
  }
  return out;
}

const ramp = (radius: number, width: number) => (r: number) => Math.min(1, Math.max(0, (radius + width / 2 - r) / width));
const logistic = (radius: number, scale: number) => (r: number) => 1 / (1 + Math.exp((r - radius) / scale));

describe('radialProfile', () => {
  it('averages rings around the centre and knows each ring’s mean radius', () => {
    const size = 64;
    const profile = radialProfile(picture(size, (r) => r), size);
    // A picture whose value is its own radius returns the rings' mean radii as values.
    for (let k = 0; k < profile.radius.length; k++) expect(profile.value[k]).toBeCloseTo(profile.radius[k]!, 4);
    expect(profile.count.reduce((s, c) => s + c, 0)).toBeGreaterThan(0.75 * size * size);
    expect(profile.radius[profile.radius.length - 1]).toBeLessThan(size / 2);
  });

  it('follows an off-centre disc when given its centre', () => {
    const size = 128;
    const image = picture(size, ramp(20, 6), [0.2, -0.1]);
    expect(riseWidth(radialProfile(image, size, { centre: [0.2, -0.1] })).width).toBeCloseTo(4.8, 1);
    // Around the wrong centre, the edge smears out.
    expect(riseWidth(radialProfile(image, size)).width).toBeGreaterThan(8);
  });
});

describe('riseWidth', () => {
  it('gives 0.8·w for a linear ramp of width w', () => {
    for (const w of [2, 5, 12]) {
      const rise = riseWidth(radialProfile(picture(256, ramp(64, w)), 256));
      expect(rise.width).toBeGreaterThan(0.8 * w - 0.1);
      expect(rise.width).toBeLessThan(0.8 * w + 0.1);
      expect(rise.middle).toBeCloseTo(64, 0);
    }
  });

  it('gives 2·ln 9·s for a logistic edge of scale s', () => {
    for (const s of [0.7, 1.5, 4]) {
      const rise = riseWidth(radialProfile(picture(256, logistic(64, s)), 256));
      expect(rise.width / (2 * Math.log(9) * s)).toBeGreaterThan(0.97);
      expect(rise.width / (2 * Math.log(9) * s)).toBeLessThan(1.03);
    }
  });

  it('gives less than a pixel for a hard step, as for the target disc', () => {
    for (const size of [64, 256]) {
      const rise = riseWidth(radialProfile(picture(size, (r) => (r <= size / 4 ? 1 : 0)), size));
      expect(rise.width).toBeGreaterThan(0);
      expect(rise.width).toBeLessThan(1);
    }
  });

  it('measures between the given levels, picks the crossing nearest the expected edge, and says when a level is missing', () => {
    const dim = picture(256, (r) => 0.2 + 0.6 * ramp(64, 10)(r));
    expect(Number.isNaN(riseWidth(radialProfile(dim, 256)).width)).toBe(true);
    expect(riseWidth(radialProfile(dim, 256), { low: 0.2, high: 0.8 }).width).toBeCloseTo(8, 0);
    // A ring (bright between 20 and 40 px, then a soft disc edge at 80 px): with edge = 80 the
    // measurement reads the outer edge, not the ring's.
    const rings = picture(256, (r) => (r < 20 ? 1 : r < 40 ? 0 : ramp(80, 10)(r)));
    expect(riseWidth(radialProfile(rings, 256)).middle).toBeLessThan(25);
    expect(riseWidth(radialProfile(rings, 256), { edge: 80 }).width).toBeCloseTo(8, 0);
  });
});
