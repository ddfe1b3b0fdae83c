import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { hashPassword } from '../../handoff/auth';
import { HandoffRepository } from '../../handoff/repository';
import { handoffMigrations } from '../../handoff/schema';
import { openStore } from '../../server/store';
import { eventually, freePort, post, startSwitchboard } from '../scale/helpers';

/**
 * Durable timers on the embedded default: one `switchboard start` on a SQLite file sets an SLA
 * (a customer waiting) and an agent's grace period (their console closed), is killed with
 * SIGKILL before either is due, stays down past both, and is started again on the same file:
 * both fire then. The grace period used to be a timer only: nothing brought it back.
 */
const BOT = join(__dirname, '..', 'fixtures', 'timers-bot'); // graceSeconds: 3
const dir = mkdtempSync(join(tmpdir(), 'sb-timers-'));
const database = join(dir, 'bot.db');
const children = new Set<ChildProcess>();
const SAM = { email: 'sam@northwind.test', password: 'correct horse battery' };

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const start = (port: number) => startSwitchboard(port, { DATABASE_URL: database, REDIS_URL: '' }, children, BOT);

/** A read of the file through a connection of our own. */
function read<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const handoffOf = (userId: string) =>
  read<{ status: string; outcome: string | null; agent_id: string | null }>(
    `SELECT status, outcome, agent_id FROM handoffs WHERE customer_id = (SELECT customer_id FROM addresses WHERE channel = 'web' AND address = ?)`,
    userId,
  )[0];
const textsTo = (userId: string) =>
  read<{ text: string }>(`SELECT text FROM messages WHERE direction = 'outbound' AND address = ? ORDER BY seq`, userId).map((m) => m.text);

/** Logs Sam into the console over HTTP and opens the console socket (the agent is "connected"). */
async function connectConsole(base: string): Promise<WebSocket> {
  const login = await fetch(`${base}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAM) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const ws = new WebSocket(`${base.replace('http', 'ws')}/console/socket`, { headers: { cookie } });
  await new Promise((resolve, reject) => ws.once('message', resolve).once('error', reject));
  return ws;
}

test('an SLA and a grace period set before a kill -9 fire after the restart on the same SQLite file', async () => {
  // The team: Sam, who can take one conversation, and a queue whose SLA is 4 s.
  const store = await openStore({ url: database, botName: 'TimersBot', migrations: handoffMigrations });
  const repo = new HandoffRepository(store.sql, () => store.now());
  await repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 4 });
  const sam = await repo.createAgent({ name: 'Sam', email: SAM.email, passwordHash: await hashPassword(SAM.password), role: 'agent', skills: [], capacity: 1 });
  await repo.setStatus(sam.id, 'available');
  await store.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await start(port);
  const ws = await connectConsole(base);
  expect((await post(base, { userId: 'ann', text: 'I want to talk to a person', clientMessageId: 'ann-1' })).status).toBe(200);
  expect(handoffOf('ann')).toMatchObject({ status: 'assigned', agent_id: sam.id });
  expect((await post(base, { userId: 'dan', text: 'I want to talk to a person', clientMessageId: 'dan-1' })).status).toBe(200);
  expect(handoffOf('dan')).toMatchObject({ status: 'waiting', outcome: null });

  ws.close(); // Sam's console goes away: the grace period starts
  const jobs = () => read<{ name: string }>(`SELECT name FROM scheduled_jobs WHERE name LIKE 'handoff.%' ORDER BY name`).map((j) => j.name);
  expect(await eventually(() => jobs().includes('handoff.grace'), 5_000)).toBe(true);
  expect(jobs()).toEqual(['handoff.grace', 'handoff.sla']);
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  await exited;

  await new Promise((r) => setTimeout(r, 4_500)); // both are due while nothing runs
  expect(handoffOf('dan').outcome).toBeNull();
  expect(handoffOf('ann').status).toBe('assigned');

  server = await start(port);
  expect(await eventually(() => handoffOf('dan').outcome === 'sla-offered' && handoffOf('ann').status === 'waiting', 20_000, 200)).toBe(true);
  // The SLA: Dan is offered a callback. The grace period: Ann goes back to the queue and is told why.
  expect(await eventually(() => textsTo('dan').some((t) => /taking longer than usual/.test(t)) && textsTo('ann').some((t) => /disconnected/.test(t)), 10_000)).toBe(true);
  expect(read<{ status: string }>(`SELECT status FROM agents WHERE id = ?`, sam.id)[0].status).toBe('offline');
  expect(jobs()).toEqual([]);
  const exitedAgain = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  await exitedAgain;
}, 120_000);
