import { createServer } from 'node:net';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../core/logger';
import { WebChannel } from '../../channels/web/adapter';
import { Client } from 'pg';
import { PG_URL, REDIS_URL, schemaUrl } from './services';

/** The counting echo bot the scale-out tests run. */
export const SCALE_BOT = join(__dirname, '..', 'fixtures', 'scale-bot');

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
    const { rows } = await pg.query(`SELECT id, direction, text, in_reply_to, status, address FROM "${schema}".messages WHERE channel = 'web' ORDER BY seq`);
    const byUser = new Map<string, StoredRow[]>();
    for (const r of rows) {
      if (!byUser.has(r.address)) byUser.set(r.address, []);
      byUser.get(r.address)!.push({ id: r.id, direction: r.direction, text: r.text ?? undefined, inReplyTo: r.in_reply_to ?? undefined, status: r.status });
    }
    return byUser;
  } finally {
    await pg.end();
  }
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
