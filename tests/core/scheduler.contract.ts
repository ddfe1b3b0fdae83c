import { SCHEDULER_RETRY, type Scheduler } from '../../core/scheduler';
import { SqlScheduler, type SqlSchedulerOptions } from '../../core/storage/scheduler';
import type { SqlDriver } from '../../core/storage/sql';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (or ~4 s pass). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(20);
}

/**
 * What every `Scheduler` promises, run against each implementation with two instances sharing
 * one backing store (`make` returns them, not started): jobs run once, on one instance, not
 * before their time nor before `start`; an id deduplicates; a cancelled job does not run; a
 * failing handler is retried; a job outlives the instance that scheduled it.
 */
export function schedulerContract(name: string, make: () => Scheduler[] | Promise<Scheduler[]>): void {
  describe(`Scheduler: ${name}`, () => {
    let schedulers: Scheduler[];
    beforeEach(async () => (schedulers = await make()));
    afterEach(async () => {
      for (const s of schedulers) await s.close();
    });

    test('runs each job once, not before its time, on one of the instances; an id deduplicates', async () => {
      const ran: Array<{ payload: unknown; at: number }> = [];
      for (const s of schedulers) s.on('follow-up', async (payload) => void ran.push({ payload, at: Date.now() }));
      for (const s of schedulers) s.start();
      const at = Date.now() + 300;
      await schedulers[0].schedule('follow-up', { n: 1 }, at, { id: 'conv:1' });
      await schedulers[schedulers.length - 1].schedule('follow-up', { n: 1 }, at, { id: 'conv:1' });
      await schedulers[0].schedule('follow-up', { n: 2 }, Date.now());
      await until(() => ran.length >= 2);
      await sleep(200);
      expect(ran.map((r) => r.payload)).toEqual([{ n: 2 }, { n: 1 }]);
      expect(ran[1].at).toBeGreaterThanOrEqual(at - 5);
    });

    test('a cancelled job does not run; a failing handler is retried', async () => {
      let attempts = 0;
      const ran: unknown[] = [];
      schedulers[0].on('sla', async (p) => void ran.push(p));
      schedulers[0].on('flaky', async () => {
        if (++attempts < 2) throw new Error('try again');
      });
      schedulers[0].start();
      await schedulers[0].schedule('sla', 'cancelled', Date.now() + 200, { id: 'h1' });
      await schedulers[0].cancel('sla', 'h1');
      await schedulers[0].schedule('flaky', {}, Date.now());
      await until(() => attempts >= 2);
      await sleep(300);
      expect(attempts).toBe(2);
      expect(ran).toEqual([]);
    });

    test('nothing runs before start; a job whose instance closed runs on another', async () => {
      const [a, b] = [schedulers[0], schedulers[schedulers.length - 1]];
      const ran: string[] = [];
      a.on('grace', async () => void ran.push('a'));
      await a.schedule('grace', { agentId: 'sam' }, Date.now(), { id: 'sam' });
      await sleep(300);
      expect(ran).toEqual([]); // registered, due, but not started
      await a.close(); // the instance that set it goes away
      b.on('grace', async () => void ran.push('b'));
      b.start();
      await until(() => ran.length > 0);
      expect(ran).toEqual(['b']);
    });

    test('closing again, as an app closes its jobs before the services that own them, leaves no timer behind', async () => {
      const [a] = schedulers;
      const ran: unknown[] = [];
      a.on('nudge', async (payload) => void ran.push(payload));
      a.start();
      await a.schedule('nudge', {}, Date.now());
      await until(() => ran.length > 0); // running, as an app's scheduler is when it closes
      await a.close();
      await sleep(100); // what the first close ended is gone
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const before = timers();
      await a.close();
      expect(timers()).toBe(before);
    });
  });
}

/**
 * What the SQL scheduler adds: a job claimed by an instance that died (its handler never ends,
 * its lease is not renewed) runs again elsewhere once the lease is out; a job that fails every
 * attempt stays in the table with its error, and scheduling its id again revives it.
 */
export function sqlSchedulerSpecifics(name: string, open: () => Promise<{ sql: SqlDriver; others: SqlDriver[] }>): void {
  describe(`SqlScheduler: ${name}`, () => {
    const made: SqlScheduler[] = [];
    afterEach(async () => {
      for (const s of made.splice(0)) await s.close();
    });
    const scheduler = (sql: SqlDriver, options: SqlSchedulerOptions = {}) => {
      const s = new SqlScheduler(sql, { pollMs: 50, ...options });
      made.push(s);
      return s;
    };

    test('a job claimed by an instance that died runs on another once its lease is out', async () => {
      const { sql, others } = await open();
      // What a killed instance leaves: the row claimed by it, its lease running, never renewed.
      const leaseUntil = Date.now() + 400;
      await sql.run(
        `INSERT INTO scheduled_jobs (name, id, payload, run_at, attempts, owner, lease_until, created_at) VALUES ('sla', 'h1', ?, ?, 1, 'sch_dead', ?, ?)`,
        [JSON.stringify({ handoffId: 'h1' }), Date.now(), leaseUntil, Date.now()],
      );
      const ran: Array<{ payload: unknown; at: number }> = [];
      const alive = scheduler(others[0]);
      alive.on('sla', async (payload) => void ran.push({ payload, at: Date.now() }));
      alive.start();
      await until(() => ran.length > 0);
      expect(ran).toEqual([{ payload: { handoffId: 'h1' }, at: expect.any(Number) }]);
      expect(ran[0].at).toBeGreaterThanOrEqual(leaseUntil);
      await sleep(200);
      expect(await others[0].all(`SELECT id FROM scheduled_jobs`)).toEqual([]);
    });

    test('a job that fails every attempt stays with its error; scheduling it again revives it', async () => {
      const { sql } = await open();
      let now = Date.now();
      const s = scheduler(sql, { now: () => now });
      let fail = true;
      const ran: unknown[] = [];
      s.on('report', async (p) => {
        if (fail) throw new Error('the provider said no');
        ran.push(p);
      });
      s.start();
      await s.schedule('report', { n: 1 }, now, { id: 'r1' });
      for (let i = 0; i < SCHEDULER_RETRY.attempts; i++) {
        await sleep(300);
        now += 60_000; // past every backoff
      }
      await sleep(300);
      expect(await sql.get(`SELECT attempts, error, failed_at IS NOT NULL AS failed FROM scheduled_jobs WHERE name = 'report' AND id = 'r1'`)).toEqual({
        attempts: SCHEDULER_RETRY.attempts,
        error: 'the provider said no',
        failed: expect.anything(),
      });
      fail = false;
      await s.schedule('report', { n: 2 }, now, { id: 'r1' });
      await until(() => ran.length > 0);
      expect(ran).toEqual([{ n: 2 }]);
      await sleep(300);
      expect(await sql.all(`SELECT id FROM scheduled_jobs`)).toEqual([]);
    });
  });
}
