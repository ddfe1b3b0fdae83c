/**
 * Fake timers with a real store: SQLite commits (and so the durable scheduler's claims) run on
 * `setImmediate`, which the handoff tests leave real. `jest.advanceTimersByTimeAsync` alone would
 * race past them; these move the clock in small steps and let that I/O happen in between.
 */

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Moves fake time on by `ms` in steps of `stepMs`, letting real I/O run after each step. */
export async function advanceSettled(ms: number, stepMs = 250): Promise<void> {
  for (let left = ms; left > 0; left -= stepMs) {
    await jest.advanceTimersByTimeAsync(Math.min(stepMs, left));
    await turn();
  }
}

/** Moves fake time on in steps until `done` holds; fails after `maxMs` of fake time. */
export async function advanceUntil(done: () => Promise<boolean> | boolean, maxMs = 30_000, stepMs = 100): Promise<void> {
  for (let spent = 0; !(await done()); spent += stepMs) {
    if (spent > maxMs) throw new Error(`still not done after ${maxMs} ms of fake time`);
    await jest.advanceTimersByTimeAsync(stepMs);
    await turn();
  }
}
