import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { TWILIO, signedForm } from '../channels/sms.fixture';
import { FakeTwilio } from './fake-twilio';
import { eventually, freePort, startSwitchboard } from './helpers';
import { PG_URL } from './services';

/** What one kill-under-load run of SMS replies is made of. */
export interface DeliveryCrashOptions {
  /** `sqlite:<file>` or a PostgreSQL URL with its schema (`schemaUrl`). */
  databaseUrl: string;
  /** The PostgreSQL schema, to read the result from (undefined on SQLite). */
  schema?: string;
  kills: number;
  numbers: number;
  perNumber: number;
  /** How long the fake Twilio takes to answer a send (the window a kill can fall into). */
  latencyMs: number;
  /** Whether the SMS channel may look sends up in Twilio's message list (TWILIO_LOOKUP_SENT). */
  lookup: boolean;
  /** Pause between one number's inbound messages. */
  gapMs?: number;
}

/** What a run measured. */
export interface DeliveryCrashReport {
  kills: number;
  /** Sends the fake Twilio had received but not answered when each kill happened. */
  inFlightAtKill: number[];
  replies: number;
  /** SMS the fake Twilio received (copies included). */
  received: number;
  /** Copies beyond the first, per kill (each attributed to the last kill before it was sent). */
  duplicatesPerKill: number[];
  duplicates: number;
  /** How many replies reached the provider more than once (a reply resent after both kills counts once here, twice in `duplicates`). */
  duplicatedReplies: number;
  /** Replies recorded sent because the crash lookup found them at Twilio (not sent again). */
  recoveredByLookup: number;
  /** Replies stored with the `possibleDuplicate` mark. */
  markedPossibleDuplicate: number;
  /** Duplicated replies whose stored message does not carry the mark: the guarantee broken. */
  unmarkedDuplicates: string[];
  /** Replies stored but never received by the fake Twilio, or not sent. */
  lost: string[];
  /** Inbound messages not answered exactly once. */
  problems: string[];
}

interface Row {
  id: string;
  address: string;
  direction: string;
  text: string | null;
  status: string;
  metadata: string | null;
  in_reply_to: string | null;
}

const ROWS_SQL = `SELECT id, address, direction, text, status, metadata, in_reply_to FROM messages WHERE channel = 'sms' ORDER BY seq`;

/**
 * Runs `switchboard start` (the counting scale bot) with SMS through a slow fake Twilio, sends
 * inbound SMS from several numbers, kills the process with `kill -9` while sends are in flight,
 * restarts it, and counts what customers received twice.
 */
export async function runDeliveryCrash(options: DeliveryCrashOptions): Promise<DeliveryCrashReport> {
  const twilio = await FakeTwilio.start(options.latencyMs);
  const children = new Set<ChildProcess>();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: '',
    OUTBOX_LEASE_MS: '1500',
    RECOVERY_INTERVAL_MS: '300',
    RECOVERY_STUCK_MS: '1000',
    SCALE_BOT_DELAY_MS: '2',
    PUBLIC_URL: base,
    TWILIO_ACCOUNT_SID: TWILIO.sid,
    TWILIO_AUTH_TOKEN: TWILIO.token,
    TWILIO_PHONE_NUMBER: TWILIO.from,
    TWILIO_API_BASE: twilio.url,
    TWILIO_LOOKUP_SENT: String(options.lookup),
  };
  const killedAt: number[] = [];
  const inFlightAtKill: number[] = [];
  let child = await startSwitchboard(port, env, children);
  const load = sendInbound(base, options);
  try {
    for (let k = 0; k < options.kills; k++) {
      const before = load.acked();
      await eventually(() => load.acked() >= before + options.numbers * 2 && twilio.inFlight > 0, 60_000, 5);
      inFlightAtKill.push(twilio.inFlight);
      killedAt.push(Date.now());
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL'); // mid-send: Twilio has the message, the store does not know
      await exited;
      child = await startSwitchboard(port, env, children);
    }
    await load.done;
    const settled = async () => (await readRows(options)).filter((r) => r.direction === 'outbound' && (r.status === 'pending' || r.status === 'sending')).length === 0;
    await eventually(settled, 60_000, 200);
    return report(options, await readRows(options), twilio, killedAt, inFlightAtKill);
  } finally {
    load.stop();
    for (const c of children) c.kill('SIGKILL');
    await twilio.close();
  }
}

/** Each number sends `perNumber` SMS one after another, retrying (same MessageSid) while the server is down. */
function sendInbound(base: string, options: DeliveryCrashOptions) {
  let acked = 0;
  let stopped = false;
  const urls = { publicUrl: base, provider: '' };
  const numbers = Array.from({ length: options.numbers }, (_, n) => `+1555700${String(n).padStart(4, '0')}`);
  const done = Promise.all(
    numbers.map(async (from) => {
      for (let i = 0; i < options.perNumber && !stopped; i++) {
        const request = signedForm('/api/twilio/sms', { AccountSid: TWILIO.sid, MessageSid: `SMin${from.slice(1)}x${i}`, From: from, To: TWILIO.from, Body: `${from}-${i}`, NumMedia: '0' }, urls);
        while (!stopped) {
          const status = await fetch(base + request.path, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) }).then(
            (res) => res.status,
            () => 0,
          );
          if (status === 200) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        acked++;
        await new Promise((r) => setTimeout(r, options.gapMs ?? 20));
      }
    }),
  );
  return { acked: () => acked, done, stop: () => void (stopped = true) };
}

async function readRows(options: DeliveryCrashOptions): Promise<Row[]> {
  if (!options.schema) {
    const db = new Database(options.databaseUrl.replace(/^sqlite:/, ''), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(ROWS_SQL).all() as Row[];
    } finally {
      db.close();
    }
  }
  const pg = new Client({ connectionString: PG_URL });
  await pg.connect();
  try {
    return (await pg.query(ROWS_SQL.replace('FROM messages', `FROM "${options.schema}".messages`))).rows as Row[];
  } finally {
    await pg.end();
  }
}

function report(options: DeliveryCrashOptions, rows: Row[], twilio: FakeTwilio, killedAt: number[], inFlightAtKill: number[]): DeliveryCrashReport {
  const outbound = rows.filter((r) => r.direction === 'outbound');
  const meta = (r: Row) => (r.metadata ? (JSON.parse(r.metadata) as Record<string, unknown>) : {});
  const copies = new Map<string, Date[]>();
  for (const sms of twilio.sent) copies.set(`${sms.to} ${sms.body}`, [...(copies.get(`${sms.to} ${sms.body}`) ?? []), sms.createdAt]);
  const duplicatesPerKill = killedAt.map(() => 0);
  const unmarkedDuplicates: string[] = [];
  let duplicatedReplies = 0;
  for (const r of outbound) {
    const times = copies.get(`${r.address} ${r.text}`) ?? [];
    if (times.length < 2) continue;
    duplicatedReplies++;
    // Each extra copy is the doing of the last kill before it was sent.
    for (const copy of times.slice(1)) {
      const kill = killedAt.filter((at) => at < copy.getTime()).length - 1;
      duplicatesPerKill[Math.max(kill, 0)]++;
    }
    if (!meta(r).possibleDuplicate) unmarkedDuplicates.push(`${r.address} "${r.text}" x${times.length}`);
  }
  return {
    kills: killedAt.length,
    inFlightAtKill,
    replies: outbound.length,
    received: twilio.sent.length,
    duplicatesPerKill,
    duplicates: duplicatesPerKill.reduce((a, b) => a + b, 0),
    duplicatedReplies,
    recoveredByLookup: outbound.filter((r) => meta(r).recoveredSend).length,
    markedPossibleDuplicate: outbound.filter((r) => meta(r).possibleDuplicate).length,
    unmarkedDuplicates,
    lost: outbound.filter((r) => r.status !== 'sent' || !copies.has(`${r.address} ${r.text}`)).map((r) => `${r.address} "${r.text}" ${r.status}`),
    problems: answeredOnce(rows, options),
  };
}

/** Every inbound SMS stored once and answered exactly once, `#n <text>` in order. */
function answeredOnce(rows: Row[], options: DeliveryCrashOptions): string[] {
  const problems: string[] = [];
  const inbound = rows.filter((r) => r.direction === 'inbound');
  if (inbound.length !== options.numbers * options.perNumber) problems.push(`${inbound.length} inbound stored, ${options.numbers * options.perNumber} sent`);
  const byNumber = new Map<string, Row[]>();
  for (const r of inbound) byNumber.set(r.address, [...(byNumber.get(r.address) ?? []), r]);
  for (const messages of byNumber.values()) {
    messages.forEach((m, i) => {
      const replies = rows.filter((r) => r.direction === 'outbound' && r.in_reply_to === m.id);
      if (replies.length !== 1 || replies[0].text !== `#${i + 1} ${m.text}`) problems.push(`${m.address} "${m.text}": ${replies.map((r) => r.text).join(' | ') || 'no reply'}`);
    });
  }
  return problems;
}
