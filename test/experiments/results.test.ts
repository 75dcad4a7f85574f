// The committed results the chapters quote: checks a reader relies on, whatever the numbers are.
import { describe, expect, it } from 'vitest';
import results from '../../src/data/experiments.json';
import { unpackPicture } from '../../src/core/samples.ts';
import { STUDIES } from '../../src/experiments/index.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const data = results as unknown as Record<string, Record<string, Json>>;
const obj = (v: Json | undefined): Record<string, Json> => v as Record<string, Json>;
const arr = (v: Json | undefined): Json[] => v as Json[];

/** The key under which each null of a value sits. */
function nulls(value: Json, key = '$'): string[] {
  if (value === null) return [key];
  if (Array.isArray(value)) return value.flatMap((v) => nulls(v, key));
  if (value && typeof value === 'object') {
    // A spread over seeds ({ mean, min, max }) is missing under its own name.
    const spread = Object.keys(value).join() === 'mean,min,max';
    return Object.entries(value).flatMap(([k, v]) => nulls(v, spread ? key : k));
  }
  return [];
}

/**
 * Measurements that may be missing: spike statistics without enough spikes, Adam's ε statistics
 * for optimizers without one, rise widths before the edge has reached 10 % and 90 %, steps to fit
 * the training pixels in runs that never did.
 */
const MAY_BE_MISSING = new Set([
  ...['first', 'medianPeriod', 'medianHeight', 'maxHeight', 'medianDuration', 'fractionBelowEpsilon', 'width64', 'width256', 'middle256'],
  'fitStep',
  // Small pictures are kept for the first seed's runs only.
  'picture',
]);

/** Studies on the ring's pixels, trained on the batched WebAssembly engine (src/experiments/samples.ts). */
const RING_STUDIES = new Set(['samples', 'sampleswide', 'memorise', 'widthsweep']);

describe('src/data/experiments.json', () => {
  it('holds every registered study, each with its settings, and no missing number where one is expected', () => {
    for (const name of Object.keys(STUDIES)) {
      expect(data[name], name).toBeDefined();
      const settings = obj(data[name]!['settings']);
      // The fused engine (with its grid shortcut where the network has one hidden layer), or for
      // training sets of scattered pixels the batched WebAssembly engine.
      expect(settings['engine'], name).toMatch(RING_STUDIES.has(name) ? /^wasm-(simd|scalar)$/ : /^fused(-grid)?$/);
      expect(settings['target'], name).toBe(RING_STUDIES.has(name) ? 'ring' : 'circle');
    }
    // tidy() writes NaN and infinities as null: those may only stand where a measurement can fail.
    expect(nulls(results as unknown as Json).filter((key) => !MAY_BE_MISSING.has(key))).toEqual([]);
  });

  describe('pulse', () => {
    const pulse = data['pulse']!;
    const runs = (): [string, Record<string, Json>][] =>
      (['optimizers', 'beta2', 'epsilon', 'beta1', 'widths', 'seeds'] as const).flatMap((group) =>
        Object.entries(obj(pulse[group])).map(([k, v]): [string, Record<string, Json>] => [`${group} ${k}`, obj(v)]),
      );

    it('records its settings: seed, width, steps, rates', () => {
      const s = obj(pulse['settings']);
      expect(Number.isInteger(s['seed'])).toBe(true);
      expect(s['width']).toBeGreaterThan(0);
      expect(s['steps']).toBeGreaterThan(0);
      const chosen = obj(obj(s['rateScan'])['chosen']);
      for (const o of ['adam', 'sgd', 'momentum', 'rmsprop']) expect(chosen[o]).toBeGreaterThan(0);
    });

    it('spike counts are whole, periods exist exactly when there are two spikes, heights pass the threshold', () => {
      const threshold = obj(obj(pulse['settings'])['detector'])['threshold'] as number;
      const groups = runs();
      expect(groups.length).toBeGreaterThan(10);
      for (const [name, run] of groups) {
        expect(obj(run['ripples'])['count'] as number, name).toBeGreaterThanOrEqual(obj(run['spikes'])['count'] as number);
        const spikes = obj(run['spikes']);
        const count = spikes['count'] as number;
        expect(Number.isInteger(count) && count >= 0, name).toBe(true);
        expect(spikes['medianPeriod'] === null, name).toBe(count < 2);
        if (count > 0) {
          expect(spikes['medianHeight'] as number, name).toBeGreaterThan(threshold);
          expect(spikes['maxHeight'] as number, name).toBeGreaterThanOrEqual(spikes['medianHeight'] as number);
          expect(spikes['first'] as number, name).toBeGreaterThanOrEqual(obj(obj(pulse['settings'])['detector'])['warmup'] as number);
        }
        expect(run['lowestLoss'] as number, name).toBeGreaterThan(0);
        expect(run['lowestLoss'] as number, name).toBeLessThanOrEqual(run['finalLoss'] as number);
      }
    });

    it('its series are non-empty and as long as each other', () => {
      const adam = obj(obj(pulse['series'])['adam']);
      const n = arr(adam['step']).length;
      expect(n).toBeGreaterThan(10);
      expect(arr(adam['updateNormMax']).length).toBe(n);
      expect(arr(adam['gradientNormMax']).length).toBe(n);
      const surge = obj(pulse['surge']);
      expect(arr(surge['loss']).length).toBe(arr(surge['edgeRatio']).length);
      expect(arr(surge['step'])).toContain(surge['peak']);
    });
  });

  describe('bundling', () => {
    const bundling = data['bundling']!;
    it('nearest-neighbour ratios lie in (0, 2], p-values in (0, 1], histograms add up to the creases counted', () => {
      for (const run of arr(bundling['runs']).map(obj)) {
        for (const when of ['init', 'trained']) {
          const d = obj(run[when]);
          const nn = obj(d['nearestNeighbour']);
          expect(nn['value'] as number).toBeGreaterThan(0);
          expect(nn['value'] as number).toBeLessThanOrEqual(2);
          expect(nn['p'] as number).toBeGreaterThan(0);
          expect(nn['p'] as number).toBeLessThanOrEqual(1);
          expect(Number.isInteger(d['crossing'])).toBe(true);
        }
      }
      const settings = obj(bundling['settings']);
      for (const h of arr(bundling['histograms']).map(obj)) {
        const run = arr(bundling['runs'])
          .map(obj)
          .find((r) => r['frame'] === 'grid' && r['scale'] === h['scale'] && r['width'] === settings['width'] && r['seed'] === arr(settings['seeds'])[0]);
        for (const when of ['init', 'trained']) {
          const angles = arr(obj(h[when])['angle']) as number[];
          expect(angles.reduce((s, c) => s + c, 0)).toBe(obj(run![when])['crossing']);
        }
      }
    });

    it('has a summary row per condition, over all seeds', () => {
      const seeds = arr(obj(bundling['settings'])['seeds']).length;
      const summary = arr(bundling['summary']).map(obj);
      expect(arr(bundling['runs']).length).toBe(summary.length * seeds);
      expect(summary.map((r) => r['scale'])).toEqual(expect.arrayContaining(arr(obj(bundling['settings'])['scales'])));
    });
  });

  describe('edges', () => {
    const edges = data['edges']!;
    it('rise widths are positive and the target itself is sharper than a pixel', () => {
      const target = obj(edges['target']);
      expect(target['width64'] as number).toBeGreaterThan(0);
      expect(target['width64'] as number).toBeLessThan(1);
      expect(target['width256'] as number).toBeLessThan(1);
      const checkpoints = [
        ...arr(edges['byWidth']),
        ...arr(edges['byRate']),
        ...arr(edges['byDecay']),
      ].flatMap((row) => arr(obj(row)['checkpoints']).map(obj)).concat(arr(edges['bySteps']).map(obj));
      expect(checkpoints.length).toBeGreaterThan(10);
      for (const c of checkpoints) {
        for (const key of ['width64', 'width256']) if (c[key] !== null) expect(c[key] as number).toBeGreaterThan(0);
        expect(c['rimShare'] as number).toBeGreaterThan(0);
        expect(c['rimShare'] as number).toBeLessThanOrEqual(1);
      }
    });

    it('covers the widths, rates and decays its settings list', () => {
      const s = obj(edges['settings']);
      expect(arr(edges['byWidth']).map((r) => obj(r)['width'])).toEqual(arr(obj(s['widthsAt'])['widths']));
      expect(arr(edges['byRate']).map((r) => obj(r)['learningRate'])).toEqual(arr(s['rates']));
      expect(arr(edges['byDecay']).map((r) => obj(r)['weightDecay'])).toEqual(arr(s['decays']));
    });
  });

  describe('between the samples', () => {
    const samples = data['samples']!;
    const memorise = data['memorise']!;
    const sweep = data['widthsweep']!;
    const thumb = obj(samples['settings'])['thumb'] as number;

    /** The checks every run of these studies must pass, whatever it measured. */
    const checkRun = (r: Record<string, Json>, name: string, steps: number): void => {
      expect(r['trainLoss'] as number, name).toBeGreaterThanOrEqual(0);
      expect(r['testLoss'] as number, name).toBeGreaterThan(0);
      for (const key of ['trainAccuracy', 'testAccuracy']) {
        expect(r[key] as number, name).toBeGreaterThanOrEqual(0);
        expect(r[key] as number, name).toBeLessThanOrEqual(1);
      }
      expect(r['steps'] as number, name).toBeLessThanOrEqual(steps);
      if (r['fitStep'] !== null) expect(r['fitStep'] as number, name).toBeLessThanOrEqual(r['steps'] as number);
      if ('leastSector' in r) expect(r['whole'], name).toBe((r['leastSector'] as number) >= 0.5);
      const curve = obj(r['curve']);
      const at = arr(curve['step']) as number[];
      expect(at[0], name).toBe(0);
      expect(at[at.length - 1], name).toBe(r['steps']);
      for (let k = 1; k < at.length; k++) expect(at[k]!, name).toBeGreaterThan(at[k - 1]!);
      expect(arr(curve['train']).length, name).toBe(at.length);
      expect(arr(curve['test']).length, name).toBe(at.length);
      if (r['picture'] !== null && r['picture'] !== undefined) expect(unpackPicture(r['picture'] as string, thumb * thumb).length).toBe(thumb * thumb);
    };

    it.each(['samples', 'sampleswide'])('post 3 (%s): every network, number of pixels and seed has a run, and the first seed a picture', (name) => {
      const study = data[name]!;
      const s = obj(study['settings']);
      const seeds = arr(s['seeds']) as number[];
      const runs = arr(study['runs']).map(obj);
      const networks = arr(s['networks']).map(obj);
      const counts = arr(s['counts']) as number[];
      const upTo = s['allSeedsUpTo'] as number;
      expect(runs.length).toBe(networks.length * counts.reduce((n, c) => n + (c <= upTo ? seeds.length : 1), 0));
      for (const r of runs) {
        checkRun(r, `${r['network']} ${r['count']} ${r['seed']}`, s['steps'] as number);
        expect(r['picture'] !== null, `${r['network']} ${r['count']} ${r['seed']}: a picture for the first seed only`).toBe(r['seed'] === seeds[0]);
      }
      // The longer runs: every number of pixels with the first seed, the smallest with every seed.
      const long = arr(study['long']).map(obj);
      const smallest = Math.min(...counts);
      for (const n of networks) {
        const mine = long.filter((r) => r['network'] === n['id']);
        expect(mine.map((r) => `${r['count']} s${r['seed']}`).sort()).toEqual([...counts.map((c) => `${c} s${seeds[0]}`), ...seeds.slice(1).map((x) => `${smallest} s${x}`)].sort());
      }
      for (const r of long) {
        checkRun(r, `long ${r['network']} ${r['count']} ${r['seed']}`, s['longSteps'] as number);
        expect(r['picture'] !== null, `long ${r['network']} ${r['count']} ${r['seed']}: a picture for the first seed only`).toBe(r['seed'] === seeds[0]);
      }
      for (const row of arr(study['longSummary']).map(obj)) {
        const mine = long.filter((r) => r['network'] === row['network'] && r['count'] === row['count']);
        expect(row['seeds']).toBe(mine.length);
        expect(row['whole']).toBe(mine.filter((r) => r['whole']).length);
        const test = mine.map((r) => r['testLoss'] as number);
        // The file keeps four significant digits.
        const mean = test.reduce((a, b) => a + b, 0) / test.length;
        expect(Math.abs((obj(row['testLoss'])['mean'] as number) - mean)).toBeLessThanOrEqual(1e-3 * mean);
      }
      for (const row of arr(study['summary']).map(obj)) {
        expect(row['seeds']).toBe((row['count'] as number) <= upTo ? seeds.length : 1);
        expect(row['whole'] as number).toBeLessThanOrEqual(row['seeds'] as number);
        const test = obj(row['testLoss']);
        expect(test['min'] as number).toBeLessThanOrEqual(test['mean'] as number);
        expect(test['mean'] as number).toBeLessThanOrEqual(test['max'] as number);
      }
    });

    it('post 3: the deep and the wide network have about as many weights', () => {
      const [deep, wide] = ['samples', 'sampleswide'].map((name) => obj(arr(obj(data[name]!['settings'])['networks'])[0]!)['weights'] as number);
      expect(Math.abs(deep! - wide!) / deep!).toBeLessThan(0.01);
    });

    it('random targets: each network, number of pixels and seed is told the ring and the shuffled values', () => {
      const s = obj(memorise['settings']);
      const runs = arr(memorise['runs']).map(obj);
      expect(runs.length).toBe(2 * arr(s['networks']).length * arr(s['counts']).length * arr(s['seeds']).length);
      for (const r of runs) {
        checkRun(r, `${r['network']} ${r['count']} ${r['targets']} ${r['seed']}`, s['maxSteps'] as number);
        // A run stopped early has fitted, and only then.
        if ((r['steps'] as number) < (s['maxSteps'] as number)) expect(r['fitStep'], `${r['network']} ${r['targets']}`).not.toBeNull();
        expect(r['lookupTestLoss'] as number).toBeGreaterThan(0);
      }
      for (const row of arr(memorise['summary']).map(obj)) expect(row['fitted'] as number).toBeLessThanOrEqual(arr(s['seeds']).length);
    });

    it('width sweep: a run per noise level, width and seed; weights 4w + 1', () => {
      const s = obj(sweep['settings']);
      const runs = arr(sweep['runs']).map(obj);
      expect(runs.length).toBe(arr(s['noises']).length * arr(s['widths']).length * arr(s['seeds']).length);
      for (const r of runs) expect(r['weights']).toBe(4 * (r['width'] as number) + 1);
      expect(arr(sweep['summary']).map((r) => obj(r)['width'])).toEqual(arr(s['noises']).flatMap(() => arr(s['widths'])));
    });
  });

  describe('categories', () => {
    const c = (): Record<string, Json> => data['categories']!;
    const rows = (key: string): Record<string, Json>[] => arr(obj(c()['edge'])[key]).map(obj);
    const num = (r: Record<string, Json>, key: string): number => r[key] as number;

    it('compares both losses at the same checkpoints, and cross-entropy ends with the narrower rim (as the chapter says)', () => {
      const mse = rows('mse');
      const ce = rows('crossEntropy');
      expect(mse.map((r) => r['steps'])).toEqual(ce.map((r) => r['steps']));
      expect(num(ce.at(-1)!, 'width256')).toBeLessThan(num(mse.at(-1)!, 'width256'));
      expect(num(ce.at(-1)!, 'accuracy')).toBe(1);
    });

    it('records logits that keep growing once every training point is classified right, with Adam and with plain gradient descent', () => {
      for (const key of ['crossEntropy', 'descent']) {
        const r = rows(key);
        const separated = r.findIndex((row) => num(row, 'accuracy') === 1);
        expect(separated, key).toBeGreaterThanOrEqual(0);
        expect(separated, key).toBeLessThan(r.length - 2);
        for (let k = separated + 1; k < r.length; k++) {
          expect(num(r[k]!, 'margin'), `${key} margin at ${String(r[k]!['steps'])}`).toBeGreaterThan(num(r[k - 1]!, 'margin'));
          expect(num(r[k]!, 'loss')).toBeLessThan(num(r[k - 1]!, 'loss'));
        }
      }
      const g = obj(c()['growth']);
      expect(g['marginRatio'] as number).toBeGreaterThan(1);
      expect(obj(g['descent'])['marginRatio'] as number).toBeGreaterThan(1);
    });

    it('has every network of the width and depth comparison, for both targets of three or more classes', () => {
      const classes = obj(c()['classes']);
      for (const name of ['spirals', 'cells']) {
        const runs = arr(classes[name]).map(obj);
        expect(runs.map((r) => arr(r['hidden']).join('×'))).toEqual(['10', '50', '500', '16×16×16']);
        for (const r of runs) expect(r['accuracy'] as number).toBeGreaterThan(0.5);
      }
      // The chapter says width helps on the spirals.
      const spirals = arr(classes['spirals']).map(obj);
      expect(spirals[2]!['accuracy'] as number).toBeGreaterThan(spirals[0]!['accuracy'] as number);
    });

    it('keeps a small picture of both losses at every checkpoint, for the figure that sets them side by side', () => {
      const thumb = obj(obj(c()['settings'])['edge'])['thumb'] as number;
      for (const key of ['mse', 'crossEntropy']) {
        for (const r of rows(key)) expect(unpackPicture(r['picture'] as string, thumb * thumb).length, `${key} at ${String(r['steps'])}`).toBe(thumb * thumb);
      }
    });
  });

  describe('boundaries', () => {
    const b = (): Record<string, Json> => data['boundaries']!;
    const cat = (): Record<string, Json> => data['categories']!;
    const discRows = (): Record<string, Json>[] => arr(b()['disc']).map(obj);
    const classRows = (name: string): Record<string, Json>[] => arr(obj(b()['classes'])[name]).map(obj);
    const all = (): [string, Record<string, Json>][] => [
      ...discRows().map((r): [string, Record<string, Json>] => [`disc at ${String(r['steps'])}`, r]),
      ...['spirals', 'cells'].flatMap((name) => classRows(name).map((r): [string, Record<string, Json>] => [`${name} ${arr(r['hidden']).join('×')}`, r])),
    ];

    it('measures the same runs as the categories study: its checkpoints and networks, with the same accuracies', () => {
      const ce = arr(obj(cat()['edge'])['crossEntropy']).map(obj);
      const disc = discRows();
      expect(disc.map((r) => r['steps'])).toEqual([0, ...ce.map((r) => r['steps'])]);
      disc.slice(1).forEach((r, i) => expect(r['accuracy'], `disc at ${String(r['steps'])}`).toBe(ce[i]!['accuracy']));
      for (const name of ['spirals', 'cells']) {
        const theirs = arr(obj(cat()['classes'])[name]).map(obj);
        const ours = classRows(name);
        expect(ours.map((r) => arr(r['hidden']).join('×'))).toEqual(theirs.map((r) => arr(r['hidden']).join('×')));
        ours.forEach((r, i) => expect(r['accuracy'], `${name} ${arr(r['hidden']).join('×')}`).toBe(theirs[i]!['accuracy']));
      }
    });

    it('places every end of every segment: on a side, at a bend on a fold of some layer, or where three classes meet', () => {
      expect(obj(b()['settings'])['tolerance']).toBe(1e-7);
      for (const [name, r] of all()) {
        const n = (key: string): number => r[key] as number;
        const byLayer = arr(r['bendsByLayer']) as number[];
        const histogram = arr(r['bendsPerCrease']) as number[];
        expect(n('unplaced'), name).toBe(0);
        expect(byLayer.reduce((s, k) => s + k, 0), name).toBe(n('bends'));
        // How many creases carry 0, 1, 2, … bends: it adds up to the creases and to the first layer's bends.
        expect(histogram.reduce((s, k) => s + k, 0), name).toBe(n('creases'));
        expect(histogram.reduce((s, k, i) => s + i * k, 0), name).toBe(byLayer[0]);
        expect(n('creases') - (histogram[0] ?? 0), name).toBe(n('creasesWithBends'));
        expect(n('creaseFraction'), name).toBeCloseTo(n('creasesWithBends') / n('creases'), 3);
        expect(n('crossed'), name).toBeLessThanOrEqual(n('regions'));
        expect(n('crossedFraction'), name).toBeCloseTo(n('crossed') / n('regions'), 3);
      }
      // Two classes: no junctions, and each segment's two ends are on a side or at a bend (two segments each).
      for (const r of discRows()) {
        expect(r['junctions']).toBe(0);
        expect(2 * (r['segments'] as number)).toBe((r['ends'] as number) + 2 * (r['bends'] as number));
      }
    });

    it('has a boundary on every trained network, with bends on creases of the first layer', () => {
      for (const [name, r] of all()) {
        if (r['steps'] === 0) continue;
        expect(r['segments'] as number, name).toBeGreaterThan(0);
        expect(arr(r['bendsByLayer']).length, name).toBe(name.includes('×') ? 3 : 1);
      }
      const last = discRows().at(-1)!;
      expect(last['creasesWithBends'] as number).toBeGreaterThan(0);
    });
  });
});
