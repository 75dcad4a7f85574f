import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/core/mlp.ts';
import { History } from '../../src/core/history.ts';
import { WEIGHTS_FORMAT, fileName, lossCsv, readWeights, sizesOf, weightsFile, weightsJson } from '../../src/islands/live/exports.ts';
import { trainingTable, type TrainingValues } from '../../src/islands/specs/training.ts';
import { defaults } from '../../src/islands/live/table.ts';

const table = trainingTable(false);
const sizesFor = (v: TrainingValues): number[] => sizesOf({ hidden: [v.neurons] });

function saved(neurons: number, seed = 3) {
  const network = initNetwork([neurons], seed);
  return { network, step: 120, initialLoss: 0.25 };
}

describe('weights files', () => {
  it('round-trip exactly: every weight, the settings, the seed and the step', () => {
    const values = { ...defaults(table), neurons: 50, learningRate: 0.003 };
    const s = saved(50);
    const text = weightsJson(weightsFile('training', 'ten', values, 77, s));
    const read = readWeights(text, 'training', table, sizesFor);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.values).toEqual(values);
    expect(read.seed).toBe(77);
    expect(read.saved.step).toBe(120);
    expect(read.saved.initialLoss).toBe(0.25);
    read.saved.network.forEach((layer, l) => {
      expect(layer.weights).toEqual(s.network[l]!.weights);
      expect(layer.biases).toEqual(s.network[l]!.biases);
    });
    expect(JSON.parse(text)).toMatchObject({ format: WEIGHTS_FORMAT, version: 1, sizes: [2, 50, 1] });
  });

  const good = () => JSON.parse(weightsJson(weightsFile('training', 'ten', { ...defaults(table) }, 5, saved(10))));
  const refused = (file: unknown, text?: string) => {
    const read = readWeights(text ?? JSON.stringify(file), 'training', table, sizesFor);
    expect(read.ok).toBe(false);
    return read.ok ? '' : read.message;
  };

  it('refuse what is not a weights file, with a reason, starting the same way', () => {
    expect(refused(null, '{"format": "folded-paper-weights", "vers')).toMatch(/^This file was not loaded, and the figure is unchanged: it is not a JSON file/);
    expect(refused({ hello: 1 })).toMatch(/not a weights file saved from this essay/);
    expect(refused([1, 2])).toMatch(/not a weights file/);
    expect(refused({ ...good(), version: 2 })).toMatch(/format version 2, and this page reads version 1/);
    expect(refused({ ...good(), figure: 'pulse' })).toMatch(/another kind of figure/);
  });

  it('refuse settings, seeds, steps and networks that do not fit', () => {
    expect(refused({ ...good(), settings: { ...good().settings, neurons: 7 } })).toMatch(/settings do not fit this figure \(neurons\)/);
    expect(refused({ ...good(), settings: { ...good().settings, colour: 'red' } })).toMatch(/a setting this figure does not have/);
    expect(refused({ ...good(), seed: 0 })).toMatch(/seed/);
    expect(refused({ ...good(), step: -1 })).toMatch(/step/);
    // Settings say 50 neurons, the weights are for 10.
    expect(refused({ ...good(), settings: { ...good().settings, neurons: 50 } })).toMatch(/its network \(2 → 10 → 1\) is not the one its settings make here \(2 → 50 → 1\)/);
    const short = good();
    short.layers[0].weights.pop();
    expect(refused(short)).toMatch(/layer 1 does not hold 20 weights and 10 biases/);
    const nan = good();
    nan.layers[1].biases[0] = 'x';
    expect(refused(nan)).toMatch(/layer 2/);
  });
});

describe('loss history', () => {
  it('as CSV: a header and one line per step', () => {
    const h = new History();
    h.pushRun(0, [0.5, 0.25, 0.125]);
    expect(lossCsv(h)).toBe('step,loss\n0,0.5\n1,0.25\n2,0.125\n');
  });

  it('names files after the figure, what they hold and the step', () => {
    expect(fileName('ten', 120, 'weights', 'json')).toBe('folded-paper-ten-weights-step-120.json');
  });
});

describe('movie plans', () => {
  it('one frame per step up to the most frames a movie has, then several steps a frame', async () => {
    const { moviePlan, MOVIE_MAX_FRAMES } = await import('../../src/islands/live/movie.ts');
    expect(moviePlan(60)).toEqual({ frames: 60, every: 1 });
    expect(moviePlan(300)).toEqual({ frames: MOVIE_MAX_FRAMES, every: 2 });
    expect(moviePlan(1200)).toEqual({ frames: MOVIE_MAX_FRAMES, every: 8 });
  });
});
