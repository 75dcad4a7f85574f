/**
 * A press on a live figure's Play or Step before the figure has started (its island hydrates when
 * it scrolls into view, and a keyboard reader can reach its buttons before that): the press is
 * noted on the figure's island (`data-pressed`, outside what the figure's own code draws), and the
 * figure acts on it as soon as it starts.
 * Loaded once per page by the figure components.
 */
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target?.closest('[data-action="play"], [data-action="step"]');
  const island = button?.closest('[data-widget]')?.closest('astro-island[ssr]');
  if (!button || !island) return;
  island.setAttribute('data-pressed', button.getAttribute('data-action') ?? '');
});
