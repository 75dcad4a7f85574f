/**
 * The essay's chapters in reading order. The `number` in a chapter's front matter only orders the
 * chapters; the number a reader sees is its position, so a chapter added in between renumbers the
 * rest by itself.
 */
import { type CollectionEntry, getCollection } from 'astro:content';
import { readingMinutes } from './build/sources.ts';

export interface Chapter {
  readonly entry: CollectionEntry<'chapters'>;
  /** The chapter number shown to readers: 0, 1, 2, … in reading order. */
  readonly position: number;
  /** Minutes to read it, figures included (src/build/sources.ts). */
  readonly minutes: number;
}

export async function chapters(): Promise<Chapter[]> {
  const all = await getCollection('chapters');
  return all.sort((p, q) => p.data.number - q.data.number).map((entry, position) => ({ entry, position, minutes: readingMinutes(entry.body ?? '') }));
}
