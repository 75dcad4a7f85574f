/**
 * Text with inline maths for captions, rendered at build time: `$…$` becomes KaTeX's HTML (and
 * MathML, for screen readers), everything else is escaped text. So a caption prop can say
 * "the square $[-1, 1]^2$" and match the prose, and the page needs no KaTeX script. A literal
 * dollar sign is written `\$`. A formula KaTeX cannot read fails the build instead of showing raw.
 */
import katex from 'katex';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The pieces of a text: plain runs and formulas, in order. */
export function splitMath(text: string): { math: boolean; text: string }[] {
  const parts: { math: boolean; text: string }[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && text[i + 1] === '$') {
      plain += '$';
      i += 2;
    } else if (ch === '$') {
      let end = i + 1;
      while (end < text.length && !(text[end] === '$' && text[end - 1] !== '\\')) end++;
      if (end >= text.length) throw new Error(`Unclosed $ in: ${text}`);
      if (plain) parts.push({ math: false, text: plain });
      plain = '';
      parts.push({ math: true, text: text.slice(i + 1, end) });
      i = end + 1;
    } else {
      plain += ch;
      i++;
    }
  }
  if (plain) parts.push({ math: false, text: plain });
  return parts;
}

/** HTML for a text with `$…$` formulas (see above). */
export function mathText(text: string): string {
  return splitMath(text)
    .map((part) => (part.math ? katex.renderToString(part.text, { throwOnError: true, output: 'htmlAndMathml' }) : escapeHtml(part.text)))
    .join('');
}
