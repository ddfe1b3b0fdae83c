import { DatabaseClock } from '../../core/storage/clock';
import { silentLogger } from '../../core/logger';

/** A database whose clock reads `offsetMs` ahead of this process's, or fails while `down`. */
function database(offsetMs: number) {
  const db = { offsetMs, down: false, time: async () => {
    if (db.down) throw new Error('connection refused');
    return Date.now() + db.offsetMs;
  } };
  return db;
}

afterEach(() => jest.restoreAllMocks());

test('follows the database clock, keeps the last offset when a measurement fails, and warns once per disagreement', async () => {
  const log = silentLogger();
  const warn = jest.spyOn(log, 'warn');
  const db = database(5_000);
  const clock = await DatabaseClock.start(db.time, log);
  // Half of a sub-millisecond round trip is all the error there is.
  expect(Math.abs(clock.offsetMs - 5_000)).toBeLessThanOrEqual(1);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0][0]).toEqual({ offsetMs: clock.offsetMs });
  expect(String(warn.mock.calls[0][1])).toMatch(/clock is \d+ ms behind the database's/);

  await clock.measure(); // the same disagreement: not repeated every minute
  expect(warn).toHaveBeenCalledTimes(1);

  const measured = clock.offsetMs;
  db.down = true;
  await expect(clock.measure()).resolves.toBeUndefined();
  expect(clock.offsetMs).toBe(measured);
  expect(warn).toHaveBeenCalledTimes(2);
  expect(warn.mock.calls[1][1]).toMatch(/could not read the database clock/);

  db.down = false;
  db.offsetMs = 0;
  await clock.measure(); // back in agreement: quiet
  expect(Math.abs(clock.offsetMs)).toBeLessThanOrEqual(1);
  expect(warn).toHaveBeenCalledTimes(2);
  clock.stop();
});

test('now() is the process clock moved by the offset', async () => {
  const db = database(-600_000);
  const clock = await DatabaseClock.start(db.time, silentLogger());
  jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
  expect(clock.now()).toBe(1_700_000_000_000 + clock.offsetMs);
  clock.stop();
});
