import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort, startSwitchboard } from '../scale/helpers';

/**
 * Issue #16: Ctrl-C / SIGTERM did not stop `switchboard start` while a widget or console socket
 * was open. Now: stop accepting, close sockets with 1001 "going away", finish the turn under way
 * and its delivery, exit 0 within 10 s; a second signal exits at once.
 */
const dir = mkdtempSync(join(tmpdir(), 'sb-shutdown-'));
const children = new Set<ChildProcess>();
const ADMIN = { email: 'admin@shop.test', password: 'admin-password-1' };

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `switchboard start` on its own SQLite file, each turn taking `turnMs`. */
async function start(name: string, turnMs: number): Promise<{ child: ChildProcess; base: string; database: string }> {
  const port = await freePort();
  const database = join(dir, `${name}.db`);
  const env = { DATABASE_URL: database, REDIS_URL: '', SCALE_BOT_DELAY_MS: String(turnMs), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password };
  const child = await startSwitchboard(port, env, children);
  return { child, base: `http://127.0.0.1:${port}`, database };
}

/** Opens a socket and resolves once `ready(event)` holds for an event it received. */
function open(url: string, headers: Record<string, string>, ready: (event: { type?: string }) => boolean): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (data) => {
      if (ready(JSON.parse(data.toString()))) resolve({ ws, closed });
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A web visitor's socket, with a message sent and acknowledged (its turn now under way). */
async function visitorMidTurn(base: string, text: string) {
  const visitor = await open(`${base.replace('http', 'ws')}/api/web/socket?userId=shutdown-visitor`, {}, (e) => e.type === 'ready');
  const acked = new Promise<void>((resolve) => visitor.ws.on('message', (data) => JSON.parse(data.toString()).type === 'ack' && resolve()));
  visitor.ws.send(JSON.stringify({ type: 'message', text, clientMessageId: 'c-1' }));
  await acked;
  return visitor;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

test('SIGTERM with a widget and a console socket open: both get 1001, the turn under way commits and its reply is sent, exit 0 within 10 s', async () => {
  const { child, base, database } = await start('graceful', 1500);
  const login = await fetch(`${base}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(login.status).toBe(200);
  const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const agent = await open(`${base.replace('http', 'ws')}/console/socket`, { cookie }, () => true);
  const visitor = await visitorMidTurn(base, 'still thinking');

  const signalled = Date.now();
  child.kill('SIGTERM');
  const [code, visitorClose, agentClose] = await Promise.all([exited(child), visitor.closed, agent.closed]);
  const tookMs = Date.now() - signalled;

  expect({ code, visitorClose, agentClose }).toEqual({ code: 0, visitorClose: 1001, agentClose: 1001 });
  expect(tookMs).toBeLessThan(10_000);
  const db = new Database(database, { readonly: true });
  try {
    const rows = db.prepare(`SELECT direction, text, status FROM messages WHERE channel = 'web' ORDER BY seq`).all();
    expect(rows).toEqual([
      { direction: 'inbound', text: 'still thinking', status: 'processed' },
      { direction: 'outbound', text: '#1 still thinking', status: 'sent' },
    ]);
  } finally {
    db.close();
  }
}, 120_000);

test('a second signal exits at once, without waiting for the turn under way', async () => {
  const { child, base } = await start('impatient', 60_000);
  const visitor = await visitorMidTurn(base, 'a very long turn');
  child.kill('SIGTERM');
  await visitor.closed; // the graceful shutdown has begun and is waiting for the turn
  const second = Date.now();
  child.kill('SIGINT');
  const code = await exited(child);
  expect(code).toBe(130);
  expect(Date.now() - second).toBeLessThan(3000);
}, 120_000);
