import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { JourneysKey, NIGHTLY_JOB, POLL_JOB } from '../../journeys/module';
import { createApp, type App } from '../../server/app';
import { eventually } from '../scale/helpers';

/**
 * Journeys on the app's durable scheduler (no timers of their own, no `tick` called by the test):
 * the poll is a job every `pollInterval` and runs the proactive messages that came due; the
 * nightly pass is a job at the next midnight UTC. Both are rows in the store until they run.
 */
const dir = mkdtempSync(join(tmpdir(), 'sb-journeys-jobs-'));
let app: App | undefined;
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the poll and the nightly pass are durable jobs; a proactive message falls due without anyone calling tick', async () => {
  writeFileSync(
    join(dir, 'bot.yaml'),
    `name: Poller
defaultLocale: en
journeys:
  pollInterval: 1s
  proactive:
    - name: care-tips
      when: { event: order_delivered, after: 1s }
      then: { text: { en: "How do you like it?" } }
`,
  );
  const web = new TestChannel('web');
  app = await createApp({ botDir: dir, databaseUrl: join(dir, 'poller.db'), env: {}, channels: [web], logger: silentLogger() });
  const jobs = () => app!.store.sql.all<{ name: string; id: string; run_at: number }>(`SELECT name, id, run_at FROM scheduled_jobs ORDER BY name`);
  const nextMidnight = (Math.floor(app.store.now() / 86_400_000) + 1) * 86_400_000;
  expect(await jobs()).toEqual(
    expect.arrayContaining([
      { name: NIGHTLY_JOB, id: String(nextMidnight / 86_400_000), run_at: nextMidnight },
      expect.objectContaining({ name: POLL_JOB }),
    ]),
  );

  const { message } = await app.engine.receive({ channel: 'web', address: 'ann', text: 'hello' });
  await app.engine.idle();
  const journeys = app.bot.services.require(JourneysKey);
  await journeys.track([{ customerId: message.customerId, type: 'order_delivered', properties: {}, source: 'api', at: journeys.now() }]);
  // Whatever the gate decides (consent, quiet hours at the hour the test runs), the poll job decided it.
  expect(await eventually(async () => (await journeys.proactive.decisions(message.customerId)).length > 0, 10_000)).toBe(true);
  expect((await journeys.proactive.decisions(message.customerId))[0]).toMatchObject({ rule: 'care-tips', jobId: expect.any(String) });
  // The series goes on: a poll job for a later period is waiting.
  expect((await jobs()).filter((j) => j.name === POLL_JOB).every((j) => j.run_at > Date.now() - 1_000)).toBe(true);
});
