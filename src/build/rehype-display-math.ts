/**
 * Display equations that are wider than a phone's column scroll sideways (global.css). A reader
 * on a keyboard can only scroll what can take focus, so every display equation is made focusable
 * (tabindex="0"), as code blocks often are; its focus ring shows where the arrow keys now act.
 * In the page, src/scripts/maths.ts then leaves in the Tab order only those that overflow.
 */
interface Node {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

function classes(node: Node): string[] {
  const value = node.properties?.['className'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

export function rehypeDisplayMath() {
  const visit = (node: Node): void => {
    if (node.type === 'element' && classes(node).includes('katex-display')) {
      node.properties = { ...node.properties, tabIndex: 0 };
      return;
    }
    node.children?.forEach(visit);
  };
  return (tree: Node): void => visit(tree);
}
