/**
 * On paper a link is only useful if its address is printed. The print styles (global.css) add
 * the address after each link of the text: links to other sites carry it in their href already;
 * links within the site are relative, so their full address is written into data-print-href.
 */
export function markLinksForPrint(root: ParentNode = document): void {
  for (const a of root.querySelectorAll<HTMLAnchorElement>('main a[href], footer a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    a.dataset['printHref'] = a.href;
  }
}
