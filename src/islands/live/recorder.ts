/**
 * A movie where the browser has no WebCodecs video encoder: the frames are drawn on a canvas whose
 * stream a MediaRecorder turns into WebM, one frame asked of the stream per frame drawn. The
 * recorder stamps frames with the time they were drawn (training decides how long that takes),
 * so its file is then copied packet by packet, without decoding, into a new WebM whose frames are
 * evenly spaced at the movie's rate (the mediabunny muxer); if that copy fails, the recorder's
 * own file is kept.
 */
type Mediabunny = typeof import('mediabunny');

/** The WebM types a MediaRecorder may offer, best first. */
const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'] as const;

/** The WebM type this browser's MediaRecorder can write from a canvas, or null. */
export function recorderType(): string | null {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return null;
  return TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

export interface Recording {
  /** Called once per frame after it is drawn on the canvas. */
  frame(): Promise<void>;
  /** Ends the recording: the WebM file. */
  finish(): Promise<Blob>;
  cancel(): void;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts recording `canvas` as WebM of type `type`; resolves once the recorder has had time to start. */
export async function startRecording(canvas: HTMLCanvasElement, type: string, fps: number): Promise<Recording> {
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('the canvas gave no video stream');
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 8_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.start();
  // A frame asked for before the recorder has started would be lost (its start event may wait
  // for the first frame, so a little time is given instead).
  await wait(2000 / fps);
  return {
    async frame() {
      track.requestFrame();
      // A frame's worth of time, so that the recorder takes every frame (never two at once).
      await wait(1000 / fps);
    },
    async finish() {
      // The last frame's time to reach the recorder before it stops.
      await wait(4000 / fps);
      return new Promise<Blob>((resolve, reject) => {
        recorder.onstop = () => {
          track.stop();
          resolve(new Blob(chunks, { type: 'video/webm' }));
        };
        recorder.onerror = () => reject(new Error('the recorder failed'));
        recorder.stop();
      });
    },
    cancel() {
      recorder.onstop = null;
      if (recorder.state !== 'inactive') recorder.stop();
      track.stop();
    },
  };
}

/**
 * The recorded WebM with its frames re-timed at `fps`, frame k at k / fps (packets copied as they
 * are); null when it cannot be read back.
 */
export async function retime(mb: Mediabunny, recorded: Blob, fps: number): Promise<{ blob: Blob; frames: number } | null> {
  try {
    const input = new mb.Input({ source: new mb.BlobSource(recorded), formats: [mb.WEBM] });
    const track = await input.getPrimaryVideoTrack();
    const codec = track ? await track.getCodec() : null;
    if (!track || !codec) return null;
    const config = await track.getDecoderConfig();
    const output = new mb.Output({ format: new mb.WebMOutputFormat(), target: new mb.BufferTarget() });
    const source = new mb.EncodedVideoPacketSource(codec);
    output.addVideoTrack(source, { frameRate: fps });
    await output.start();
    let frames = 0;
    for await (const packet of new mb.EncodedPacketSink(track).packets()) {
      await source.add(packet.clone({ timestamp: frames / fps, duration: 1 / fps }), frames === 0 && config ? { decoderConfig: config } : undefined);
      frames++;
    }
    await output.finalize();
    const buffer = output.target.buffer;
    return buffer && frames > 0 ? { blob: new Blob([buffer], { type: 'video/webm' }), frames } : null;
  } catch {
    return null;
  }
}
