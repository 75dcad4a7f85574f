/**
 * A live figure's state: its settings (from its table), its seed, the standard read-outs (step,
 * loss, steps per second, engine), the run's phase and message (LiveRun), the note about a link it
 * could not read, and the link that reproduces it. A figure is a spec (this file's FigureSpec) plus
 * its own panels; LiveShell.svelte draws the rest from this object.
 */
import { SPEEDS, type EngineReport, type RunRequest, type Snapshot } from '../../worker/protocol.ts';
import { rng } from '../../core/rng.ts';
import { LiveRun, initialView } from './liverun.ts';
import { readState, writeState, linkTo } from './link.ts';
import { type Table, type Value, SEED_RANGE, decode, defaults, encode, entries, linkNote, settle } from './table.ts';
import { watchVisibility } from './visibility.ts';
import { History } from '../../core/history.ts';
import { LAB_ID, type LabValues, labState } from '../specs/lab.ts';
import { url } from '../../site.ts';
import { fileName, lossCsv, readWeights, sizesOf, weightsFile, weightsJson } from './exports.ts';
import { download, grayPngBlob } from './download.ts';
import { MOVIE_FPS, MOVIE_SIZE, type MovieMaker, NoEncoder, makeMovie, moviePlan } from './movie.ts';

/** A picture of the whole figure has this many pixels per pixel of the page. */
export const PANEL_SCALE = 2;

/** Steps of loss kept for the CSV exactly (longer runs are thinned evenly, spikes kept). */
export const LOSS_RECORD = 200_000;

export interface FigureSpec<V> {
  /** The root's data-widget. */
  readonly kind: string;
  readonly table: Table<V>;
  /** Steps one press of Step takes. */
  readonly steps: number;
  /** The run these settings and this seed ask the worker for. */
  request(values: V, seed: number): RunRequest;
  /** See LiveRunOptions.idleMs. */
  readonly idleMs?: number | null;
  /** What to tell the reader when the run diverges (default: too large a learning rate). */
  divergedText?(snapshot: Snapshot, values: V): string;
  /** Offer the seed as a field the reader can type into (besides New seed). */
  readonly seedField?: boolean;
  /** The lab's settings for this figure's (its "Open in the lab" link); none: no link. */
  lab?(values: V): Partial<LabValues>;
}

/** What a figure does besides the standard read-outs. */
export interface FigureHooks<V> {
  /** Puts the figure's own panels back to a fresh run's first state. */
  clear?(): void;
  /** Every snapshot (after step, loss and rate were read from it). */
  take?(snapshot: Snapshot): void;
  ready?(engine: EngineReport, snapshot: Snapshot): void;
  /** The reader changed `key` (after its effect: a new run, a new speed, or nothing). */
  changed?(key: keyof V & string): void;
  /** The figure has read its link and is about to start its first run. */
  started?(): void;
}

/** The seed after `seed`, drawn from it, so that "New seed" is itself reproducible. */
export function nextSeed(seed: number): number {
  return 1 + Math.floor(rng(seed).next() * (SEED_RANGE.max - 1));
}

export class LiveFigure<V> {
  values: V;
  seed: number;
  readonly view = $state(initialView());
  step = $state(0);
  loss = $state(NaN);
  stepsPerSecond = $state(0);
  engine = $state<EngineReport | null>(null);
  /** Why part of the page's link could not be used, for the reader; null when all was read. */
  note = $state<string | null>(null);
  /** The figure has started in the page (its JavaScript runs). */
  mounted = $state(false);
  /** What saving or loading a file came to, for the reader (an alert when it failed). */
  fileNote = $state<{ readonly failed: boolean; readonly text: string } | null>(null);
  /** Saving or loading is under way. */
  busy = $state(false);
  /** Every step's loss of the run (for the CSV). */
  readonly losses = new History(LOSS_RECORD);
  /** A movie being made: frames done of all (null when none is). */
  movie = $state<{ readonly done: number; readonly frames: number } | null>(null);
  private movieAbort: AbortController | null = null;
  /** The figure's root element in the page, once mounted. */
  private root: HTMLElement | null = null;
  /** Who waits for the run to reach a step (a movie's next frame); resolved with the snapshot. */
  private waiting: { readonly step: number; readonly resolve: (s: Snapshot | null) => void }[] = [];
  readonly run: LiveRun;
  /** The values the figure starts from without a link (its table's defaults and its props). */
  private readonly base: V;

  constructor(
    readonly spec: FigureSpec<V>,
    readonly id: string,
    given: Partial<V>,
    private readonly baseSeed: number,
    private readonly hooks: FigureHooks<V> = {},
  ) {
    this.base = defaults(spec.table, given);
    this.values = $state({ ...this.base });
    this.seed = $state(baseSeed);
    this.run = new LiveRun(this.view, {
      clear: () => {
        this.step = 0;
        this.loss = NaN;
        this.stepsPerSecond = 0;
        this.engine = null;
        this.losses.clear();
        for (const w of this.waiting.splice(0)) w.resolve(null);
        this.hooks.clear?.();
      },
      request: () => spec.request($state.snapshot(this.values) as V, this.seed),
      speed: () => SPEEDS[this.speedIndex()]?.stepsPerSecond ?? Infinity,
      take: (s) => {
        if (s.losses.length > 0) this.losses.pushRun(s.step - s.losses.length, s.losses);
        else if (this.losses.length === 0) this.losses.push(s.step, s.loss);
        this.step = s.step;
        this.loss = s.loss;
        this.stepsPerSecond = s.stepsPerSecond;
        this.hooks.take?.(s);
        const due = this.waiting.filter((w) => w.step <= s.step);
        if (due.length) {
          this.waiting = this.waiting.filter((w) => w.step > s.step);
          for (const w of due) w.resolve(s);
        }
      },
      ready: (engine, s) => {
        this.engine = engine;
        this.hooks.ready?.(engine, s);
      },
      ...(spec.divergedText ? { divergedText: (s: Snapshot) => spec.divergedText!(s, this.values) } : {}),
      ...(spec.idleMs !== undefined ? { idleMs: spec.idleMs } : {}),
    });
  }

  /** The figure's state as link text (empty when it is the figure's own first state). */
  get state(): string {
    return encode(this.spec.table, this.values, this.seed, this.base, this.baseSeed);
  }

  /** A link to this page showing this figure as it is now. */
  get link(): string {
    return this.mounted ? linkTo(this.id, this.state, `figure-${this.id}`) : `#figure-${this.id}`;
  }

  /** The lab with this figure's settings and seed, or null (the lab itself, or figures it cannot hold). */
  get labLink(): string | null {
    if (!this.spec.lab) return null;
    const state = labState(this.spec.lab($state.snapshot(this.values) as V), this.seed);
    const path = url(`lab/${state ? `?${LAB_ID}=${encodeURIComponent(state)}` : ''}`);
    // In the page, a full address (so a printed page shows it, like the links of the text).
    return this.mounted ? new URL(path, location.href).href : path;
  }

  /** The reader changed `key` in `values`: settle the others, act on it, rewrite the address. */
  change(key: keyof V & string): void {
    settle(this.spec.table, this.values, key);
    const effect = this.spec.table[key].effect;
    if (effect === 'restart') this.run.changeSettings();
    else if (effect === 'speed') this.run.changeSpeed();
    this.hooks.changed?.(key);
    this.remember();
  }

  /** A fresh run: with the same seed, or (`newSeed`) with the next one. */
  reset(newSeed: boolean): void {
    if (newSeed) this.seed = nextSeed(this.seed);
    this.run.reset();
    if (newSeed) this.remember();
  }

  /** A seed the reader typed; false (and nothing changes) unless it is a whole number in range. */
  setSeed(n: number): boolean {
    if (!Number.isInteger(n) || n < SEED_RANGE.min || n > SEED_RANGE.max) return false;
    if (n !== this.seed) {
      this.seed = n;
      this.run.changeSettings();
      this.remember();
    }
    return true;
  }

  /** Saves what the network draws now, at size × size, as a PNG. */
  async savePicture(size: number): Promise<void> {
    await this.withFile(async () => {
      const out = await this.run.render(size);
      if (!out) return this.notReady();
      download(await grayPngBlob(out.image, size), fileName(this.id, out.step, `${size}px`, 'png'));
      return `Saved the picture at step ${out.step}, ${size} × ${size} pixels.`;
    });
  }

  /** Saves the whole figure as it is shown (its pictures, charts, captions and read-outs) as a PNG. */
  async savePanel(): Promise<void> {
    await this.withFile(async () => {
      if (!this.root) return this.notReady();
      const step = this.step;
      const { panelPng } = await import('./panel.ts');
      const blob = await panelPng(this.root, { scale: PANEL_SCALE, footer: new URL(this.link, location.href).href });
      download(blob, fileName(this.id, step, 'figure', 'png'));
      return `Saved the whole figure at step ${step}, at ${PANEL_SCALE} times the page's pixels.`;
    });
  }

  /** Saves the loss of every step so far as CSV. */
  async saveLosses(): Promise<void> {
    await this.withFile(async () => {
      if (this.losses.length === 0) return this.notReady();
      download(new Blob([lossCsv(this.losses)], { type: 'text/csv' }), fileName(this.id, this.step, 'loss', 'csv'));
      return `Saved the loss of ${this.losses.length.toLocaleString('en')} steps.`;
    });
  }

  /** Saves the weights, with the settings, seed and step, as JSON. */
  async saveWeights(): Promise<void> {
    await this.withFile(async () => {
      const saved = await this.run.save();
      if (!saved) return this.notReady();
      const file = weightsFile(this.spec.kind, this.id, $state.snapshot(this.values) as Record<string, Value>, this.seed, saved);
      download(new Blob([weightsJson(file)], { type: 'application/json' }), fileName(this.id, saved.step, 'weights', 'json'));
      return `Saved the weights at step ${saved.step}. Load them here, or in the lab, to go on from there.`;
    });
  }

  /** Loads weights saved from a figure like this one: its settings, seed and step with them. */
  async loadWeights(file: File): Promise<void> {
    await this.withFile(async () => {
      const read = readWeights(await file.text(), this.spec.kind, this.spec.table, (v, seed) => sizesOf(this.spec.request(v, seed).settings));
      if (!read.ok) throw new FileProblem(read.message);
      Object.assign(this.values as object, read.values);
      this.seed = read.seed;
      this.run.start(read.saved);
      this.remember();
      return `Loaded the weights of step ${read.saved.step}, with their settings and seed; training goes on from there (with a fresh optimizer).`;
    });
  }

  /** Takes `count` steps (pausing the run) and resolves with the snapshot that reached them (null if the run was replaced). */
  private stepAndWait(count: number): Promise<Snapshot | null> {
    const target = this.step + count;
    const reached = new Promise<Snapshot | null>((resolve) => this.waiting.push({ step: target, resolve }));
    this.run.step(count);
    return reached;
  }

  /** Films the next `steps` steps of training as a WebM movie (one frame per step or a few). */
  async saveMovie(steps: number): Promise<void> {
    if (this.movie || this.busy) return;
    const { frames, every } = moviePlan(steps);
    const abort = new AbortController();
    this.movieAbort = abort;
    this.movie = { done: 0, frames };
    const first = this.step;
    let maker: MovieMaker = 'webcodecs';
    let kept = frames;
    await this.withFile(async () => {
      if (!this.run.ready) return this.notReady();
      const blob = await makeMovie({
        frames,
        size: MOVIE_SIZE,
        signal: abort.signal,
        made: (how, count) => {
          maker = how;
          if (count !== undefined) kept = count;
        },
        progress: (done) => (this.movie = { done, frames }),
        frame: async () => {
          // Each frame shows the run after `every` more steps.
          const s = await this.stepAndWait(every);
          if (!s || this.view.phase === 'done' || this.view.phase === 'error') return null;
          const picture = await this.run.render(MOVIE_SIZE);
          return picture ? { image: picture.image, creases: s.creases, outputWeights: s.outputWeights } : null;
        },
      }).catch((e: unknown) => {
        throw e instanceof NoEncoder ? new FileProblem(`No movie: ${e.message}.`) : e;
      });
      if (!blob) {
        if (abort.signal.aborted) return 'Movie cancelled; the run goes on from where it stopped.';
        throw new FileProblem('The movie stopped: the run was replaced or diverged before it was done.');
      }
      download(blob, fileName(this.id, this.step, 'movie', 'webm'));
      const how = maker === 'mediarecorder' ? ' (recorded from the canvas: this browser has no WebCodecs video encoder)' : '';
      return `Saved a movie of steps ${first + every} to ${this.step}: ${kept} frames at ${MOVIE_FPS} per second${how}.`;
    });
    this.movie = null;
    this.movieAbort = null;
  }

  cancelMovie(): void {
    this.movieAbort?.abort();
    for (const w of this.waiting.splice(0)) w.resolve(null);
  }

  private notReady(): never {
    throw new FileProblem('The figure is not ready yet: wait until it has started, then try again.');
  }

  private async withFile(work: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.fileNote = null;
    try {
      this.fileNote = { failed: false, text: await work() };
    } catch (e) {
      this.fileNote = { failed: true, text: e instanceof FileProblem ? e.message : `That did not work: ${e instanceof Error ? e.message : String(e)}.` };
    } finally {
      this.busy = false;
    }
  }

  /** Writes the figure's state into the page's address. */
  remember(): void {
    if (this.mounted) writeState(this.id, this.state);
  }

  /**
   * Starts the figure in the page: reads its state from the address, watches whether it is seen,
   * acts on a press made before it started, and starts its run. Returns what ends it.
   */
  mount(root: HTMLElement): () => void {
    const text = readState(this.id);
    if (text !== null) {
      const read = decode(this.spec.table, text, this.base, this.baseSeed);
      Object.assign(this.values as object, read.values);
      this.seed = read.seed;
      this.note = linkNote(read.problems);
    }
    this.mounted = true;
    this.root = root;
    this.hooks.started?.();
    const island = root.closest('astro-island');
    const pressed = island?.getAttribute('data-pressed');
    island?.removeAttribute('data-pressed');
    this.run.start();
    if (pressed === 'play') this.run.play();
    else if (pressed === 'step') this.run.step(this.spec.steps);
    const unwatch = watchVisibility(root, (v) => this.run.setVisible(v));
    return () => {
      unwatch();
      this.run.dispose();
    };
  }

  /** Data attributes of the root for the settings: data-neurons="50", data-learning-rate="0.01", … */
  settingAttributes(): Record<string, string> {
    const out: Record<string, string> = {};
    const record = this.values as Record<string, Value>;
    for (const [key] of entries(this.spec.table)) out[`data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = String(record[key]);
    return out;
  }

  private speedIndex(): number {
    const speed = entries(this.spec.table).find(([, s]) => s.effect === 'speed');
    return speed ? Number((this.values as Record<string, Value>)[speed[0]]) : SPEEDS.length - 1;
  }
}

/** A problem with a file, in words for the reader. */
class FileProblem extends Error {}

/** A figure of any settings, for the parts of the kit that only read its common state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFigure = LiveFigure<any>;
