/**
 * Figure numbers, put into a chapter's HTML once it is rendered: the k-th figure of chapter n
 * (every `<figure class="figure …">`, whichever component drew it; the pictures inside a live
 * figure are figures of another class and are left alone) is "Figure n.k". Its caption starts
 * with that label, a link to the figure's anchor: its own id, or `figure-n-k` when it has none.
 * Numbers follow reading order, so a figure or chapter added in between renumbers the rest.
 */

const TAG = /<figure\b([^>]*)>|<\/figure>|<figcaption\b[^>]*>/g;
const NUMBERED = /\bclass="figure(?:\s[^"]*)?"/;

export interface NumberedFigure {
  readonly id: string;
  readonly label: string;
}

const label = (id: string, text: string): string => `<a class="figure-number" href="#${id}">${text}</a> `;

/** The chapter's HTML with its figures numbered, and the figures found, in order. */
export function numberFigures(html: string, chapter: number): { html: string; figures: NumberedFigure[] } {
  const figures: NumberedFigure[] = [];
  // Open figures, innermost last: for numbered ones their anchor and whether the caption has its label.
  const stack: ({ id: string; text: string; labelled: boolean } | null)[] = [];
  let out = '';
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const tag = m[0];
    let replacement = tag;
    if (tag.startsWith('<figure')) {
      const attrs = m[1] ?? '';
      if (NUMBERED.test(attrs)) {
        const k = figures.length + 1;
        const existing = /\bid="([^"]+)"/.exec(attrs)?.[1];
        const id = existing ?? `figure-${chapter}-${k}`;
        const text = `Figure ${chapter}.${k}`;
        figures.push({ id, label: text });
        stack.push({ id, text, labelled: false });
        replacement = existing ? tag.replace(/^<figure\b/, '<figure data-figure-number="' + `${chapter}.${k}"`) : tag.replace(/^<figure\b/, `<figure id="${id}" data-figure-number="${chapter}.${k}"`);
      } else stack.push(null);
    } else if (tag.startsWith('<figcaption')) {
      const open = stack[stack.length - 1];
      if (open && !open.labelled) {
        open.labelled = true;
        replacement = tag + label(open.id, open.text);
      }
    } else {
      const open = stack.pop();
      // A figure without a caption still shows its number, in a caption of its own.
      if (open && !open.labelled) replacement = `<figcaption>${label(open.id, open.text)}</figcaption>${tag}`;
    }
    out += html.slice(last, m.index) + replacement;
    last = m.index + tag.length;
  }
  return { html: out + html.slice(last), figures };
}
