import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, policy, withPolicy } from '../../src/build/csp.ts';
import { rehypeBaseLinks, withBase } from '../../src/build/rehype-base-links.ts';

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
