import { grayPixels } from '../../render/image.ts';

/** Draws size × size values (0 black … 1 white, row by row) into a 2D context at its origin. */
export function putGray(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, values: ArrayLike<number>, size: number): void {
  ctx.putImageData(new ImageData(grayPixels(values, size), size, size), 0, 0);
}

/**
 * Draws training points, given as pixel indices (row by row) of a pictureSize × pictureSize
 * picture, as orange dots with a dark rim on a canvas of canvasSize × canvasSize (cleared first);
 * smaller dots when there are many.
 */
export function drawPoints(ctx: CanvasRenderingContext2D, pixels: Iterable<number> & { readonly length: number }, pictureSize: number, canvasSize: number): void {
  ctx.clearRect(0, 0, canvasSize, canvasSize);
  ctx.fillStyle = '#f28c28';
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.lineWidth = 0.8;
  const r = pixels.length > 2000 ? 1.7 : 2.6;
  const scale = canvasSize / pictureSize;
  ctx.beginPath();
  for (const k of pixels) {
    const i = Math.floor(k / pictureSize);
    const x = (k - i * pictureSize + 0.5) * scale;
    const y = (i + 0.5) * scale;
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.stroke();
}
