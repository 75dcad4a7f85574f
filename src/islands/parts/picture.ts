/**
 * The page's side of picture decoding: `decodePicture` hands a file to a worker that decodes it
 * and reduces it to the figure's targets (picturedecode.ts), so a large photo does not freeze
 * the page while it is decoded. Where the worker cannot (no OffscreenCanvas in workers, or no
 * worker at all), the same function runs in the page. The worker ends after a while unused.
 */
import { type Header, type Problem, orientedSize, readImageHeader } from '../../core/imagefile.ts';
import type { LoadedPicture } from '../../pictures.ts';
import { decodeAndReduce, type DecodedPicture, type PictureRequest } from './picturedecode.ts';
import type { FromPictureWorker, ToPictureWorker } from './picture.worker.ts';

export type { DecodedPicture, PictureRequest } from './picturedecode.ts';

/** Seconds a worker waits for another picture before it is ended. */
const IDLE_MS = 20_000;

let worker: Worker | null = null;
let unsupported = false;
let nextId = 0;
let idle: ReturnType<typeof setTimeout> | null = null;
const pending = new Map<number, { blob: Blob; request: PictureRequest; resolve: (r: DecodedPicture) => void }>();

async function inPage(blob: Blob, request: PictureRequest): Promise<DecodedPicture> {
  try {
    return await decodeAndReduce(blob, request);
  } catch {
    return { ok: false, problem: { kind: 'corrupt' } };
  }
}

function stop(): void {
  worker?.terminate();
  worker = null;
  if (idle) clearTimeout(idle);
  idle = null;
}

/** Everything still waiting is decoded in the page instead (the worker failed or cannot). */
function fallBack(): void {
  stop();
  for (const [id, job] of pending) {
    pending.delete(id);
    void inPage(job.blob, job.request).then(job.resolve);
  }
}

function ensureWorker(): Worker | null {
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./picture.worker.ts', import.meta.url), { type: 'module', name: 'pictures' });
  } catch {
    unsupported = true;
    return null;
  }
  worker.onmessage = (event: MessageEvent<FromPictureWorker>): void => {
    const message = event.data;
    const job = pending.get(message.id);
    if (!job) return;
    if ('unsupported' in message) {
      unsupported = true;
      fallBack();
      return;
    }
    pending.delete(message.id);
    job.resolve(message.result);
    if (pending.size === 0) idle = setTimeout(stop, IDLE_MS);
  };
  worker.onerror = (event): void => {
    event.preventDefault();
    unsupported = true;
    fallBack();
  };
  return worker;
}

/**
 * Decodes a picture file (or any image Blob) and reduces it to the targets asked for. Never
 * rejects: a picture that cannot be decoded gives `{ ok: false, problem: { kind: 'corrupt' } }`.
 */
export function decodePicture(blob: Blob, request: PictureRequest): Promise<DecodedPicture> {
  const w = unsupported ? null : ensureWorker();
  if (!w) return inPage(blob, request);
  if (idle) clearTimeout(idle);
  idle = null;
  const id = ++nextId;
  return new Promise<DecodedPicture>((resolve) => {
    pending.set(id, { blob, request, resolve });
    w.postMessage({ id, blob, request } satisfies ToPictureWorker);
  });
}

/** How large a reader's picture is decoded: a short side of 1,024 pixels, a long side of 4,096. */
export const DECODE_LIMITS = { short: 1024, long: 4096 } as const;

/** A reader's file, read: its picture and what to tell about it, or the problem found. */
export type FileResult = { readonly problem: Problem } | { readonly picture: LoadedPicture; readonly notes: readonly string[] };

/**
 * A reader's file: its header read first (kind, size and orientation, wherever a JPEG keeps them;
 * every problem that can be told before decoding), then decoded and reduced to the figure's
 * targets off the main thread (`decodePicture`). Nothing is uploaded.
 */
export async function readFilePicture(file: File, train: number, display: number): Promise<FileResult> {
  const read = async (offset: number, length: number): Promise<Uint8Array> => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  let header: Header;
  try {
    header = await readImageHeader(file.size, read);
  } catch {
    return { problem: { kind: 'corrupt' } };
  }
  if (header.problem) return { problem: header.problem };
  const { sniffed, orientation } = header;
  const size = sniffed.width && sniffed.height ? orientedSize(sniffed.width, sniffed.height, orientation) : null;
  const decoded = await decodePicture(file, { size, train, display, limits: DECODE_LIMITS });
  if (!decoded.ok) return { problem: decoded.problem };
  const notes: string[] = [];
  if (decoded.transparent) notes.push('Its transparent parts count as black.');
  if (sniffed.animated) notes.push('It is animated: the network learns its first frame.');
  if (decoded.cropped) notes.push('It was cropped to the square in its middle.');
  return { picture: { label: file.name || 'your picture', size: train, train: decoded.train, display: decoded.display }, notes };
}
