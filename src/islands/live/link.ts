/**
 * A live figure's state in the page's address: one query key per figure id (`?ten=n50_s7`),
 * read when the figure starts and rewritten in place (history.replaceState, no new history entry)
 * as the reader changes it. Other keys of the address are kept as they are.
 */

/** The figure's state text in the current address, or null. */
export function readState(key: string): string | null {
  try {
    return new URLSearchParams(location.search).get(key);
  } catch {
    return null;
  }
}

/** Sets (or, for an empty state, removes) the figure's key in the current address. */
export function writeState(key: string, state: string): void {
  try {
    const url = new URL(location.href);
    if (state) url.searchParams.set(key, state);
    else url.searchParams.delete(key);
    if (url.href !== location.href) history.replaceState(history.state, '', url.href);
  } catch {
    // An address that cannot be rewritten (a sandboxed frame): the figure works without it.
  }
}

/** A link to this page showing the figure (its anchor) in the given state, and nothing else. */
export function linkTo(key: string, state: string, anchor: string): string {
  const url = new URL(location.href);
  url.search = '';
  if (state) url.searchParams.set(key, state);
  url.hash = anchor;
  return url.href;
}
