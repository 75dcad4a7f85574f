/**
 * Files a figure hands the reader: a download made from a blob, and a grayscale picture encoded
 * as PNG by the browser.
 */
import { grayPixels } from '../../render/image.ts';

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // After the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A size × size grayscale picture (values in [0, 1], row by row) as a PNG. */
export async function grayPngBlob(values: Float32Array, size: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  const image = new ImageData(size, size);
  grayPixels(values, size, image.data);
  ctx.putImageData(image, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the picture could not be encoded');
  return blob;
}
