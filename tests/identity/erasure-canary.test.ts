import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailStore } from '../../channels/email/store';
import { ConsentBook } from '../../channels/sms/consent';
import { SqlReferenceStore } from '../../channels/teams/references';
import { ServiceWindow } from '../../channels/whatsapp/window';
import { silentLogger } from '../../core/logger';
import type { SqlDriver } from '../../core/storage/sql';
import { TestChannel } from '../../core/testing/harness';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { MediaStore, OptOuts } from '../../core/services';
import { EventStore } from '../../journeys/events';
import { JourneysKey } from '../../journeys/module';
import { createApp, type App } from '../../server/app';
import { dropSchemas, schemaUrl, uniqueName } from '../scale/services';
import { jpegWithGps } from '../media/photos.fixture';
import { say, sms, web, whatsapp } from './support';
import { plainText } from '../../core/markdown/format';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');
const KEY = 'admin-key';

/** Unique strings planted everywhere, then searched for everywhere. */
function canaries() {
  const tag = randomBytes(4).toString('hex');
  const digits = `555${String(parseInt(tag, 16) % 10_000_000).padStart(7, '0')}`;
  return {
    name: `Qorvath${tag}`,
    phone: `+1${digits}`,
    digits,
    email: `canary.${tag}@example.org`,
    text: `canarytext${tag}`,
    webUser: `canaryweb${tag}`,
    teamsUser: `canaryteams${tag}`,
    slackUser: `canaryslack${tag}`,
  };
}
type Canaries = ReturnType<typeof canaries>;

async function start(databaseUrl: string): Promise<{ app: App; sent: TestChannel }> {
  const sent = new TestChannel('sms', { maxButtons: 0, maxButtonTitle: 60, maxTextLength: 1600, format: plainText, media: true, typing: false, phoneNumbers: true });
  const app = await createApp({
    botDir: DEMO,
    databaseUrl,
    env: { ADMIN_API_KEY: KEY, EDITOR_API_KEY: 'editor-key' },
    channels: [new TestChannel('web'), sent, new TestChannel('whatsapp'), new TestChannel('teams'), new TestChannel('slack'), new TestChannel('email')],
    logger: silentLogger(),
  });
  return { app, sent };
}

const api = (app: App, path: string, init: RequestInit = {}) =>
  app.fetch(new Request(`http://x${path}`, { ...init, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }));

/** Plants the canaries on every channel and in every module; returns the customer that holds them all. */
async function plant(app: App, sent: TestChannel, c: Canaries): Promise<string> {
  // SMS and WhatsApp from one number: one customer by the carrier-verified phone.
  await say(app, sms(c.phone, `Hi, ${c.name} here, ${c.text} about my order`));
  await say(app, whatsapp(c.phone, `My email is ${c.email}, ${c.text}`));
  const id = (await app.store.findCustomerByAddress('sms', c.phone))!.id;
  // The web visitor asks a question the knowledge base logs, then links their phone by code.
  await say(app, web(c.webUser, `How long does shipping take? ${c.text} ${c.email}`));
  // …and sends a photo (stored, stripped, bound to the message by the turn).
  const photo = await app.bot.services.require(MediaStore).save(undefined, await jpegWithGps(48, 32));
  await say(app, { ...web(c.webUser, `my parcel ${c.text}`), attachments: [photo] });
  await say(app, web(c.webUser, 'continue on my phone'));
  const code = sent.next(c.phone);
  await say(app, web(c.webUser, c.phone));
  const typed = /\b(\d{6})\b/.exec((await code).text ?? '')![1];
  await say(app, web(c.webUser, typed));
  expect((await app.store.findCustomerByAddress('web', c.webUser))!.id).toBe(id);
  // Teams, Slack and e-mail: other customers, merged in by an operator.
  for (const [channel, user] of [['teams', c.teamsUser], ['slack', c.slackUser], ['email', c.email]]) {
    await say(app, { channel, address: user, text: `${c.name} on ${channel}: ${c.text}` });
    const other = (await app.store.findCustomerByAddress(channel, user))!.id;
    expect((await api(app, `/api/customers/${id}/merge`, { method: 'POST', body: JSON.stringify({ from: other }) })).status).toBe(200);
  }
  await new SqlReferenceStore(app.store.sql).init();
  await new SqlReferenceStore(app.store.sql).put(c.teamsUser, { user: { id: c.teamsUser, name: c.name } });
  // Module data: a handoff with an agent's note, consent (STOP), the WhatsApp window, events, CSAT, the profile.
  // A handoff needs someone to hand off to (an agent account exists).
  await app.bot.services.require(HandoffServiceKey).repo.createAgent({ name: 'Sam', email: 'sam@canary.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 5 });
  await say(app, sms(c.phone, `I want to talk to a person, ${c.text}`));
  const handoff = await app.store.sql.get<{ id: string }>(`SELECT id FROM handoffs WHERE customer_id = ?`, [id]);
  await app.bot.services.require(HandoffServiceKey).note('agent-x', handoff!.id, `Called ${c.name} at ${c.phone}`);
  await new ConsentBook(app.store.sql).set('sms', c.phone, true, 'STOP');
  await new ServiceWindow(app.store.sql).touch(c.phone.slice(1), Date.now());
  // The e-mail channel's records: the thread, an out-of-office from her address, her unsubscribe.
  const emails = new EmailStore(app.store.sql);
  const emailConversation = (await app.store.openConversation(id))!.id;
  await emails.addToThread({ messageId: `${c.text}@mail.example.org`, direction: 'inbound', conversationId: emailConversation, address: c.email, subject: `About ${c.name}`, createdAt: Date.now() });
  await emails.addAutomated({ messageId: `ooo-${c.text}@mail.example.org`, kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied', address: c.email, subject: `${c.name} is away`, receivedAt: Date.now() });
  await emails.setOptOut(c.email, true, 'link');
  await new EventStore(app.store.sql).add([{ customerId: id, type: 'product_view', properties: { note: c.text, email: c.email }, source: 'api', at: Date.now() }], Date.now());
  // An order the shop reported (its receipt goes out too): the catalog module's table.
  const order = { orderId: `NW-${c.digits}`, items: [{ name: `Gift for ${c.name}`, price: 10 }], total: 10, currency: 'GBP', shippingAddress: `${c.name}, ${c.text} Road` };
  await app.bot.services.require(JourneysKey).track([{ customerId: id, type: 'order_placed', properties: order, source: 'api', at: Date.now() }]);
  const conversation = (await app.store.openConversation(id))!;
  await app.store.sql.run(`INSERT INTO analytics_csat (conversation_id, customer_id, score, channel, answered_at) VALUES (?, ?, 5, 'sms', ?)`, [conversation.id, id, Date.now()]);
  await app.store.updateProfile(id, { name: c.name, email: c.email, phone: c.phone });
  await app.engine.outbox.idle();
  return id;
}

/** Every table and column where any of `needles` appears, as `table.column: needle`. */
async function leftovers(sql: SqlDriver, needles: string[]): Promise<string[]> {
  const columns =
    sql.dialect === 'sqlite'
      ? await sql.all<{ t: string; c: string }>(
          `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
        )
      : await sql.all<{ t: string; c: string }>(`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()`);
  const byTable = new Map<string, string[]>();
  for (const { t, c } of columns) byTable.set(t, [...(byTable.get(t) ?? []), c]);
  // One query per table, counting every column × needle at once (a query per pair made thousands of
  // round trips per scan, half a minute on PostgreSQL under load).
  const found: string[] = [];
  for (const [t, cs] of byTable) {
    const pairs = cs.flatMap((c) => needles.map((needle) => ({ c, needle })));
    const counts = pairs.map(({ c }, i) => `SUM(CASE WHEN CAST(${c} AS TEXT) LIKE ? THEN 1 ELSE 0 END) AS n${i}`);
    const row = await sql.get<Record<string, number | string | null>>(`SELECT ${counts.join(', ')} FROM ${t}`, pairs.map(({ needle }) => `%${needle}%`));
    pairs.forEach(({ c, needle }, i) => {
      if (Number(row?.[`n${i}`])) found.push(`${t}.${c}: ${needle}`);
    });
  }
  return found;
}

/**
 * Each test starts the demo bot with every channel, runs a dozen turns and scans every column twice:
 * 10–15 s on an idle machine, past a minute at load 20–30.
 */
const STARTS_APP = 120_000;

async function plantEraseScan(databaseUrl: string, files?: string[]): Promise<void> {
  const c = canaries();
  const { app, sent } = await start(databaseUrl);
  try {
    const id = await plant(app, sent, c);
    const ids = (await app.store.sql.all<{ id: string }>(`SELECT id FROM customers WHERE id = ? OR merged_into = ?`, [id, id])).map((r) => r.id);
    const needles = [c.name, c.digits, c.email, c.text, c.webUser, c.teamsUser, c.slackUser, ...ids];
    // Planted everywhere: every one of these tables holds a canary before erasure.
    const before = (await leftovers(app.store.sql, needles)).map((hit) => hit.split('.')[0]);
    for (const table of ['messages', 'media', 'kb_questions', 'channel_consent', 'email_thread', 'email_automated', 'email_opt_outs', 'whatsapp_windows', 'teams_references', 'handoffs', 'handoff_notes', 'journey_events', 'catalog_orders', 'analytics_csat', 'identities', 'addresses', 'link_codes', 'customers', 'conversations', 'identity_audit']) {
      expect(before).toContain(table);
    }
    // The export holds every declared table.
    const exported = (await (await api(app, `/api/customers/${id}/export`)).json()) as { tables: Record<string, unknown[]> };
    const declared = ['media', 'kb_questions', 'channel_consent', 'email_thread', 'email_automated', 'email_opt_outs', 'whatsapp_windows', 'teams_references', 'handoffs', 'handoff_notes', 'journey_events', 'catalog_orders', 'analytics_csat', 'messages', 'link_codes'];
    expect(declared.filter((table) => !exported.tables[table]?.length)).toEqual([]);
    // The export holds the photo itself.
    const [exportedPhoto] = exported.tables.media as Array<{ mime_type: string; data: string }>;
    expect([exportedPhoto.mime_type, (await sharp(Buffer.from(exportedPhoto.data, 'base64')).metadata()).format]).toEqual(['image/jpeg', 'jpeg']);
    const photos = app.store.sql.file ? `${app.store.sql.file}-media` : undefined;
    if (photos) expect(readdirSync(photos)).toHaveLength(1);

    expect((await api(app, `/api/customers/${id}`, { method: 'DELETE' })).status).toBe(204);

    expect(await leftovers(app.store.sql, needles)).toEqual([]);
    // The number that sent STOP is still suppressed, without being kept in clear.
    expect(await app.bot.services.require(OptOuts).isOptedOut('sms', c.phone)).toBe(true);
    expect(await new EmailStore(app.store.sql).isOptedOut(c.email)).toBe(true);
    const gaps = await app.fetch(new Request('http://x/api/kb/gaps', { headers: { authorization: 'Bearer editor-key' } }));
    expect(gaps.status).toBe(200);
    expect(await gaps.text()).not.toContain(c.text);
    // The photo went with the rows: no file is left beside an SQLite database.
    if (photos) expect(readdirSync(photos)).toEqual([]);
    for (const file of files ?? []) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect([file, needles.filter((n) => bytes.includes(Buffer.from(n)))]).toEqual([file, []]);
    }
  } finally {
    await app.close();
  }
}

test('erasure leaves no canary in any table, nor in the SQLite file and its WAL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-canary-'));
  const db = join(dir, 'bot.db');
  try {
    await plantEraseScan(db, [db, `${db}-wal`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, STARTS_APP);

test('erasure leaves no canary in any table on PostgreSQL', async () => {
  const schema = uniqueName('canary');
  try {
    await plantEraseScan(schemaUrl(schema));
  } finally {
    await dropSchemas([schema]);
  }
}, STARTS_APP);

