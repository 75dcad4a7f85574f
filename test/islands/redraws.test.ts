import { describe, expect, it } from 'vitest';
import { MAX_REDRAW_MS, REDRAW_MS, REDRAW_SHARE, RedrawSchedule } from '../../src/islands/live/redraws.ts';

/** A clock the test moves by hand; `later` runs when the time comes. */
function fakeClock() {
  let now = 0;
  let queue: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later: (run: () => void, ms: number) => void queue.push({ at: now + ms, run }),
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
  it('redraws every chart that asked in one round, once each, and at most every REDRAW_MS', () => {
    const clock = fakeClock();
    const schedule = new RedrawSchedule(clock);
    const rounds: { at: number; charts: string[] }[] = [];
    let current: string[] | null = null;
    const chart = (name: string) => () => {
      if (!current) rounds.push({ at: clock.now(), charts: (current = []) });
      current.push(name);
    };
    const a = chart('a');
    const b = chart('b');
    // Data grows at every frame for a second; both charts ask each time.
    for (let t = 0; t < 1000; t += 1000 / 60) {
      schedule.want(a);
      schedule.want(b);
      clock.advance(1000 / 60);
      current = null;
    }
    expect(rounds.length).toBeGreaterThanOrEqual(9);
    expect(rounds.length).toBeLessThanOrEqual(11);
    for (const r of rounds) expect(r.charts).toEqual(['a', 'b']);
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
    for (const g of at.slice(2).map((t, k) => t - at[k + 1]!)) expect(g).toBeLessThanOrEqual(MAX_REDRAW_MS + 1000 / 60);
    buildMs = 1;
    at.length = 0;
    run(2000);
    const last = at.slice(-5);
    for (const g of last.slice(1).map((t, k) => t - last[k]!)) expect(g).toBeLessThan(REDRAW_MS + 1000 / 60 + 1e-9);
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
