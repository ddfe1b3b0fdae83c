import type { ChildProcess } from 'node:child_process';
import { dropRedisPrefix, dropSchemas, REDIS_URL, requireServices, schemaUrl, uniqueName } from './services';
import { expectAllAnswered, freePort, startSwitchboard, storedTranscripts, unsettledMessages } from './helpers';
import { acked, startVisitors } from './load';

const schema = uniqueName('sbt');
const prefix = `${schema}:`;
const children = new Set<ChildProcess>();

/** Starts `switchboard start` as a real process in scale-out mode and waits until it is healthy. */
function startProcess(port: number): Promise<ChildProcess> {
  return startSwitchboard(
    port,
    {
      DATABASE_URL: schemaUrl(schema),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LOCK_LEASE_MS: '1500',
      OUTBOX_LEASE_MS: '1500',
      RECOVERY_INTERVAL_MS: '300',
      RECOVERY_STUCK_MS: '1000',
      SCALE_BOT_DELAY_MS: '5',
    },
    children,
  );
}

beforeAll(requireServices);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await dropSchemas([schema]);
  await dropRedisPrefix(prefix);
});

test('kill -9 of one instance under load: every acknowledged message answered exactly once after failover and restart', async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  let a = await startProcess(portA);
  await startProcess(portB);
  const urls = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];

  const users = Array.from({ length: 10 }, (_, i) => `k${i}`);
  const load = startVisitors({ users, perUser: 200, gapMs: 10, targets: () => urls });
  try {
    await load.until((r) => acked(r) >= 30);
    a.kill('SIGKILL'); // mid-turn, mid-delivery: whatever it was doing
    await new Promise((r) => a.once('exit', r));
    const duringOutage = acked(load.result);
    await load.until((r) => acked(r) >= duringOutage + 20); // B carries the load alone
    a = await startProcess(portA); // restarted by its supervisor
    const afterRestart = acked(load.result);
    await load.until((r) => acked(r) >= afterRestart + 20);
  } finally {
    // Also when a wait fails: visitors left running would keep retrying and jest would not exit.
    load.stop();
  }
  const result = await load.finished;

  expect(result.bad).toEqual([]);
  expect(result.statuses[-1]).toBeGreaterThan(0); // the kill happened under load: requests hit the dead instance
  expect(await unsettledMessages(schema, 30_000)).toEqual([]);
  // A message the dead instance stored but never acknowledged is retried by the client and deduplicated.
  expectAllAnswered(await storedTranscripts(schema), result.acknowledged);
}, 180_000);
