/**
 * The header's Contents menu is a <details> element, so it opens and closes without JavaScript.
 * With it, the menu also closes as readers expect of a menu: on Escape (focus goes back to its
 * button), on a click or tap anywhere outside it, and when the keyboard focus leaves it.
 */
export function closeMenu(menu: HTMLDetailsElement, refocus: boolean): void {
  if (!menu.open) return;
  menu.open = false;
  if (refocus) menu.querySelector<HTMLElement>('summary')?.focus();
}

export function initMenus(): void {
  const menus = Array.from(document.querySelectorAll<HTMLDetailsElement>('details[data-menu]'));
  if (menus.length === 0) return;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const menu of menus) {
      if (!menu.open) continue;
      // Focus returns to the button only if it was in the menu (not, say, in a figure behind it).
      closeMenu(menu, menu.contains(document.activeElement) || document.activeElement === document.body);
      event.preventDefault();
    }
  });
  document.addEventListener('pointerdown', (event) => {
    for (const menu of menus) {
      if (menu.open && event.target instanceof Node && !menu.contains(event.target)) closeMenu(menu, false);
    }
  });
  for (const menu of menus) {
    menu.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      // Focus moved on to something else on the page (Tab past the last chapter, Shift+Tab before
      // the button); a click outside is handled above, and a window losing focus changes nothing.
      if (next instanceof Node && !menu.contains(next)) closeMenu(menu, false);
    });
  }
}
