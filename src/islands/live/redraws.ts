/**
 * The page's one schedule for redrawing live charts. A chart whose data grew asks to be redrawn;
 * every chart that asked is redrawn in the same round, so two charts of one figure (or of two
 * figures) cost the page one update, not two at different moments. Rounds come at most every
 * REDRAW_MS, and further apart when building the charts is dear: the time the last round's
 * builds took is kept below REDRAW_SHARE of the time between rounds (at most MAX_REDRAW_MS), so a
 * long history drawn at full speed cannot take the frames the page needs to stay smooth.
 */
export const REDRAW_MS = 100;
export const REDRAW_SHARE = 0.08;
export const MAX_REDRAW_MS = 1000;

export interface Clock {
  now(): number;
  later(run: () => void, ms: number): void;
}

const browserClock: Clock = {
  now: () => performance.now(),
  later: (run, ms) => void setTimeout(run, ms),
};

export class RedrawSchedule {
  private readonly waiting = new Set<() => void>();
  private pending = false;
  private lastAt = -Infinity;
  /** Build time (ms) reported since the last round began, and before it (up to that round). */
  private spent = 0;
  private lastRoundCost = 0;

  constructor(private readonly clock: Clock = browserClock) {}

  /** Time between rounds now (ms). */
  get interval(): number {
    return Math.min(MAX_REDRAW_MS, Math.max(REDRAW_MS, Math.max(this.lastRoundCost, this.spent) / REDRAW_SHARE));
  }

  /** `catchUp` redraws a chart; it runs at the next round (once, however often it is asked for). */
  want(catchUp: () => void): void {
    this.waiting.add(catchUp);
    if (this.pending) return;
    this.pending = true;
    this.clock.later(this.round, Math.max(0, this.lastAt + this.interval - this.clock.now()));
  }

  /** A chart that is gone. */
  drop(catchUp: () => void): void {
    this.waiting.delete(catchUp);
  }

  /** What building a chart took (ms). */
  cost(ms: number): void {
    this.spent += ms;
  }

  private readonly round = (): void => {
    this.pending = false;
    this.lastAt = this.clock.now();
    this.lastRoundCost = this.spent;
    this.spent = 0;
    const due = [...this.waiting];
    this.waiting.clear();
    for (const catchUp of due) catchUp();
  };
}

/** The page's schedule, shared by every live chart on it. */
export const redraws = new RedrawSchedule();
