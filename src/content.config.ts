import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

/** The essay's chapters: one MDX file each in content/chapters, ordered by `number`. */
const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z.object({
    number: z.number().int().nonnegative(),
    title: z.string(),
    /** One sentence for the table of contents and the page's description. */
    summary: z.string(),
  }),
});

export const collections = { chapters };
