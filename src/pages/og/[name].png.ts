/**
 * Each page's social preview picture, drawn at build time (src/build/card.ts): one per chapter,
 * and one for the pages outside the chapters.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { chapters } from '../../chapters.ts';
import { CARD_HEIGHT, CARD_WIDTH, cardNetwork, cardPixels, cardSeed } from '../../build/card.ts';
import { rgbPng } from '../../build/png.ts';

export const getStaticPaths = (async () => {
  const list = await chapters();
  return [
    { params: { name: 'cover' }, props: { position: null } },
    ...list.map(({ entry, position }) => ({ params: { name: entry.id }, props: { position } })),
  ];
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, props }) => {
  const name = params.name!;
  const pixels = cardPixels(cardNetwork(props.position as number | null), cardSeed(name));
  const body = rgbPng(pixels, CARD_WIDTH, CARD_HEIGHT);
  return new Response(body as unknown as BodyInit, { headers: { 'Content-Type': 'image/png' } });
};
