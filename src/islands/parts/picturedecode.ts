/**
 * Decoding a reader's picture and reducing it to a figure's targets: the part that can run in a
 * worker as well as in the page (createImageBitmap and OffscreenCanvas exist in both). The maths
 * (sizes, gray, centre square, area resample) is src/core's; this file only decodes and reads
 * pixels.
 *
 * The picture is decoded at a reduced size in one step (a JPEG decodes at a fraction of its
 * size, so a 36-megapixel photo never occupies memory whole). Only the width is given: the
 * browser turns the picture by its EXIF orientation first and keeps its proportions, so a photo
 * taken upright is never squashed, whatever its header says.
 */
import type { Problem } from '../../core/imagefile.ts';
import { type DecodeLimits, decodeWidth, hasTransparency, squareTargets, toGray } from '../../core/images.ts';

export interface PictureRequest {
  /** The picture's size as shown (its header's, turned by its EXIF orientation), if known. */
  readonly size: { readonly width: number; readonly height: number } | null;
  /** Sides of the two targets: what the network learns, and what the figure shows. */
  readonly train: number;
  readonly display: number;
  readonly limits: DecodeLimits;
}

export type DecodedPicture =
  | {
      readonly ok: true;
      readonly train: Float32Array;
      readonly display: Float32Array;
      /** The size it was decoded at (before its centre square was taken). */
      readonly width: number;
      readonly height: number;
      /** Some pixel was not fully opaque (transparency counts as black). */
      readonly transparent: boolean;
      /** It was not square: only its centred square is used. */
      readonly cropped: boolean;
    }
  | { readonly ok: false; readonly problem: Problem };

export async function decodeAndReduce(blob: Blob, request: PictureRequest): Promise<DecodedPicture> {
  let bitmap: ImageBitmap;
  try {
    const known = request.size;
    const width = known ? decodeWidth(known.width, known.height, request.limits) : null;
    bitmap =
      known && width !== null && width < known.width
        ? await createImageBitmap(blob, { resizeWidth: width, resizeQuality: 'high' })
        : await createImageBitmap(blob);
    if (!known) {
      // No size in the header: decoded whole, now brought down to the same limits.
      const w = decodeWidth(bitmap.width, bitmap.height, request.limits);
      if (w < bitmap.width) {
        const smaller = await createImageBitmap(bitmap, { resizeWidth: w, resizeQuality: 'high' });
        bitmap.close();
        bitmap = smaller;
      }
    }
  } catch {
    return { ok: false, problem: { kind: 'corrupt' } };
  }
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return { ok: false, problem: { kind: 'corrupt' } };
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, width, height).data;
    const gray = toGray(rgba, width, height, 4);
    const { train, display } = squareTargets(gray, request.train, request.display);
    return { ok: true, train, display, width, height, transparent: hasTransparency(rgba), cropped: width !== height };
  } finally {
    bitmap.close();
  }
}
