import type { CustomerData } from '../../core/customer-data';
import { keyedHash, privacyKey } from '../../core/identity/privacy-key';
import type { Migration, Row, SqlDriver } from '../../core/storage/sql';

/** The consent table: one row per (channel, address) that has opted out or back in. */
export const consentMigrations: Migration[] = [
  {
    id: 'channels/sms-001-consent',
    sql: `CREATE TABLE channel_consent (
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  opted_out INTEGER NOT NULL,
  keyword TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (channel, address)
)`,
  },
];

/**
 * Who has opted out of messages on a channel. Kept in its own table (not in conversation state)
 * because consent belongs to the number, outlives conversations, and must be checked for every
 * outbound message — agents' and proactive ones included.
 */
export class ConsentBook {
  constructor(private readonly sql: SqlDriver) {}

  /** Records that `address` opted out (`optedOut`) or back in, and by which keyword. */
  async set(channel: string, address: string, optedOut: boolean, keyword?: string, now = Date.now()): Promise<void> {
    const hashed = keyedHash(await privacyKey(this.sql), address);
    await this.sql.transaction(async (tx) => {
      // The number writes again after its customer was erased: its row is in clear again.
      await tx.run(`DELETE FROM channel_consent WHERE channel = ? AND address = ?`, [channel, hashed]);
      await tx.run(
        `INSERT INTO channel_consent (channel, address, opted_out, keyword, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, address) DO UPDATE SET opted_out = excluded.opted_out, keyword = excluded.keyword, updated_at = excluded.updated_at`,
        [channel, address, optedOut ? 1 : 0, keyword ?? null, now],
      );
    });
  }

  /** True when `address` has opted out on `channel` and not back in (also after its customer was erased). */
  async isOptedOut(channel: string, address: string): Promise<boolean> {
    const hashed = keyedHash(await privacyKey(this.sql), address);
    const row = await this.sql.get<{ opted_out: number }>(`SELECT MAX(opted_out) AS opted_out FROM channel_consent WHERE channel = ? AND address IN (?, ?)`, [
      channel,
      address,
      hashed,
    ]);
    return Number(row?.opted_out ?? 0) === 1;
  }
}

/**
 * Consent names the customer's numbers. Erasure removes every row in clear; an opt-out is kept as
 * a keyed hash of the number, so a number that sent STOP stays suppressed without being stored.
 */
export const consentCustomerData: CustomerData = {
  name: 'channels.consent',
  tables: ['channel_consent'],
  async export(subject) {
    const rows: Row[] = [];
    for (const { channel, address } of subject.addresses) {
      rows.push(...(await subject.sql.all(`SELECT * FROM channel_consent WHERE channel = ? AND address = ?`, [channel, address])));
    }
    return { channel_consent: rows };
  },
  async erase(subject) {
    for (const { channel, address } of subject.addresses) {
      const row = await subject.sql.get<{ opted_out: number; keyword: string | null; updated_at: number }>(
        `SELECT opted_out, keyword, updated_at FROM channel_consent WHERE channel = ? AND address = ?`,
        [channel, address],
      );
      if (!row) continue;
      await subject.sql.run(`DELETE FROM channel_consent WHERE channel = ? AND address = ?`, [channel, address]);
      if (Number(row.opted_out) !== 1) continue;
      await subject.sql.run(
        `INSERT INTO channel_consent (channel, address, opted_out, keyword, updated_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT (channel, address) DO NOTHING`,
        [channel, subject.keyedHash(address), row.keyword, row.updated_at],
      );
    }
  },
};
