/// <reference lib="webworker" />
/**
 * Decodes readers' pictures off the main thread (see picturedecode.ts): a request is a file and
 * the sizes wanted; the answer carries the two target arrays, transferred, not copied.
 */
import { decodeAndReduce, type DecodedPicture, type PictureRequest } from './picturedecode.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface ToPictureWorker {
  readonly id: number;
  readonly blob: Blob;
  readonly request: PictureRequest;
}
export type FromPictureWorker = { readonly id: number; readonly result: DecodedPicture } | { readonly id: number; readonly unsupported: true };

self.onmessage = async (event: MessageEvent<ToPictureWorker>): Promise<void> => {
  const { id, blob, request } = event.data;
  if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap === 'undefined') {
    self.postMessage({ id, unsupported: true } satisfies FromPictureWorker);
    return;
  }
  let result: DecodedPicture;
  try {
    result = await decodeAndReduce(blob, request);
  } catch {
    result = { ok: false, problem: { kind: 'corrupt' } };
  }
  self.postMessage({ id, result } satisfies FromPictureWorker, result.ok ? [result.train.buffer, result.display.buffer] : []);
};
