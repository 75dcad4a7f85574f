import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { creaseLines } from '../../src/render/creases.ts';
import { errorPixels, grayPixels } from '../../src/render/image.ts';
import { labelWidth } from '../../src/render/axis.ts';
import { lossChart, thin } from '../../src/render/series.ts';
import { crc32, grayPng } from '../../src/build/png.ts';

describe('crease overlay', () => {
  it('draws each crease that crosses the square, in pixels, bolder for heavier neurons', () => {
    // x = 0 (vertical, through the middle), y = 0.5, and one outside the square.
    const lines = creaseLines(Float32Array.of(1, 0, 0, 0, 1, -0.5, 1, 0, 5), Float32Array.of(2, -0.5, 1), 256);
    expect(lines.map((l) => l.index)).toEqual([0, 1]);
    const [v, h] = lines;
    expect([v!.x1, v!.x2]).toEqual([128, 128]);
    expect([h!.y1, h!.y2]).toEqual([64, 64]);
    expect(v!.opacity).toBeGreaterThan(h!.opacity);
    expect(v!.width).toBeGreaterThan(h!.width);
  });

  it('draws many creases fainter', () => {
    const one = creaseLines(Float32Array.of(1, 0, 0), Float32Array.of(1), 64)[0]!;
    const many = new Float32Array(3 * 500).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const lot = creaseLines(many, new Float32Array(500).fill(1), 64)[0]!;
    expect(lot.opacity).toBeLessThan(one.opacity);
  });
});

describe('pixels', () => {
  it('gray maps [0, 1] to black … white and clamps', () => {
    const p = grayPixels(Float32Array.of(0, 1, -2, 0.5), 2);
    expect(Array.from(p)).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255]);
  });

  it('error map: white where right, red too bright, blue too dark, magenta for NaN', () => {
    const p = errorPixels(Float32Array.of(0.5, 1, 0, NaN), Float32Array.of(0.5, 0, 1, 0), 2);
    expect(Array.from(p.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(p[4]).toBe(255);
    expect(p[6]).toBe(0); // red: no blue
    expect(p[8]).toBe(0); // blue: no red
    expect(p[10]).toBe(255);
    expect(Array.from(p.subarray(12, 15))).toEqual([255, 0, 255]);
  });
});

describe('loss curve', () => {
  it('keeps every spike when thinning a long history', () => {
    const values = new Float32Array(100_000).fill(0.1);
    values[54_321] = 5;
    values[77_777] = 0.001;
    const keep = thin(values, 300);
    expect(keep.length).toBeLessThan(1000);
    expect(keep).toContain(54_321);
    expect(keep).toContain(77_777);
    expect(keep[keep.length - 1]).toBe(99_999);
  });

  it('puts decade ticks around the data and draws inside the margins', () => {
    const c = lossChart({ steps: [0, 1, 2, 3], values: [0.5, 0.2, 0.05, 0.02] }, 400, 150);
    expect(c.yTicks.map((t) => t.label)).toEqual(['0.01', '0.1', '1']);
    const xs = (c.path.match(/[ML](-?[\d.]+),/g) ?? []).map((s) => Number(s.slice(1, -1)));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(c.plot.left);
    expect(Math.max(...xs)).toBeLessThanOrEqual(c.plot.right);
  });

  it('skips points that are not finite instead of failing', () => {
    const c = lossChart({ steps: [0, 1, 2], values: [0.5, NaN, 0.1] }, 400, 150);
    expect(c.path).toMatch(/^M.*M/); // two pieces around the gap
  });
});

describe('PNG stills', () => {
  it('encode a valid grayscale PNG of the given pixels', () => {
    const png = grayPng(Float32Array.of(0, 1, 0.5, 2), 2);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const view = new DataView(png.buffer);
    expect(view.getUint32(16)).toBe(2);
    // IDAT starts after the 8-byte signature and the 25-byte IHDR chunk.
    const length = view.getUint32(33);
    const raw = inflateSync(png.subarray(41, 41 + length));
    expect(Array.from(raw)).toEqual([0, 0, 255, 0, 128, 255]);
    expect(view.getUint32(41 + length)).toBe(crc32(png.subarray(37, 41 + length)));
  });
});

describe('crease groups', () => {
  it('merge lines of equal look into one path each, losing none', async () => {
    const { creaseGroups } = await import('../../src/render/creases.ts');
    const many = new Float32Array(3 * 300).map((_, i) => (i % 3 === 0 ? 1 : i % 3 === 2 ? ((i / 3) % 10) / 10 - 0.5 : 0.3));
    const weights = new Float32Array(300).map((_, k) => (k % 7) - 3);
    const lines = creaseLines(many, weights, 256);
    const groups = creaseGroups(lines);
    expect(groups.length).toBeLessThan(20);
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(lines.length);
    expect(groups.reduce((s, g) => s + (g.d.match(/M/g)?.length ?? 0), 0)).toBe(lines.length);
  });
});

describe('PNG decoding', () => {
  it('reads back what the encoder wrote', async () => {
    const { decodePng } = await import('../../src/build/png.ts');
    const values = Float32Array.from({ length: 25 }, (_, k) => (k * 37) % 256 / 255);
    const png = decodePng(grayPng(values, 5));
    expect(png).toMatchObject({ width: 5, height: 5, channels: 1 });
    expect(Array.from(png.pixels)).toEqual(Array.from(values, (v) => Math.round(v * 255)));
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow('not a PNG');
  });
});

describe('paper shading', () => {
  it('gives a flat surface one shade and a tilted facet another', async () => {
    const { paperPixels } = await import('../../src/render/image.ts');
    const size = 16;
    const flat = paperPixels(new Float32Array(size * size).fill(0.5), size);
    const shades = new Set<number>();
    for (let k = 0; k < size * size; k++) shades.add(flat[4 * k]!);
    expect(shades.size).toBe(1);
    // A roof: rising to the right in the left half, falling in the right half.
    const roof = Float32Array.from({ length: size * size }, (_, k) => 1 - Math.abs((k % size) - size / 2) / size);
    // (points at equal height on both slopes, so only the light tells them apart)
    const p = paperPixels(roof, size);
    const left = p[4 * (5 * size + 4)]!;
    const right = p[4 * (5 * size + 12)]!;
    expect(left).not.toBe(right);
    // The light comes from the left: the left half, rising to the right, tilts towards it.
    expect(left).toBeGreaterThan(right);
  });
});

describe('loss curve ticks', () => {
  it('mark whole steps only, even for a history of one point', () => {
    const c = lossChart({ steps: [0], values: [0.18] }, 400, 150);
    expect(c.xTicks.length).toBeGreaterThan(0);
    expect(c.xTicks.every((t) => Number.isInteger(Number(t.label)))).toBe(true);
  });

  it('fit inside the chart: the last label of a long run is whole, and labels never overlap', () => {
    for (const width of [300, 400, 640]) {
      for (const last of [999, 4000, 4321, 12_345, 250_000]) {
        const steps = Array.from({ length: 200 }, (_, i) => Math.round((i * last) / 199));
        const c = lossChart({ steps, values: steps.map((s) => 0.3 / (1 + s / 100)) }, width, 150);
        const extents = c.xTicks.map((t) => {
          const w = labelWidth(t.label);
          const from = t.anchor === 'start' ? t.at : t.anchor === 'end' ? t.at - w : t.at - w / 2;
          return [from, from + w] as const;
        });
        for (const [from, to] of extents) {
          expect(from, `${width} px, last step ${last}`).toBeGreaterThanOrEqual(0);
          expect(to, `${width} px, last step ${last}`).toBeLessThanOrEqual(width);
        }
        for (let k = 1; k < extents.length; k++) expect(extents[k]![0]).toBeGreaterThan(extents[k - 1]![1]);
        // Long runs read in thousands: "4k", not a "4000" cut at the edge.
        if (last >= 4000) expect(c.xTicks.some((t) => t.label.endsWith('k'))).toBe(true);
      }
    }
  });
});
