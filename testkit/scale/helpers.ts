import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../core/logger';
import { WebChannel } from '../../channels/web/adapter';
import { Client } from 'pg';
import { PG_URL, REDIS_URL, schemaUrl } from './services';

/** The counting echo bot the scale-out tests run. */
export const SCALE_BOT = join(__dirname, '..', '..', 'tests', 'fixtures', 'scale-bot');

/** One instance in scale-out mode (shared PostgreSQL schema, shared Redis prefix) listening on a free port. */
export async function startInstance(options: { schema: string; prefix: string; redisUrl?: string; replyTimeoutMs?: number; env?: NodeJS.ProcessEnv }) {
  const app: App = await createApp({
    botDir: SCALE_BOT,
    env: {
      DATABASE_URL: schemaUrl(options.schema),
      REDIS_URL: options.redisUrl ?? REDIS_URL,
      REDIS_PREFIX: options.prefix,
      RECOVERY_INTERVAL_MS: '500',
      ...options.env,
    },
    logger: silentLogger(),
    channels: [new WebChannel({ replyTimeoutMs: options.replyTimeoutMs ?? 20_000 })],
  });
  const port = await app.listen(0, '127.0.0.1');
  return { app, port, url: `http://127.0.0.1:${port}` };
}

/** Posts a web chat message; returns the status and the parsed body. */
export async function post(base: string, body: unknown, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
    ...init,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A stored message row, as the checks need it. */
export interface StoredRow {
  id: string;
  direction: string;
  text?: string;
  inReplyTo?: string;
  status: string;
}

/** Every stored message of each web visitor, in stored order, read straight from PostgreSQL. */
export async function storedTranscripts(schema: string): Promise<Map<string, StoredRow[]>> {
  const pg = new Client({ connectionString: PG_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query(TRANSCRIPTS_SQL.replace('FROM messages', `FROM "${schema}".messages`));
    return byVisitor(rows);
  } finally {
    await pg.end();
  }
}

/** Every web message, in stored order, with what `byVisitor` needs (for any database). */
export const TRANSCRIPTS_SQL = `SELECT id, direction, text, in_reply_to, status, address FROM messages WHERE channel = 'web' ORDER BY seq`;

/** Rows of `TRANSCRIPTS_SQL` grouped by visitor (their address). */
export function byVisitor(
  rows: Array<{ id: string; direction: string; text: string | null; in_reply_to: string | null; status: string; address: string }>,
): Map<string, StoredRow[]> {
  const grouped = new Map<string, StoredRow[]>();
  for (const r of rows) {
    if (!grouped.has(r.address)) grouped.set(r.address, []);
    grouped.get(r.address)!.push({ id: r.id, direction: r.direction, text: r.text ?? undefined, inReplyTo: r.in_reply_to ?? undefined, status: r.status });
  }
  return grouped;
}

/**
 * Starts `switchboard start <botDir>` (default the scale bot) as a real process with `env` on top
 * of this one's, and waits until it answers `/healthz`; `children` tracks it until it exits (kill
 * what is left).
 */
export async function startSwitchboard(port: number, env: NodeJS.ProcessEnv, children: Set<ChildProcess>, botDir = SCALE_BOT): Promise<ChildProcess> {
  const root = join(__dirname, '..', '..');
  const child = spawn(process.execPath, [join(root, 'bin', 'switchboard.js'), 'start', botDir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  children.add(child);
  child.once('exit', () => children.delete(child));
  const up = await eventually(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 60_000, 100); // a cold start compiles the app: seconds of CPU, more on a loaded 2-core box
  if (!up) throw new Error(`switchboard start did not come up on port ${port}: ${stderr.slice(-2000)}`);
  return child;
}

/**
 * Checks one visitor's transcript against the counting bot: every inbound message answered
 * exactly once, the n-th stored message answered `#n <its text>`. Returns the problems found.
 */
export function checkTranscript(messages: StoredRow[], expectedTexts: string[]): string[] {
  const problems: string[] = [];
  const inbound = messages.filter((m) => m.direction === 'inbound');
  const texts = inbound.map((m) => m.text ?? '');
  if ([...texts].sort().join('|') !== [...expectedTexts].sort().join('|')) problems.push(`inbound ${JSON.stringify(texts)} != sent ${JSON.stringify(expectedTexts)}`);
  inbound.forEach((m, i) => {
    const replies = messages.filter((r) => r.direction === 'outbound' && r.inReplyTo === m.id);
    if (replies.length !== 1) problems.push(`${m.text}: ${replies.length} replies`);
    else if (replies[0].text !== `#${i + 1} ${m.text}`) problems.push(`${m.text}: replied "${replies[0].text}", expected "#${i + 1} ${m.text}"`);
  });
  return problems;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A TCP port free on loopback right now, for a server or process the test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Waits until every stored message is processed (none pending or sending) and returns those that
 * still are when `timeoutMs` runs out: `[]` means everything accepted was processed.
 */
export async function unsettledMessages(schema: string, timeoutMs = 20_000): Promise<StoredRow[]> {
  const unsettled = async () => [...(await storedTranscripts(schema)).values()].flat().filter((r) => r.status === 'pending' || r.status === 'sending');
  await eventually(async () => (await unsettled()).length === 0, timeoutMs, 200);
  return unsettled();
}

/**
 * The scale-out promise under failure: every message a visitor got acknowledged is stored, none
 * twice, each stored message answered exactly once and in order, and every reply sent.
 */
export function expectAllAnswered(stored: Map<string, StoredRow[]>, acknowledged: Map<string, string[]>): void {
  for (const [userId, texts] of acknowledged) {
    const rows = stored.get(userId) ?? [];
    const inbound = rows.filter((r) => r.direction === 'inbound').map((r) => r.text!);
    expect({ userId, missing: texts.filter((t) => !inbound.includes(t)) }).toEqual({ userId, missing: [] });
    expect({ userId, duplicates: inbound.filter((t, i) => inbound.indexOf(t) !== i) }).toEqual({ userId, duplicates: [] });
    expect({ userId, problems: checkTranscript(rows, inbound) }).toEqual({ userId, problems: [] });
    expect(rows.filter((r) => r.direction === 'outbound' && r.status !== 'sent')).toEqual([]);
  }
}
