/**
 * Display equations, and the results' tables that may scroll sideways on a phone (marked
 * data-scrolls), come from the build focusable (tabindex="0"), so that one wider than the column
 * can be scrolled with the arrow keys even without JavaScript. With it, only those that do
 * overflow stay in the Tab order; the others leave it, and the choice follows the width of the
 * window.
 */
export function focusWideEquations(root: ParentNode = document): void {
  const equations = Array.from(root.querySelectorAll<HTMLElement>('.katex-display, [data-scrolls]'));
  if (equations.length === 0 || typeof ResizeObserver === 'undefined') return;
  const update = (el: HTMLElement): void => {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
    else if (document.activeElement !== el) el.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target as HTMLElement)));
  for (const el of equations) {
    update(el);
    observer.observe(el);
  }
}
