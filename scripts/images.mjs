#!/usr/bin/env node
// Makes the site's sample pictures: grayscale (Rec. 709 luma), centre crop, area resample to
// 256 × 256, saved as 8-bit gray PNG in public/images/. The originals are public-domain and CC0
// photographs from scikit-image's sample data (Debian package python3-skimage, skimage/data/).
// Usage: node scripts/images.mjs DIR   (DIR holds astronaut.png and camera.png)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importTs } from './ts.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/images.mjs DIR-WITH-ORIGINALS');
  process.exit(2);
}
const { decodePng, grayPng } = await importTs('src/build/png.ts');
const { toGray, centreCrop, resample } = await importTs('src/core/images.ts');
const { PRESET_SIZE } = await importTs('src/pictures.ts');

mkdirSync('public/images', { recursive: true });
for (const name of ['astronaut', 'camera']) {
  const png = decodePng(readFileSync(join(dir, `${name}.png`)));
  const gray = resample(centreCrop(toGray(png.pixels, png.width, png.height, png.channels)), PRESET_SIZE);
  const out = `public/images/${name}-${PRESET_SIZE}.png`;
  writeFileSync(out, grayPng(gray.data, PRESET_SIZE));
  console.log(`${out}: from ${png.width}×${png.height}, ${png.channels} channel(s)`);
}
