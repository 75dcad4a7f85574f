/**
 * Whether a fresh result file has the shape of the committed one: the same keys at every level, the
 * same kind of value under each (a null stands in for a value that could not be computed, such as
 * the period between spikes when there is at most one, or that was not kept, such as the picture
 * of a run other than the first seed's), and a non-empty array wherever the committed file has
 * one. Lengths may differ, since a quick run measures fewer points.
 */

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Every place where `fresh` does not have the shape of `committed`, as readable lines. */
export function shapeDifferences(committed: unknown, fresh: unknown, path = '$'): string[] {
  const a = kind(committed);
  const b = kind(fresh);
  if (a !== b) {
    if (a === 'null' || b === 'null') return [];
    return [`${path}: expected ${a}, found ${b}`];
  }
  if (a === 'array') {
    const p = committed as unknown[];
    const q = fresh as unknown[];
    if (p.length > 0 && q.length === 0) return [`${path}: expected a non-empty array, found an empty one`];
    if (p.length === 0) return [];
    return q.flatMap((x, k) => shapeDifferences(p[Math.min(k, p.length - 1)], x, `${path}[${k}]`));
  }
  if (a === 'object') {
    const p = committed as Record<string, unknown>;
    const q = fresh as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(p)) {
      if (!(key in q)) out.push(`${path}.${key}: missing`);
      else out.push(...shapeDifferences(p[key], q[key], `${path}.${key}`));
    }
    for (const key of Object.keys(q)) if (!(key in p)) out.push(`${path}.${key}: not in the committed file`);
    return out;
  }
  return [];
}

/**
 * JSON with objects and arrays of objects spread over lines, and arrays of plain values kept on one
 * line each, so a diff of two runs shows which figures changed without a line per number.
 */
export function formatJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((x) => x === null || typeof x !== 'object')) return `[${value.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${value.map((x) => inner + formatJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
