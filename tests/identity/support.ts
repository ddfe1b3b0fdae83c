import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { RICH_CAPABILITIES } from '../../core/channel';
import type { InboundDraft, Message } from '../../core/message';
import { assemble, type Assembled } from '../../server/assemble';
import { customerDataOf } from '../../server/customer-data';
import { defaultModules } from '../../server/modules';
import { movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../../core/customer-data';
import type { SqlDriver } from '../../core/storage/sql';
import { plainText } from '../../core/markdown/format';

export const FORM_BOT = join(__dirname, '..', 'fixtures', 'form-bot');

/** Every declaration of customer data the default app has (export, erasure and merge hooks): what its identity module merges with. */
export const APP_CUSTOMER_DATA: CustomerData[] = customerDataOf(defaultModules());

/**
 * A module's table about customers whose merge hook refuses to move rows to `refused` (a CHECK
 * constraint), holding one row of `holder`: a merge that reaches it fails part-way. Returns its
 * declaration, to list after the others (hooks run in the order given, identity's last).
 */
export async function mergeTrap(sql: SqlDriver, holder: string, refused: string): Promise<CustomerData> {
  await sql.exec(`CREATE TABLE merge_trap (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL CHECK (customer_id <> '${refused}'))`);
  await sql.run(`INSERT INTO merge_trap (id, customer_id) VALUES ('t1', ?)`, [holder]);
  return { ...rowsAbout('merge-trap', [['merge_trap', ofCustomers()]]), merge: movesCustomerRows([['merge_trap', ['id']]]) };
}

/** The form bot with the identity module, on test channels named like the real ones. */
export async function formBotApp(env: NodeJS.ProcessEnv = {}): Promise<{ app: Assembled; web: TestChannel; sms: TestChannel; whatsapp: TestChannel }> {
  const web = new TestChannel('web');
  const sms = new TestChannel('sms', { maxButtons: 0, maxButtonTitle: 60, maxTextLength: 1600, format: plainText, media: true, typing: false, phoneNumbers: true });
  const whatsapp = new TestChannel('whatsapp', { ...RICH_CAPABILITIES, phoneNumbers: true });
  const app = await assemble({ botDir: FORM_BOT, databaseUrl: ':memory:', env, channels: [web, sms, whatsapp], logger: silentLogger() });
  return { app, web, sms, whatsapp };
}

/** Sends a message and returns the replies of its turn. */
export async function say(app: Assembled, draft: InboundDraft): Promise<Message[]> {
  const { message } = await app.engine.receive(draft);
  // The engine's own default deadline (30 s): a turn on a machine at load 20–30 can take 10.
  const replies = await app.engine.repliesTo(message.id);
  if (!replies) throw new Error(`no turn for ${draft.text} within 30 s`);
  return replies;
}

/** An SMS as the Twilio adapter delivers it: the carrier vouches for the number. */
export const sms = (phone: string, text: string): InboundDraft => ({ channel: 'sms', address: phone, text, identities: [{ kind: 'phone', value: phone }] });
export const whatsapp = (phone: string, text: string): InboundDraft => ({
  channel: 'whatsapp',
  address: phone.replace('+', ''),
  text,
  identities: [{ kind: 'phone', value: phone }],
});
export const web = (userId: string, text: string): InboundDraft => ({ channel: 'web', address: userId, text });

/** Every row of every table that mentions `id` anywhere, by table (an app's store, or a store alone). */
export async function rowsMentioning(app: Pick<Assembled, 'store'>, ids: string[]): Promise<Record<string, number>> {
  const tables = await app.store.sql.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const columns = await app.store.sql.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [name]);
    for (const id of ids) {
      const where = columns.map((c) => `CAST(${c.name} AS TEXT) LIKE ?`).join(' OR ');
      const row = await app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${name} WHERE ${where}`, columns.map(() => `%${id}%`));
      if (Number(row?.n)) found[name] = (found[name] ?? 0) + Number(row?.n);
    }
  }
  return found;
}
