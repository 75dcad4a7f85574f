/**
 * The page's one schedule for redrawing live charts. A chart whose data grew asks to be redrawn;
 * the charts that asked are redrawn in rounds. Rounds come at most every REDRAW_MS, and further
 * apart when building the charts is dear: the time the last round's builds took is kept below
 * REDRAW_SHARE of the time between rounds (at most MAX_REDRAW_MS), so a long history drawn at
 * full speed cannot take the frames the page needs to stay smooth.
 *
 * A round redraws one chart per animation frame, and keeps out of the frames in which training
 * figures take their snapshots (liverun.ts marks them `busy`): each chart's build, and the style,
 * layout and paint its change brings, then has a frame to itself. A round that redrew every chart
 * at once, between frames, took 20 to 40 ms with two figures on screen and made the next frame
 * late every time.
 */
export const REDRAW_MS = 200;
export const REDRAW_SHARE = 0.08;
export const MAX_REDRAW_MS = 1000;
/** A round waits at most this many busy frames before it redraws anyway. */
export const MAX_WAIT_FRAMES = 2;

export interface Clock {
  now(): number;
  later(run: () => void, ms: number): void;
  /** Runs at the next animation frame, with the frame's time. */
  frame(run: (time: number) => void): void;
}

const browserClock: Clock = {
  now: () => performance.now(),
  later: (run, ms) => void setTimeout(run, ms),
  frame: (run) => void requestAnimationFrame(run),
};

export class RedrawSchedule {
  private readonly waiting = new Set<() => void>();
  /** The charts of the round under way, in the order they asked. */
  private due: (() => void)[] = [];
  private pending = false;
  private lastAt = -Infinity;
  /** Build time (ms) reported since the last round began, and before it (up to that round). */
  private spent = 0;
  private lastRoundCost = 0;
  private busyAt = NaN;
  private waited = 0;

  constructor(private readonly clock: Clock = browserClock) {}

  /** Time between rounds now (ms). */
  get interval(): number {
    return Math.min(MAX_REDRAW_MS, Math.max(REDRAW_MS, Math.max(this.lastRoundCost, this.spent) / REDRAW_SHARE));
  }

  /** `catchUp` redraws a chart; it runs at the next round (once, however often it is asked for). */
  want(catchUp: () => void): void {
    this.waiting.add(catchUp);
    if (!this.pending) this.schedule();
  }

  /** A chart that is gone. */
  drop(catchUp: () => void): void {
    this.waiting.delete(catchUp);
    this.due = this.due.filter((c) => c !== catchUp);
  }

  /** What building a chart took (ms). */
  cost(ms: number): void {
    this.spent += ms;
  }

  /** The frame at `time` already has the page's snapshots to draw: no chart is redrawn in it. */
  busy(time: number): void {
    this.busyAt = time;
  }

  private schedule(): void {
    this.pending = true;
    this.clock.later(() => this.clock.frame(this.step), Math.max(0, this.lastAt + this.interval - this.clock.now()));
  }

  private readonly step = (time: number): void => {
    if (time === this.busyAt && this.waited < MAX_WAIT_FRAMES) {
      this.waited++;
      this.clock.frame(this.step);
      return;
    }
    this.waited = 0;
    if (this.due.length === 0) {
      // A round begins.
      this.lastAt = this.clock.now();
      this.lastRoundCost = this.spent;
      this.spent = 0;
      this.due = [...this.waiting];
      this.waiting.clear();
    }
    this.due.shift()?.();
    if (this.due.length > 0) this.clock.frame(this.step);
    else if (this.waiting.size > 0) this.schedule();
    else this.pending = false;
  };
}

/** The page's schedule, shared by every live chart on it. */
export const redraws = new RedrawSchedule();
