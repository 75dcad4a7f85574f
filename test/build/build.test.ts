import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, policy, withPolicy } from '../../src/build/csp.ts';
import { rehypeBaseLinks, withBase } from '../../src/build/rehype-base-links.ts';
import { rehypeDisplayMath } from '../../src/build/rehype-display-math.ts';
import { mathText, splitMath } from '../../src/build/mathtext.ts';

describe('content security policy', () => {
  it('hashes inline scripts only', () => {
    const html = '<script>alert(1)</script><script src="/x.js"></script><script type="module">go()</script>';
    const sha = (s: string): string => createHash('sha256').update(s).digest('base64');
    expect(inlineScriptHashes(html)).toEqual([sha('alert(1)'), sha('go()')]);
  });

  it('allows this origin only, and inline scripts by hash', () => {
    const p = policy(['abc']);
    expect(p).toContain("default-src 'self'");
    expect(p).toContain("script-src 'self' 'sha256-abc'");
    expect(p).not.toMatch(/https?:|\*/);
    expect(p).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('goes right after <meta charset>', () => {
    const out = withPolicy('<html><head><meta charset="utf-8"><title>t</title></head></html>');
    expect(out).toMatch(/^<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"/);
  });
});

describe('base path for root-relative links', () => {
  it('prefixes root-relative links once, leaves others alone', () => {
    expect(withBase('/folded-paper/', '/one-neuron/')).toBe('/folded-paper/one-neuron/');
    expect(withBase('/folded-paper/', '/folded-paper/one-neuron/')).toBe('/folded-paper/one-neuron/');
    expect(withBase('/folded-paper/', '../one-neuron/')).toBe('../one-neuron/');
    expect(withBase('/folded-paper/', 'https://example.org/')).toBe('https://example.org/');
    expect(withBase('/folded-paper/', '//cdn.example.org/x')).toBe('//cdn.example.org/x');
    expect(withBase('/', '/a/')).toBe('/a/');
  });

  it('rewrites href and src in a tree', () => {
    const tree = {
      type: 'root',
      children: [{ type: 'element', tagName: 'a', properties: { href: '/why-pictures/' }, children: [] }],
    };
    rehypeBaseLinks({ base: '/fp/' })(tree);
    expect(tree.children[0]!.properties.href).toBe('/fp/why-pictures/');
  });
});

describe('maths in captions', () => {
  it('typesets $…$ with KaTeX and escapes the rest', () => {
    const html = mathText('Pixel $(i, j)$ of an <N> grid & more');
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<annotation encoding="application/x-tex">(i, j)</annotation>');
    expect(html).toContain('of an &lt;N&gt; grid &amp; more');
    expect(html).not.toContain('$');
  });

  it('keeps text without maths as text, and \\$ as a dollar sign', () => {
    expect(mathText('Five hundred neurons, 4,096 samples')).toBe('Five hundred neurons, 4,096 samples');
    expect(mathText('costs \\$5')).toBe('costs $5');
    expect(splitMath('a $x$ b $y^2$')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: 'x' },
      { math: false, text: ' b ' },
      { math: true, text: 'y^2' },
    ]);
  });

  it('fails the build on a formula it cannot read or an unclosed $', () => {
    expect(() => mathText('the square $[-1, 1]^2')).toThrow(/Unclosed/);
    expect(() => mathText('$\\frac{1}{$')).toThrow();
  });
});

describe('display equations', () => {
  it('take keyboard focus, so that a wide one can be scrolled with the arrow keys', () => {
    const equation = { type: 'element', tagName: 'span', properties: { className: ['katex-display'] }, children: [] };
    const inline = { type: 'element', tagName: 'span', properties: { className: ['katex'] }, children: [] };
    const tree = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [inline] }, equation] };
    rehypeDisplayMath()(tree);
    expect(equation.properties).toMatchObject({ tabIndex: 0 });
    expect(inline.properties).not.toHaveProperty('tabIndex');
  });
});
