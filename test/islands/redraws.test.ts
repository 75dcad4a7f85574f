import { describe, expect, it } from 'vitest';
import { MAX_REDRAW_MS, MAX_WAIT_FRAMES, REDRAW_MS, REDRAW_SHARE, RedrawSchedule } from '../../src/islands/live/redraws.ts';

const FRAME = 1000 / 60;

/** A clock the test moves by hand; `later` runs when the time comes, `frame` at the next frame. */
function fakeClock() {
  let now = 0;
  let queue: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later: (run: () => void, ms: number) => void queue.push({ at: now + ms, run }),
    frame: (run: (time: number) => void) => {
      const at = (Math.floor(now / FRAME + 1e-9) + 1) * FRAME;
      queue.push({ at, run: () => run(at) });
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const next = queue[0];
        if (!next || next.at > end) break;
        queue = queue.slice(1);
        now = next.at;
        next.run();
      }
      now = end;
    },
  };
}

describe('the redraw schedule of live charts', () => {
  it('redraws every chart that asked in one round, once each, one per frame, and at most every REDRAW_MS', () => {
    const clock = fakeClock();
    const schedule = new RedrawSchedule(clock);
    const rounds: { at: number; charts: string[]; frames: number[] }[] = [];
    const chart = (name: string) => () => {
      const last = rounds.at(-1);
      // A round's charts come in consecutive frames.
      if (last && clock.now() - last.frames.at(-1)! < FRAME + 1e-6 && !last.charts.includes(name)) {
        last.charts.push(name);
        last.frames.push(clock.now());
      } else rounds.push({ at: clock.now(), charts: [name], frames: [clock.now()] });
    };
    const a = chart('a');
    const b = chart('b');
    // Data grows at every frame for a second; both charts ask each time.
    for (let t = 0; t < 1000; t += 1000 / 60) {
      schedule.want(a);
      schedule.want(b);
      clock.advance(1000 / 60);
    }
    expect(rounds.length).toBeGreaterThanOrEqual(Math.floor(1000 / REDRAW_MS) - 1);
    expect(rounds.length).toBeLessThanOrEqual(Math.ceil(1000 / REDRAW_MS) + 1);
    for (const r of rounds) {
      expect(r.charts).toEqual(['a', 'b']);
      expect(r.frames[1]! - r.frames[0]!).toBeCloseTo(FRAME, 6);
    }
    for (let k = 1; k < rounds.length; k++) expect(rounds[k]!.at - rounds[k - 1]!.at).toBeGreaterThanOrEqual(REDRAW_MS - 1e-9);
  });

  it('spaces rounds out when building the charts is dear, up to a limit, and comes back when it is cheap', () => {
    const clock = fakeClock();
    const schedule = new RedrawSchedule(clock);
    let buildMs = 40;
    const at: number[] = [];
    const chart = () => {
      at.push(clock.now());
      schedule.cost(buildMs);
    };
    const run = (ms: number) => {
      for (let t = 0; t < ms; t += 1000 / 60) {
        schedule.want(chart);
        clock.advance(1000 / 60);
      }
    };
    run(3000);
    const gaps = at.slice(2).map((t, k) => t - at[k + 1]!);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(buildMs / REDRAW_SHARE - 1e-9);
    buildMs = 500;
    at.length = 0;
    run(5000);
    for (const g of at.slice(2).map((t, k) => t - at[k + 1]!)) expect(g).toBeLessThanOrEqual(MAX_REDRAW_MS + 1000 / 60 + 1e-6);
    buildMs = 1;
    at.length = 0;
    run(4000);
    const last = at.slice(-5);
    for (const g of last.slice(1).map((t, k) => t - last[k]!)) expect(g).toBeLessThan(REDRAW_MS + 1000 / 60 + 1e-9);
  });

  it('keeps out of frames the training figures marked busy, but waits at most MAX_WAIT_FRAMES', () => {
    const clock = fakeClock();
    const schedule = new RedrawSchedule(clock);
    const at: number[] = [];
    /** Runs `frames` frames; `busy(k)` says whether frame k (from the start) takes snapshots. */
    const run = (frames: number, busy: (k: number) => boolean): void => {
      for (let f = 0; f < frames; f++) {
        const next = Math.floor(clock.now() / FRAME + 1e-9) + 1;
        if (busy(next)) schedule.busy(next * FRAME);
        clock.advance(FRAME);
      }
    };
    // Odd frames busy: the chart waits for the first even one.
    schedule.want(() => at.push(clock.now()));
    run(6, (k) => k % 2 === 1);
    expect(at).toHaveLength(1);
    expect(at[0]! / FRAME).toBeCloseTo(2, 6);
    // Every frame busy: drawn anyway, after MAX_WAIT_FRAMES of waiting.
    const asked = Math.round(clock.now() / FRAME);
    schedule.want(() => at.push(clock.now()));
    run(20, () => true);
    expect(at).toHaveLength(2);
    expect(MAX_WAIT_FRAMES).toBe(2);
    expect(Math.round(at[1]! / FRAME) - asked).toBeLessThanOrEqual(REDRAW_MS / FRAME + MAX_WAIT_FRAMES + 1);
  });

  it('forgets a chart that is gone', () => {
    const clock = fakeClock();
    const schedule = new RedrawSchedule(clock);
    let drawn = 0;
    const chart = () => void drawn++;
    schedule.want(chart);
    schedule.drop(chart);
    clock.advance(500);
    expect(drawn).toBe(0);
  });
});
