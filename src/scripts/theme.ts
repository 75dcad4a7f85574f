/**
 * The theme button cycles system → light → dark → system. The choice is kept in localStorage and
 * applied as <html data-theme>; without a choice the page follows prefers-color-scheme.
 */
type Theme = 'system' | 'light' | 'dark';
const ORDER: readonly Theme[] = ['system', 'light', 'dark'];
const LABEL: Record<Theme, string> = {
  system: 'Colour theme: follows the system',
  light: 'Colour theme: light',
  dark: 'Colour theme: dark',
};

function current(): Theme {
  const t = document.documentElement.dataset['theme'];
  return t === 'light' || t === 'dark' ? t : 'system';
}

function apply(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
  try {
    if (theme === 'system') localStorage.removeItem('theme');
    else localStorage.setItem('theme', theme);
  } catch {
    // Storage may be off (private windows); the choice then lasts for this page only.
  }
}

export function initThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    const label = (): void => {
      button.setAttribute('aria-label', LABEL[current()]);
      button.title = LABEL[current()];
    };
    label();
    button.addEventListener('click', () => {
      apply(ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length]!);
      label();
    });
  }
}
