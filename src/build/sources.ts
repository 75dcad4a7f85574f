/**
 * The essay's sources, read from the chapters themselves at build time. A chapter lists its
 * sources under a "## Sources" heading, one Markdown list item each; every item gets an anchor
 * named after its first author and year (`#source-hanin-2019`), and the prose cites it with an
 * ordinary link to that anchor: `[Hanin and Rolnick](#source-hanin-2019)`. The same functions name
 * the items in the chapter pages (rehype-sources.ts) and on the references page, so both agree.
 */

/** The anchor of a source, from its text: "Boris Hanin, David Rolnick, Complexity … (ICML 2019)" → "source-hanin-2019". */
export function sourceKey(text: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  const firstAuthor = plain.split(/,| and /)[0]!.trim();
  const surname = firstAuthor.split(' ').pop() ?? firstAuthor;
  const year = /\((?:[^()]*\D)?(\d{4})\)/.exec(plain)?.[1] ?? 'n.d';
  const slug = surname
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `source-${slug || 'anon'}-${year}`;
}

/** Anchors for a chapter's list of sources in order; a repeated key gets a letter (…-2019b). */
export function sourceKeys(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((t) => {
    const key = sourceKey(t);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}${String.fromCharCode(97 + n)}`;
  });
}

/** Markdown inline text as plain text: links become their words, emphasis and code marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The list items under a chapter's "## Sources" heading (raw Markdown), in order; none without one. */
export function sourcesOf(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^##\s+Sources\s*$/.test(l));
  if (start < 0) return [];
  const items: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,2}\s/.test(line)) break;
    if (/^[-*]\s+/.test(line)) items.push(line.replace(/^[-*]\s+/, ''));
    else if (/^\s{2,}\S/.test(line) && items.length) items[items.length - 1] += ` ${line.trim()}`;
    else if (line.trim() !== '' && items.length) break; // the list has ended
  }
  return items;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** HTML of a source item's Markdown: links (to http(s) addresses only), *emphasis* and `code`. */
export function inlineHtml(markdown: string): string {
  let out = '';
  let rest = markdown;
  const pattern = /\[([^\]]*)\]\(([^)\s]*)\)|\*([^*]+)\*|_([^_]+)_|`([^`]+)`/;
  for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) {
    out += escapeHtml(rest.slice(0, m.index));
    if (m[1] !== undefined) {
      const href = m[2]!;
      const inner = inlineHtml(m[1]);
      out += /^https?:\/\//.test(href) ? `<a href="${escapeHtml(href)}" rel="noopener">${inner}</a>` : inner;
    } else if (m[3] !== undefined || m[4] !== undefined) out += `<em>${inlineHtml(m[3] ?? m[4]!)}</em>`;
    else out += `<code>${escapeHtml(m[5]!)}</code>`;
    rest = rest.slice(m.index + m[0].length);
  }
  return out + escapeHtml(rest);
}

/** Words a reader reads in a chapter's MDX: its prose, without imports, tags, expressions or maths. */
export function proseWords(mdx: string): number {
  let body = mdx;
  // Expressions, innermost first ({n(x)} inside a template inside a prop).
  for (let before = ''; before !== body; ) {
    before = body;
    body = body.replace(/\{[^{}]*\}/g, ' 1 ');
  }
  const text = body
    .replace(/^---[\s\S]*?---/, '')
    .replace(/^(import|export)\s.*$/gm, '')
    .replace(/\$\$[\s\S]*?\$\$/g, ' formula ')
    .replace(/\$[^$\n]+\$/g, ' x ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#*_`>|-]/g, ' ');
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Reading speed assumed for the reading times (words per minute). */
export const WORDS_PER_MINUTE = 220;
/** Minutes a figure adds to the reading time (it is looked at and played with). */
export const MINUTES_PER_FIGURE = 1;

/** Minutes to read a chapter (at least one): its words, plus a minute per figure. */
export function readingMinutes(mdx: string): number {
  const figures = (mdx.match(/<(Figure|TrainingFigure|PortraitFigure|RegionCounts|\w+Results)\b/g) ?? []).length;
  return Math.max(1, Math.round(proseWords(mdx) / WORDS_PER_MINUTE + figures * MINUTES_PER_FIGURE));
}
