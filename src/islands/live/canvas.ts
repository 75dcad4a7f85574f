import { grayPixels } from '../../render/image.ts';

/** Draws size × size values (0 black … 1 white, row by row) into a 2D context at its origin. */
export function putGray(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, values: ArrayLike<number>, size: number): void {
  ctx.putImageData(new ImageData(grayPixels(values, size), size, size), 0, 0);
}
