/**
 * The page's side of picture decoding: `decodePicture` hands a file to a worker that decodes it
 * and reduces it to the figure's targets (picturedecode.ts), so a large photo does not freeze
 * the page while it is decoded. Where the worker cannot (no OffscreenCanvas in workers, or no
 * worker at all), the same function runs in the page. The worker ends after a while unused.
 */
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
