import type { Migration, SqlDriver } from '../../core/storage/sql';

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
    await this.sql.run(
      `INSERT INTO channel_consent (channel, address, opted_out, keyword, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel, address) DO UPDATE SET opted_out = excluded.opted_out, keyword = excluded.keyword, updated_at = excluded.updated_at`,
      [channel, address, optedOut ? 1 : 0, keyword ?? null, now],
    );
  }

  /** True when `address` has opted out on `channel` and not back in. */
  async isOptedOut(channel: string, address: string): Promise<boolean> {
    const row = await this.sql.get<{ opted_out: number }>(`SELECT opted_out FROM channel_consent WHERE channel = ? AND address = ?`, [
      channel,
      address,
    ]);
    return Number(row?.opted_out ?? 0) === 1;
  }
}
