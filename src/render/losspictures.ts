/**
 * The words and bar heights of the figure that sets squared error and cross-entropy side by side
 * on the disc (src/components/LossPictures.astro): one column per checkpoint, with each loss's
 * picture described and its rim width written out, and cross-entropy's mean margin as a bar.
 * Pure text and numbers; the component draws them.
 */
import { formatPlain, formatSignificant } from './results.ts';

/** A checkpoint of one run as the results file keeps it. */
export interface PictureCheckpoint {
  readonly steps: number;
  /** The rim's 10–90 % width in training pixels, or null where the rim does not reach both levels. */
  readonly width256: number | null;
  readonly picture: string | null;
}

export interface MarginCheckpoint extends PictureCheckpoint {
  readonly margin: number;
}

export interface PictureCell {
  readonly picture: string;
  readonly width: number | null;
  /** The width as shown under the picture: "3.2 px", or a dash. */
  readonly label: string;
  readonly alt: string;
}

export interface PictureColumn {
  readonly steps: number;
  readonly mse: PictureCell;
  readonly crossEntropy: PictureCell;
  readonly margin: number;
  readonly marginLabel: string;
  /**
   * The bar's height (0 to 1) on a log scale: 1 for the largest margin of all checkpoints, and
   * the smallest a tenth of the way up (so the first bar shows), 0 for a margin of zero or less.
   */
  readonly bar: number;
}

const rimLabel = (w: number | null): string => (w === null ? '—' : `${formatSignificant(w, 2)} px`);
const rimWords = (w: number | null): string => (w === null ? 'no rim width yet (the rim does not reach both 10 % and 90 %)' : `rim ${formatSignificant(w, 2)} pixels wide`);

/**
 * The columns of the figure, checkpoint by checkpoint (both runs must have the same checkpoints and
 * a picture at each), and a sentence that reads every number out.
 */
export function lossPictureColumns(
  mse: readonly PictureCheckpoint[],
  crossEntropy: readonly MarginCheckpoint[],
): { columns: PictureColumn[]; summary: string } {
  if (mse.length !== crossEntropy.length || mse.some((m, i) => m.steps !== crossEntropy[i]!.steps)) {
    throw new Error('lossPictureColumns: the two runs have different checkpoints');
  }
  const positive = crossEntropy.map((c) => c.margin).filter((m) => m > 0);
  const largest = Math.max(...positive);
  const smallest = Math.min(...positive);
  // log(m) from log(smallest) − span/9 (height 0) to log(largest) (height 1).
  const span = Math.log(largest / smallest);
  const bar = (m: number): number => (m <= 0 || !positive.length ? 0 : span === 0 ? 1 : 0.1 + (0.9 * Math.log(m / smallest)) / span);
  const columns = mse.map((m, i): PictureColumn => {
    const c = crossEntropy[i]!;
    if (m.picture === null || c.picture === null) throw new Error(`lossPictureColumns: no picture at step ${m.steps}`);
    const after = `after ${formatPlain(m.steps)} steps`;
    return {
      steps: m.steps,
      mse: { picture: m.picture, width: m.width256, label: rimLabel(m.width256), alt: `Squared error ${after}: the brightness; ${rimWords(m.width256)}.` },
      crossEntropy: {
        picture: c.picture,
        width: c.width256,
        label: rimLabel(c.width256),
        alt: `Cross-entropy ${after}: the probability of “inside”; ${rimWords(c.width256)}.`,
      },
      margin: c.margin,
      marginLabel: formatSignificant(c.margin, 2),
      bar: bar(c.margin),
    };
  });
  const first = columns[0]!;
  const last = columns[columns.length - 1]!;
  const rim = (w: number | null): string => (w === null ? 'no measurable rim' : `a rim ${formatSignificant(w, 2)} pixels wide`);
  const summary =
    `After ${formatPlain(last.steps)} steps squared error draws ${rim(last.mse.width)} and cross-entropy ${rim(last.crossEntropy.width)}; ` +
    `cross-entropy’s mean margin grew from ${first.marginLabel} after ${formatPlain(first.steps)} steps to ${last.marginLabel}.`;
  return { columns, summary };
}
