/**
 * The essay's experiments, by name. `npm run experiments` runs them in Node with fixed seeds and
 * writes their results to src/data/experiments.json, which the chapters import: every number the
 * prose quotes comes from there. Each study returns its settings next to its results.
 */
import { boundaries } from './boundaries.ts';
import { bundling } from './bundling.ts';
import { categories } from './categories.ts';
import type { Study } from './common.ts';
import { condensationStudy } from './condensation.ts';
import { edgeCauses } from './edgecauses.ts';
import { edges } from './edges.ts';
import { pulse } from './pulse.ts';
import { pulseCauses } from './pulsecauses.ts';
import { run as regions } from './regions.ts';
import { memorise, samples, sampleswide, widthsweep } from './samples.ts';

export type { Study, StudyOptions } from './common.ts';

export const STUDIES: Record<string, Study> = {
  pulse,
  pulseCauses,
  bundling,
  condensation: condensationStudy,
  edges,
  edgeCauses,
  regions: { run: regions },
  samples,
  sampleswide,
  memorise,
  widthsweep,
  categories,
  boundaries,
};
