/** Facts about the site used by its pages. */
export const SITE_TITLE = 'Folded Paper';
export const SITE_SUBTITLE = 'What ReLU networks do, seen as origami';

/** The blog post this essay re-tells, credited on the first page and in every footer. */
export const ORIGINAL = {
  title: 'Some experiments to help me understand Neural Nets better, post 1 of N',
  author: 'Thomas Dullien',
  handle: 'halvarflake',
  year: 2024,
  url: 'https://addxorrol.blogspot.com/2024/07/some-experiments-to-help-me-understand.html',
} as const;

/** A path inside the site, with the base it is served under (BASE_URL ends without a slash). */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

/** Who wrote the essay, when it was published, and under which terms (the cover says so). */
export const AUTHOR = 'The Folded Paper authors';
export const PUBLISHED = '2026-11-30';
export const LICENCE = {
  text: 'Text and figures: Creative Commons Attribution 4.0 (CC BY 4.0), unless a credit line says otherwise. Code: MIT licence.',
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;
