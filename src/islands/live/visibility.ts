/**
 * Tells a live figure whether the reader can see it: on screen (IntersectionObserver) and in a
 * tab that is not hidden. The figures pause their training when it says no, and end an idle
 * worker after a while. Returns the function that stops watching.
 */
export function watchVisibility(root: HTMLElement, onChange: (visible: boolean) => void): () => void {
  const observer = new IntersectionObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (entry) onChange(entry.isIntersecting && !document.hidden);
  });
  observer.observe(root);
  const onVisibility = (): void => {
    if (document.hidden) onChange(false);
    else {
      const box = root.getBoundingClientRect();
      onChange(box.bottom > 0 && box.top < window.innerHeight);
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    observer.disconnect();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
