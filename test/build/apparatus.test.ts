import { describe, expect, it } from 'vitest';
import { inlineHtml, plainText, proseWords, readingMinutes, sourceKey, sourceKeys, sourcesOf } from '../../src/build/sources.ts';
import { anchorSources, rehypeSources } from '../../src/build/rehype-sources.ts';
import { numberFigures } from '../../src/build/figures.ts';
import { citationBibtex, citationText, longDate } from '../../src/build/citation.ts';
import { cardNetwork, cardPixels, cardSeed } from '../../src/build/card.ts';
import { decodePng, rgbPng } from '../../src/build/png.ts';

const CHAPTER = `---
number: 9
title: T
summary: S
---
import Figure from '../x.astro';

Some prose, [Hanin and Rolnick](#source-hanin-2019) said so {n(R.x)} times.

<Figure caption={\`A \${n(1)} caption\`} />

## Sources

- Boris Hanin, David Rolnick, [*Complexity of Linear Regions in Deep Networks*](https://arxiv.org/abs/1901.09021) (ICML 2019) and [*Another*](https://arxiv.org/abs/1906.00904) (NeurIPS 2019).
- Guido Montúfar, Razvan Pascanu, [*On the Number of Linear Regions*](https://arxiv.org/abs/1402.1869) (NeurIPS 2014).
- Boris Hanin, [*A second one the same year*](https://example.org/) (2019).

Every count comes from a script.
`;

describe('sources', () => {
  it('names a source after its first author and year', () => {
    expect(sourceKey('Boris Hanin, David Rolnick, Complexity of Linear Regions (ICML 2019) and More (NeurIPS 2019).')).toBe('source-hanin-2019');
    expect(sourceKey('Guido Montúfar and others, On the Number (NeurIPS 2014).')).toBe('source-montufar-2014');
    expect(sourceKey('Sid Black, Lee Sharkey and others, Interpreting (2022).')).toBe('source-black-2022');
  });

  it('reads the list under "## Sources", and letters repeated names', () => {
    const items = sourcesOf(CHAPTER);
    expect(items).toHaveLength(3);
    expect(sourceKeys(items.map(plainText))).toEqual(['source-hanin-2019', 'source-montufar-2014', 'source-hanin-2019b']);
    expect(sourcesOf('# no sources here\n\n- a list (2020)')).toEqual([]);
  });

  it('renders an item’s links and emphasis, escaping the rest', () => {
    expect(inlineHtml('A <b>, [*T*](https://x.org/a) & `c`')).toBe('A &lt;b&gt;, <a href="https://x.org/a" rel="noopener"><em>T</em></a> &amp; <code>c</code>');
    expect(inlineHtml('[bad](javascript:alert(1))')).not.toContain('href');
  });

  it('gives the list items their anchors and marks citations', () => {
    const li = (t: string) => ({ type: 'element', tagName: 'li', properties: {}, children: [{ type: 'text', value: t }] });
    const cite = { type: 'element', tagName: 'a', properties: { href: '#source-hanin-2019' }, children: [{ type: 'text', value: 'H' }] };
    const tree = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'p', properties: {}, children: [cite] },
        { type: 'element', tagName: 'h2', properties: {}, children: [{ type: 'text', value: 'Sources' }] },
        { type: 'element', tagName: 'ul', properties: {}, children: [li('Boris Hanin, X (2019).'), li('Sid Black, Y (2022).')] },
      ],
    };
    rehypeSources()(tree, {});
    const ul = tree.children[2]!.children as { properties: Record<string, unknown> }[];
    expect(ul.map((n) => n.properties['id'])).toEqual(['source-hanin-2019', 'source-black-2022']);
    expect(cite.properties).toMatchObject({ className: ['cite'] });
  });

  it('stops the build on a citation its chapter does not list', () => {
    const tree = {
      type: 'root',
      children: [{ type: 'element', tagName: 'a', properties: { href: '#source-nobody-1999' }, children: [] }],
    };
    expect(() => rehypeSources()(tree, { path: 'x.mdx' })).toThrow(/x\.mdx.*source-nobody-1999/);
    expect(anchorSources({ type: 'root', children: [] })).toEqual([]);
  });
});

describe('reading time', () => {
  it('counts the prose, not imports, expressions or tags', () => {
    expect(proseWords(CHAPTER)).toBeGreaterThan(40);
    expect(proseWords(CHAPTER)).toBeLessThan(70);
    expect(proseWords('---\nnumber: 1\n---\nimport X from "y";\n<X a={1} />\n')).toBe(0);
  });

  it('adds a minute per figure, at least one in all', () => {
    expect(readingMinutes('word '.repeat(2200))).toBe(10);
    expect(readingMinutes(`${'word '.repeat(2200)}<Figure /><TrainingFigure id="x" />`)).toBe(12);
    expect(readingMinutes('')).toBe(1);
  });
});

describe('figure numbers', () => {
  it('numbers the chapter’s figures in order, not the pictures inside them', () => {
    const html =
      '<article data-chapter="4"><figure class="figure wide" id="figure-ten"><div><figure class="prediction"><figcaption>inner</figcaption></figure></div><figcaption>Ten neurons.</figcaption></figure>' +
      '<p>text</p><figure class="figure"><img></figure><figure class="figure results x"><figcaption>Third.</figcaption></figure></article>';
    const { html: out, figures } = numberFigures(html, 4);
    expect(figures).toEqual([
      { id: 'figure-ten', label: 'Figure 4.1' },
      { id: 'figure-4-2', label: 'Figure 4.2' },
      { id: 'figure-4-3', label: 'Figure 4.3' },
    ]);
    expect(out).toContain('<figcaption>inner</figcaption>');
    expect(out).toContain('<figcaption><a class="figure-number" href="#figure-ten">Figure 4.1</a> Ten neurons.</figcaption>');
    expect(out).toContain('<figure id="figure-4-2" data-figure-number="4.2" class="figure"><img><figcaption><a class="figure-number" href="#figure-4-2">Figure 4.2</a> </figcaption></figure>');
    expect(out).toContain('href="#figure-4-3">Figure 4.3</a> Third.');
  });
});

describe('how to cite', () => {
  const facts = { author: 'A. Writer', title: 'Folded Paper', subtitle: 'What ReLU networks do', published: '2026-11-30', url: 'https://example.org/fp/' };
  it('says it as text and as BibTeX', () => {
    expect(longDate('2026-11-30')).toBe('30 November 2026');
    expect(citationText(facts)).toBe('A. Writer. “Folded Paper: What ReLU networks do.” An explorable essay, 2026. https://example.org/fp/');
    const bib = citationBibtex(facts);
    expect(bib).toMatch(/^@misc\{foldedpaper2026,\n/);
    expect(bib).toContain('title = {{Folded Paper}: What ReLU networks do},');
    expect(bib).toContain('howpublished = {\\url{https://example.org/fp/}},');
    expect(bib.split('{').length).toBe(bib.split('}').length);
  });
});

describe('social preview pictures', () => {
  it('are PNGs of the card’s size, different for each page, with folds in them', () => {
    const a = cardPixels(cardNetwork(3), cardSeed('ten-neurons'), 120, 63);
    const b = cardPixels(cardNetwork(3), cardSeed('five-hundred-neurons'), 120, 63);
    expect(a).not.toEqual(b);
    const png = decodePng(rgbPng(a, 120, 63));
    expect([png.width, png.height, png.channels]).toEqual([120, 63, 3]);
    expect(png.pixels).toEqual(a);
    // Lit facets differ: more than a handful of shades.
    expect(new Set(Array.from({ length: a.length / 3 }, (_, k) => a[3 * k])).size).toBeGreaterThan(5);
  });
});
