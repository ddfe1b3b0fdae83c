import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { handoffMigrations } from '../../handoff/schema';
import { HandoffRepository } from '../../handoff/repository';
import { openStore } from '../../server/store';
import { eventually, freePort, post, startSwitchboard } from './helpers';
import { PG_URL, REDIS_URL, dropRedisPrefix, dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

/**
 * Issue 17's point about timers: an SLA set by one instance fires even when that instance dies.
 * Two `switchboard start` processes share PostgreSQL and Redis; a customer asks for a person on A
 * while nobody is online, A is killed with SIGKILL (no graceful shutdown, its timers die with it),
 * and B offers the callback when the SLA is up: the handoff's outcome and the message are in the store.
 */
const schema = uniqueName('sbt');
const prefix = `${schema}:`;
const children = new Set<ChildProcess>();
const SLA_SECONDS = 4;

beforeAll(requireServices);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await dropSchemas([schema]);
  await dropRedisPrefix(prefix);
});

function startProcess(port: number): Promise<ChildProcess> {
  return startSwitchboard(
    port,
    {
      DATABASE_URL: schemaUrl(schema),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      // An agent account exists (offline), so the customer waits for a person rather than hearing there is no team.
      SWITCHBOARD_ADMIN_EMAIL: 'sam@northwind.test',
      SWITCHBOARD_ADMIN_PASSWORD: 'correct horse battery',
    },
    children,
  );
}

/** The customer's handoff and the bot's messages to them, read straight from PostgreSQL. */
async function stateOf(userId: string): Promise<{ handoff?: { status: string; outcome: string | null; sla_at: number }; texts: Array<{ text: string; created_at: number }> }> {
  const pg = new Client({ connectionString: PG_URL });
  await pg.connect();
  try {
    await pg.query(`SET search_path TO "${schema}"`);
    const customer = `SELECT customer_id FROM addresses WHERE channel = 'web' AND address = $1`;
    const handoff = await pg.query(`SELECT status, outcome, sla_at::float8 AS sla_at FROM handoffs WHERE customer_id IN (${customer})`, [userId]);
    const texts = await pg.query(`SELECT text, created_at::float8 AS created_at FROM messages WHERE direction = 'outbound' AND customer_id IN (${customer}) ORDER BY seq`, [userId]);
    return { handoff: handoff.rows[0], texts: texts.rows };
  } finally {
    await pg.end();
  }
}

test('an SLA set on an instance killed with SIGKILL fires on the other one', async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const a = await startProcess(portA);
  await startProcess(portB);
  const store = await openStore({ url: schemaUrl(schema), botName: 'ScaleBot', migrations: handoffMigrations });
  try {
    await new HandoffRepository(store.sql, () => store.now()).upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: SLA_SECONDS });
  } finally {
    await store.close();
  }

  const asked = await post(`http://127.0.0.1:${portA}`, { userId: 'dan', text: 'I want to talk to a person', clientMessageId: 'dan-1' });
  expect(asked.status).toBe(200);
  const waiting = await stateOf('dan');
  expect(waiting.handoff).toMatchObject({ status: 'waiting', outcome: null });
  expect(waiting.texts.map((t) => t.text).join(' ')).toMatch(/Nobody who can help with this is online/);

  const exited = new Promise((r) => a.once('exit', r));
  a.kill('SIGKILL'); // the instance that set the SLA is gone, without a chance to hand anything over
  await exited;

  // The outcome is written first and the offer committed right after: wait for both.
  const offered = async () => {
    const state = await stateOf('dan');
    return state.handoff?.outcome === 'sla-offered' && state.texts.some((t) => /taking longer than usual/.test(t.text));
  };
  expect(await eventually(offered, 30_000, 200)).toBe(true);
  const fired = await stateOf('dan');
  const offer = fired.texts.find((t) => /taking longer than usual/.test(t.text));
  expect(offer).toBeDefined();
  expect(offer!.created_at).toBeGreaterThanOrEqual(fired.handoff!.sla_at); // not before the SLA
  expect(fired.handoff!.status).toBe('waiting'); // still waiting, now offered a callback
}, 120_000);
