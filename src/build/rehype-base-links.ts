/**
 * Markdown and MDX links written from the site's root ("/one-neuron/") do not get Astro's `base`;
 * this rehype plugin prefixes them, so chapters can link to each other the same way wherever the
 * site is served (e.g. under /folded-paper/ on GitHub Pages).
 */
interface Node {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

export function withBase(base: string, href: string): string {
  if (!href.startsWith('/') || href.startsWith('//')) return href;
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  if (prefix && (href === prefix || href.startsWith(`${prefix}/`))) return href;
  return prefix + href;
}

export function rehypeBaseLinks(options: { base: string }) {
  const visit = (node: Node): void => {
    if (node.type === 'element' && node.properties) {
      for (const attribute of ['href', 'src']) {
        const value = node.properties[attribute];
        if (typeof value === 'string') node.properties[attribute] = withBase(options.base, value);
      }
    }
    node.children?.forEach(visit);
  };
  return (tree: Node): void => visit(tree);
}
