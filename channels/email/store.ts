import { addressesOn, type CustomerData, type CustomerSubject } from '../../core/customer-data';
import { keyedHash, privacyKey } from '../../core/identity/privacy-key';
import { privacyKeyMigrations } from '../../core/identity/schema';
import { placeholders, type Migration, type Row, type SqlDriver } from '../../core/storage/sql';
import type { AutomatedKind } from './classify';
import { mailboxOf } from './settings';

/**
 * The e-mail channel's tables: the thread (every Message-ID we sent or accepted, by
 * conversation: `References` chains, loop detection and the per-sender limit read it), automated
 * mail (stored, never answered), and unsubscriptions (kept as a keyed hash after erasure, like
 * an SMS STOP).
 */
export const emailMigrations: Migration[] = [
  ...privacyKeyMigrations,
  {
    id: 'channels/email-001-tables',
    sql: `CREATE TABLE email_thread (
  message_id TEXT PRIMARY KEY,
  direction TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  address TEXT NOT NULL,
  subject TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX email_thread_conversation ON email_thread (conversation_id, created_at);
CREATE INDEX email_thread_address ON email_thread (address, created_at);
CREATE TABLE email_automated (
  message_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  address TEXT NOT NULL,
  subject TEXT,
  refers_to TEXT,
  received_at BIGINT NOT NULL
);
CREATE INDEX email_automated_address ON email_automated (address);
CREATE TABLE email_opt_outs (
  address TEXT PRIMARY KEY,
  opted_out INTEGER NOT NULL,
  how TEXT,
  updated_at BIGINT NOT NULL
)`,
  },
];

/** One Message-ID of a conversation's e-mail thread. */
export interface ThreadEntry {
  messageId: string;
  direction: 'inbound' | 'outbound';
  conversationId: string;
  address: string;
  subject?: string;
  createdAt: number;
}

/** Mail recognised as automated (or refused as a loop or over the sender limit), as stored. */
export interface AutomatedMail {
  messageId: string;
  kind: AutomatedKind | 'loop' | 'rate-limited';
  reason: string;
  address: string;
  subject?: string;
  /** For a bounce: our Message-ID it reports on. */
  refersTo?: string;
  receivedAt: number;
}

/** The e-mail channel's own records, in the bot's database. */
export class EmailStore {
  constructor(readonly sql: SqlDriver) {}

  /** Records a Message-ID of the conversation's thread (a repeat is ignored). */
  async addToThread(entry: ThreadEntry): Promise<void> {
    await this.sql.run(
      `INSERT INTO email_thread (message_id, direction, conversation_id, address, subject, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO NOTHING`,
      [entry.messageId, entry.direction, entry.conversationId, entry.address, entry.subject ?? null, entry.createdAt],
    );
  }

  /** The conversation's thread, oldest first. */
  async thread(conversationId: string): Promise<ThreadEntry[]> {
    const rows = await this.sql.all<{ message_id: string; direction: 'inbound' | 'outbound'; conversation_id: string; address: string; subject: string | null; created_at: number }>(
      `SELECT * FROM email_thread WHERE conversation_id = ? ORDER BY created_at, message_id`,
      [conversationId],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      direction: r.direction,
      conversationId: r.conversation_id,
      address: r.address,
      subject: r.subject ?? undefined,
      createdAt: Number(r.created_at),
    }));
  }

  /** Whether we sent a message with this Message-ID (a copy of our own mail coming back is a loop). */
  async isOurs(messageId: string): Promise<boolean> {
    return !!(await this.sql.get(`SELECT 1 AS x FROM email_thread WHERE message_id = ? AND direction = 'outbound'`, [messageId]));
  }

  /** Whether a mail with this Message-ID was already accepted or recorded as automated. */
  async seen(messageId: string): Promise<boolean> {
    return !!(
      (await this.sql.get(`SELECT 1 AS x FROM email_thread WHERE message_id = ? AND direction = 'inbound'`, [messageId])) ??
      (await this.sql.get(`SELECT 1 AS x FROM email_automated WHERE message_id = ?`, [messageId]))
    );
  }

  /** How many mails `address` sent us since `since` (accepted or not). */
  async receivedFrom(address: string, since: number): Promise<number> {
    const a = await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM email_thread WHERE address = ? AND direction = 'inbound' AND created_at > ?`, [address, since]);
    const b = await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM email_automated WHERE address = ? AND received_at > ?`, [address, since]);
    return Number(a?.n ?? 0) + Number(b?.n ?? 0);
  }

  /** Stores a mail that is not answered (a repeat is ignored). */
  async addAutomated(mail: AutomatedMail): Promise<void> {
    await this.sql.run(
      `INSERT INTO email_automated (message_id, kind, reason, address, subject, refers_to, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO NOTHING`,
      [mail.messageId, mail.kind, mail.reason, mail.address, mail.subject ?? null, mail.refersTo ?? null, mail.receivedAt],
    );
  }

  /** The automated mail `address` sent, newest first. */
  async automatedFrom(address: string): Promise<AutomatedMail[]> {
    const rows = await this.sql.all<Row>(`SELECT * FROM email_automated WHERE address = ? ORDER BY received_at DESC`, [address]);
    return rows.map((r) => ({
      messageId: String(r.message_id),
      kind: String(r.kind) as AutomatedMail['kind'],
      reason: String(r.reason),
      address: String(r.address),
      subject: r.subject == null ? undefined : String(r.subject),
      refersTo: r.refers_to == null ? undefined : String(r.refers_to),
      receivedAt: Number(r.received_at),
    }));
  }

  /** Records that `address` unsubscribed (`optedOut`) or subscribed again, and how. */
  async setOptOut(address: string, optedOut: boolean, how: string, now = Date.now()): Promise<void> {
    const hashed = keyedHash(await privacyKey(this.sql), address);
    await this.sql.transaction(async (tx) => {
      await tx.run(`DELETE FROM email_opt_outs WHERE address = ?`, [hashed]);
      await tx.run(
        `INSERT INTO email_opt_outs (address, opted_out, how, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET opted_out = excluded.opted_out, how = excluded.how, updated_at = excluded.updated_at`,
        [address, optedOut ? 1 : 0, how, now],
      );
    });
  }

  /** True when `address` unsubscribed and did not subscribe again (also after its customer was erased). */
  async isOptedOut(address: string): Promise<boolean> {
    const hashed = keyedHash(await privacyKey(this.sql), address);
    const row = await this.sql.get<{ o: number }>(`SELECT MAX(opted_out) AS o FROM email_opt_outs WHERE address IN (?, ?)`, [address, hashed]);
    return Number(row?.o ?? 0) === 1;
  }
}

/**
 * What the e-mail channel stores about a customer: their thread's Message-IDs and addresses, the
 * automated mail from their addresses, and unsubscriptions (erased, but an unsubscribed address
 * stays suppressed as a keyed hash).
 */
export const emailCustomerData: CustomerData = {
  name: 'channels.email',
  tables: ['email_thread', 'email_automated', 'email_opt_outs'],
  async export(subject) {
    const addresses = mailboxes(subject);
    const keys = [...subject.conversationIds, ...addresses];
    return {
      email_thread: keys.length
        ? await subject.sql.all(`SELECT * FROM email_thread WHERE conversation_id IN (${placeholders(subject.conversationIds)}) OR address IN (${placeholders(addresses)})`, [...subject.conversationIds, ...addresses])
        : [],
      email_automated: addresses.length ? await subject.sql.all(`SELECT * FROM email_automated WHERE address IN (${placeholders(addresses)})`, addresses) : [],
      email_opt_outs: addresses.length ? await subject.sql.all(`SELECT * FROM email_opt_outs WHERE address IN (${placeholders(addresses)})`, addresses) : [],
    };
  },
  async erase(subject) {
    const addresses = mailboxes(subject);
    if (subject.conversationIds.length) await subject.sql.run(`DELETE FROM email_thread WHERE conversation_id IN (${placeholders(subject.conversationIds)})`, subject.conversationIds);
    if (!addresses.length) return;
    await subject.sql.run(`DELETE FROM email_thread WHERE address IN (${placeholders(addresses)})`, addresses);
    await subject.sql.run(`DELETE FROM email_automated WHERE address IN (${placeholders(addresses)})`, addresses);
    for (const address of addresses) {
      const row = await subject.sql.get<{ opted_out: number; how: string | null; updated_at: number }>(`SELECT * FROM email_opt_outs WHERE address = ?`, [address]);
      if (!row) continue;
      await subject.sql.run(`DELETE FROM email_opt_outs WHERE address = ?`, [address]);
      if (Number(row.opted_out) !== 1) continue;
      await subject.sql.run(`INSERT INTO email_opt_outs (address, opted_out, how, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT (address) DO NOTHING`, [
        subject.keyedHash(address),
        row.how,
        row.updated_at,
      ]);
    }
  },
};

/** The subject's mailboxes: their e-mail channel addresses, proven or not (`unverified:` dropped). */
function mailboxes(subject: CustomerSubject): string[] {
  return [...new Set(addressesOn(subject, 'email').map(mailboxOf))];
}
