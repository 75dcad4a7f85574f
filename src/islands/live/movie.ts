/**
 * A movie of training, made in the browser: frames of what the network draws (with its creases,
 * for one hidden layer) encoded with WebCodecs and written into a WebM file by the `mediabunny`
 * muxer, which is loaded only when a movie is asked for. The encoder works off the main thread;
 * the page only draws each frame, so it stays responsive, and a movie can be cancelled at any frame.
 * Where WebCodecs has no encoder, a MediaRecorder on the canvas makes the WebM (recorder.ts).
 */
import { creaseLines } from '../../render/creases.ts';
import { grayPixels } from '../../render/image.ts';
import { recorderType, retime, startRecording } from './recorder.ts';

/** Steps a movie can cover, and the most frames it has (longer movies take several steps a frame). */
export const MOVIE_STEPS = [60, 300, 1200] as const;
export const MOVIE_MAX_FRAMES = 150;
export const MOVIE_FPS = 30;
export const MOVIE_SIZE = 512;

/** Frames of a movie of `steps` steps and the steps between frames. */
export function moviePlan(steps: number): { frames: number; every: number } {
  const frames = Math.min(steps, MOVIE_MAX_FRAMES);
  return { frames, every: Math.max(1, Math.round(steps / frames)) };
}

export interface MovieFrame {
  /** The prediction at size × size, row by row. */
  readonly image: Float32Array;
  readonly creases: Float32Array;
  /** Empty for deeper networks (no creases drawn). */
  readonly outputWeights: Float32Array;
}

export interface MovieOptions {
  readonly frames: number;
  readonly size: number;
  /** The next frame (the run moved on by its steps), or null when the run cannot give it. */
  frame(index: number): Promise<MovieFrame | null>;
  progress(done: number): void;
  readonly signal: AbortSignal;
  /**
   * Told which way the movie is made (WebCodecs, or the fallback: a MediaRecorder), and for the
   * fallback, once done, how many frames the recorder kept (it may drop one).
   */
  made?(how: MovieMaker, frames?: number): void;
}

export type MovieMaker = 'webcodecs' | 'mediarecorder';

/** Thrown when the browser cannot encode video here. */
export class NoEncoder extends Error {}

/** Draws one frame: the picture, then its creases. */
function drawFrame(ctx: CanvasRenderingContext2D, image: ImageData, frame: MovieFrame, size: number): void {
  grayPixels(frame.image, size, image.data);
  ctx.putImageData(image, 0, 0);
  if (frame.outputWeights.length === 0) return;
  ctx.strokeStyle = '#e8672a';
  ctx.lineCap = 'round';
  for (const line of creaseLines(frame.creases, frame.outputWeights, size)) {
    ctx.globalAlpha = line.opacity;
    ctx.lineWidth = line.width * (size / 256);
    ctx.beginPath();
    ctx.moveTo(line.x1, line.y1);
    ctx.lineTo(line.x2, line.y2);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

/** Makes the movie; resolves to the WebM file, or null when cancelled. */
export async function makeMovie(o: MovieOptions): Promise<Blob | null> {
  const mb = await import('mediabunny');
  const codec = (await mb.canEncodeVideo('vp9', { width: o.size, height: o.size })) ? 'vp9' : (await mb.canEncodeVideo('vp8', { width: o.size, height: o.size })) ? 'vp8' : null;
  if (!codec) {
    const type = recorderType();
    if (!type) throw new NoEncoder('this browser cannot encode video (it has neither a WebCodecs VP8 or VP9 encoder nor a WebM MediaRecorder)');
    o.made?.('mediarecorder');
    return recordMovie(mb, o, type);
  }
  o.made?.('webcodecs');
  const canvas = document.createElement('canvas');
  canvas.width = o.size;
  canvas.height = o.size;
  const ctx = canvas.getContext('2d')!;
  const image = new ImageData(o.size, o.size);
  const output = new mb.Output({ format: new mb.WebMOutputFormat(), target: new mb.BufferTarget() });
  const source = new mb.CanvasSource(canvas, { codec, quality: new mb.Quality('high') });
  output.addVideoTrack(source, { frameRate: MOVIE_FPS });
  await output.start();
  try {
    for (let i = 0; i < o.frames; i++) {
      if (o.signal.aborted) break;
      const frame = await o.frame(i);
      if (!frame || o.signal.aborted) break;
      drawFrame(ctx, image, frame, o.size);
      await source.add(i / MOVIE_FPS, 1 / MOVIE_FPS);
      o.progress(i + 1);
    }
    if (o.signal.aborted) {
      await output.cancel();
      return null;
    }
    await output.finalize();
  } catch (e) {
    await output.cancel().catch(() => undefined);
    throw e;
  }
  const buffer = output.target.buffer;
  return buffer ? new Blob([buffer], { type: 'video/webm' }) : null;
}

/** The movie through a MediaRecorder on the canvas, re-timed at MOVIE_FPS afterwards. */
async function recordMovie(mb: typeof import('mediabunny'), o: MovieOptions, type: string): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = o.size;
  canvas.height = o.size;
  const ctx = canvas.getContext('2d')!;
  const image = new ImageData(o.size, o.size);
  const recording = await startRecording(canvas, type, MOVIE_FPS);
  try {
    for (let i = 0; i < o.frames; i++) {
      if (o.signal.aborted) break;
      const frame = await o.frame(i);
      if (!frame || o.signal.aborted) break;
      drawFrame(ctx, image, frame, o.size);
      await recording.frame();
      o.progress(i + 1);
    }
  } catch (e) {
    recording.cancel();
    throw e;
  }
  if (o.signal.aborted) {
    recording.cancel();
    return null;
  }
  const recorded = await recording.finish();
  const timed = await retime(mb, recorded, MOVIE_FPS);
  if (timed) o.made?.('mediarecorder', timed.frames);
  return timed?.blob ?? recorded;
}
