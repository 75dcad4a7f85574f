// Every measured result the chapters of experiments quote must come from src/data/experiments.json,
// rendered by an expression, never typed by hand. This reads the chapters as a reader would see
// their text before the expressions are filled in, and fails on any number that is not a setting
// of the experiments or a constant of the mathematics (listed below, with what each one is), and
// on the measured values that were once typed into these chapters.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The chapter's prose with its code, expressions, mathematics and link targets taken out. */
export function handTyped(mdx: string): string {
  let s = mdx.replace(/^---[\s\S]*?\n---\n/, '');
  s = s
    .split('\n')
    .filter((line) => !/^(import|export) /.test(line))
    .join('\n');
  // {…} expressions, nested braces included (a JavaScript expression cannot hold a number the
  // prose shows by hand).
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]*\$/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/\b(?:id|preset|start|network|client:\w+)=("[^"]*"|\{[^}]*\})/g, ' ');
}

/** The numbers written in a text: 0.5, 4,096, 45, 10 … (a digit run with its separators). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,$/, ''));
}

/**
 * Numbers that may stand in a chapter's prose: settings chosen before any run, thresholds of a
 * ruler, sizes of pictures, chapter numbers, and counts of things in the text itself.
 */
const ALLOWED: Record<string, Record<string, string>> = {
  'open-questions': {
    '2': 'two inputs, two checks, 2 pixels of the rim in the caption of the study (the ruler)',
    '3': 'chapter numbers',
    '4': 'chapter 4',
    '10': '10 % and 90 %: the levels of the rise width (the ruler)',
    '90': '10 % and 90 %: the levels of the rise width (the ruler)',
    '45': 'the grid turned by 45°: a setting of the bundling study',
    '1,000': 'the step after which the sharpness ratio is summarised: a choice of the prose',
    '256': 'the 256 × 256 picture the network draws: a setting',
    '0.5': 'the disc’s radius: the target',
    '500': 'five hundred neurons: the essay’s setting',
    '0.003': 'Adam’s learning rate in the essay: a setting',
    '4,096': 'all 4,096 samples each step: the 64 × 64 grid',
    '1': 'a ratio of 1, distance 1 from the centre, one layer: definitions',
    '0.01': 'the rate the pulse figure starts from: a setting of the figure',
    '0': '0 for black: the target',
    '64': 'the 64 × 64 training grid: a setting',
    '0.99': 'β₂ of a run of the sweep: a setting',
    '0.999': 'β₂ of a run of the sweep: a setting',
    '0.9999': 'β₂ of a run of the sweep: a setting',
    '100': 'checkpoints (after 100 steps) and widths (100 neurons) of the soft-edge study: settings',
    '300': 'a width of the soft-edge study: a setting',
    '10,000': 'a checkpoint of the soft-edge study: a setting',
    '30,000': 'a checkpoint of the soft-edge study: a setting',
    '2021': 'a year of publication',
    '2022': 'a year of publication',
    '2025': 'a year of publication',
    '2018': 'a year of publication',
    '2019': 'a year of publication',
    '2020': 'a year of publication',
    '2014': 'a year of publication',
  },
  'deeper-networks': {
    '1': 'one layer, layer 1',
    '2': 'two inputs, layer two',
    '3': 'chapter 3',
    '4': 'four layers, four neurons',
    '8': 'layers of eight (a preset)',
    '10': 'ten lines (arithmetic of line arrangements), 10⁻¹² in mathematics',
    '56': '1 + 10 + 45 for ten lines: arithmetic, not a measurement',
    '30': 'thirty layers of thirty: a preset',
    '100,000': 'random points of the test of exactness: a setting of the test',
    '256': 'batches of 256 and the 256 × 256 picture: settings',
    '4,096': 'all 4,096 samples each step',
    '6': 'six decimals of the test of exactness: a setting of the test',
    '2024': 'a year of publication',
    '2022': 'a year of publication',
    '2023': 'a year of publication',
    '2019': 'a year of publication',
    '2018': 'a year of publication',
    '2014': 'a year of publication',
    '1901.09021': 'an arXiv number',
    '128': 'one layer of 128: a size of the growth study',
    '32': 'four layers of 32: a size of the growth study',
  },
  'one-neuron': {
    '0': 'values of a, b, c in the text',
    '1': 'values of a, b, c in the text',
    '2': 'chapter 2',
    '3': 'the sweep runs from −3 to 3',
    '0.25': 'the sweep’s fixed value',
    '1.5': 'the crease positions of the figure',
  },
};

/** Values measured by the studies that were once typed into these chapters by hand. */
const FORBIDDEN: Record<string, string[]> = {
  'open-questions': ['0.98', '1.02', '0.93', '0.55', '0.73', '1,337', '3.6 %', '0.33', '0.25,', '0.20', 'fourth root', 'exactly the one this literature predicts', 'The pulse belongs to Adam', 'only things in the setup', '64 surges', '1,211', '72 %', '139 %', '0.16', '0.07', 'there are no surges', 'show no surge at all', 'yet never surges', 'no surge reaches'],
  'deeper-networks': ['0.43', '349,101', '409,369', '571,830', '17,945', 'Deep means many pieces', 'roughly doubles', '0.30', '680', '910'],
  'one-neuron': [],
};

const read = (name: string) => readFileSync(new URL(`../../content/chapters/${name}.mdx`, import.meta.url), 'utf8');

describe('measured numbers in the chapters come from the results file', () => {
  for (const name of Object.keys(ALLOWED)) {
    it(`${name}: no hand-typed number other than settings and constants`, () => {
      const text = handTyped(read(name));
      const stray = [...new Set(numbersIn(text))].filter((n) => !(n in ALLOWED[name]!));
      expect(stray, `numbers typed into ${name}.mdx: render them from the results, or list a setting above`).toEqual([]);
    });
    it(`${name}: none of the measured values once typed by hand`, () => {
      const text = handTyped(read(name));
      for (const bad of FORBIDDEN[name]!) expect(text.includes(bad), `"${bad}" in ${name}.mdx`).toBe(false);
    });
  }

  it('the reader of the chapters sees what an expression would hide', () => {
    const text = handTyped('---\nn: 1\n---\nimport x from "y";\nexport const z = 3;\nA {fmt(0.98)} B $2/\\eta$ C [d](https://e/1.5) 0.5 and 4,096, {f({a: 7})}.');
    expect(numbersIn(text)).toEqual(['0.5', '4,096']);
  });
});
