/**
 * A chapter's sources and the citations of its prose (see sources.ts): each item of the list
 * under "## Sources" gets its anchor (`id="source-hanin-2019"`), and each link of the text to such
 * an anchor becomes a citation (class "cite"). A citation whose source the chapter does not list
 * stops the build, naming both, so no citation can land nowhere.
 */
import { sourceKeys } from './sources.ts';

interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

export const SOURCE_PREFIX = '#source-';

function text(node: Node): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(text).join('');
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  node.children?.forEach((c) => walk(c, visit));
}

/** Gives the Sources list's items their anchors; returns the anchors (without "#"). */
export function anchorSources(tree: Node): string[] {
  const top = tree.children ?? [];
  const heading = top.findIndex((n) => n.type === 'element' && n.tagName === 'h2' && text(n).trim() === 'Sources');
  if (heading < 0) return [];
  const list = top.slice(heading + 1).find((n) => n.type === 'element');
  if (!list || (list.tagName !== 'ul' && list.tagName !== 'ol')) return [];
  const items = (list.children ?? []).filter((n) => n.type === 'element' && n.tagName === 'li');
  const keys = sourceKeys(items.map(text));
  items.forEach((li, i) => {
    li.properties = { ...li.properties, id: keys[i]!, className: ['source'] };
  });
  list.properties = { ...list.properties, className: ['sources'] };
  return keys;
}

export function rehypeSources() {
  return (tree: Node, file: { path?: string; history?: string[] }): void => {
    const keys = new Set(anchorSources(tree));
    const missing: string[] = [];
    walk(tree, (n) => {
      if (n.type !== 'element' || n.tagName !== 'a') return;
      const href = n.properties?.['href'];
      if (typeof href !== 'string' || !href.startsWith(SOURCE_PREFIX)) return;
      if (!keys.has(href.slice(1))) missing.push(href);
      const cls = n.properties!['className'];
      n.properties!['className'] = [...(Array.isArray(cls) ? cls : []), 'cite'];
    });
    if (missing.length) {
      const where = file.path ?? file.history?.[0] ?? 'a chapter';
      throw new Error(`${where}: citations without a source in its list: ${missing.join(', ')} (sources: ${[...keys].join(', ') || 'none'})`);
    }
  };
}
