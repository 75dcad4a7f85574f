/**
 * How to cite the essay: a line of text and a BibTeX entry, both made from the same facts.
 */

export interface CitationFacts {
  readonly author: string;
  readonly title: string;
  readonly subtitle: string;
  /** ISO date of publication, YYYY-MM-DD. */
  readonly published: string;
  /** The essay's address. */
  readonly url: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const BIB_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function parts(iso: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** "30 November 2026". */
export function longDate(iso: string): string {
  const { year, month, day } = parts(iso);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** The citation as a line of text. */
export function citationText(f: CitationFacts): string {
  const { year } = parts(f.published);
  return `${f.author}. “${f.title}: ${f.subtitle}.” An explorable essay, ${year}. ${f.url}`;
}

/** Characters BibTeX treats specially, escaped; braces keep the title's capitals. */
const bib = (text: string): string => text.replace(/([&%$#_])/g, '\\$1');

/** The citation as a BibTeX @misc entry. */
export function citationBibtex(f: CitationFacts): string {
  const { year, month } = parts(f.published);
  const key = `${f.title.toLowerCase().replace(/[^a-z0-9]+/g, '')}${year}`;
  return [
    `@misc{${key},`,
    `  author = {${bib(f.author)}},`,
    `  title = {{${bib(f.title)}}: ${bib(f.subtitle)}},`,
    `  year = {${year}},`,
    `  month = ${BIB_MONTHS[month - 1]},`,
    `  howpublished = {\\url{${f.url}}},`,
    `  note = {An explorable essay},`,
    `}`,
  ].join('\n');
}
