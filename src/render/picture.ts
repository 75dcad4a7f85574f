/**
 * Pictures for the portrait figure, from a preset file, a reader's file or a camera frame: decoded
 * by the browser, reduced on a canvas to at most DECODE_MAX pixels a side, turned gray, cropped to
 * the square in their middle and resampled to the training and display sizes (src/core/images.ts).
 * A reader's own file goes another way: its header is read first and it is decoded in a worker
 * (src/islands/parts/picture.ts).
 */
import { centreCrop, resample, toGray, type GrayImage } from '../core/images.ts';
import { TARGETS, sampleTarget } from '../core/targets.ts';
import { PICTURE_DISPLAY_SIZE, PICTURE_TRAIN_SIZE, type LoadedPicture, type PicturePreset } from '../pictures.ts';

/** Decoded pictures are first scaled down to at most this many pixels a side. */
export const DECODE_MAX = 1024;

/** The scale (≤ 1) that brings a picture to at most DECODE_MAX pixels a side. */
export function decodeScale(width: number, height: number): number {
  return Math.min(1, DECODE_MAX / Math.max(width, height));
}

/** A gray picture ready to learn: the square in its middle, at the training and display sizes. */
export function pictureFromGray(label: string, gray: GrayImage): LoadedPicture {
  const square = centreCrop(gray);
  return { label, size: PICTURE_TRAIN_SIZE, train: resample(square, PICTURE_TRAIN_SIZE).data, display: resample(square, PICTURE_DISPLAY_SIZE).data };
}

/** The preset drawn by code (the disc), as a picture. */
export function drawnPicture(label: string): LoadedPicture {
  const disc = TARGETS.circle;
  return { label, size: PICTURE_TRAIN_SIZE, train: sampleTarget(disc, PICTURE_TRAIN_SIZE).targets, display: sampleTarget(disc, PICTURE_DISPLAY_SIZE).targets };
}

/** Pixels of a decoded picture (scaled to at most DECODE_MAX a side) via a canvas, and whether any is transparent. */
export function grayOf(source: CanvasImageSource, width: number, height: number): { gray: GrayImage; transparent: boolean } {
  const scale = decodeScale(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, w, h);
  const pixels = ctx.getImageData(0, 0, w, h).data;
  let transparent = false;
  for (let k = 3; k < pixels.length; k += 4) {
    if (pixels[k]! < 255) {
      transparent = true;
      break;
    }
  }
  return { gray: toGray(pixels, w, h, 4), transparent };
}

/** A preset's picture: drawn by code, or fetched from the site and decoded. */
export async function presetPicture(p: PicturePreset, base: string): Promise<LoadedPicture> {
  if (!p.file) return drawnPicture(p.label);
  const response = await fetch(`${base.replace(/\/?$/, '/')}${p.file}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  try {
    return pictureFromGray(p.label, grayOf(bitmap, bitmap.width, bitmap.height).gray);
  } finally {
    bitmap.close();
  }
}

/** A frame of a playing video (the reader's camera), as a picture. */
export function videoPicture(video: HTMLVideoElement): LoadedPicture {
  return pictureFromGray('your camera', grayOf(video, video.videoWidth, video.videoHeight).gray);
}
