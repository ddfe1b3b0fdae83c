import { addressesOn, columnIn, rowsAbout } from '../../core/customer-data';
import type { Migration, SqlDriver } from '../../core/storage/sql';

/** How long after a customer's last message free-form messages may be sent (WhatsApp policy). */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The window table: the last time each customer wrote to each business number. */
export const windowMigrations: Migration[] = [
  {
    id: 'channels/whatsapp-001-window',
    sql: `CREATE TABLE whatsapp_windows (
  address TEXT PRIMARY KEY,
  last_inbound_at BIGINT NOT NULL
)`,
  },
];

/**
 * The 24-hour customer-service window per customer: it opens (again) with each message the
 * customer sends. Outside it WhatsApp accepts only approved templates, so the adapter checks it
 * before a free-form send instead of letting Meta refuse it (error 131047).
 */
export class ServiceWindow {
  constructor(
    private readonly sql: SqlDriver,
    private readonly lengthMs = SERVICE_WINDOW_MS,
  ) {}

  /** Records a message from the customer at `at` (never moves the window back). */
  async touch(address: string, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO whatsapp_windows (address, last_inbound_at) VALUES (?, ?)
       ON CONFLICT (address) DO UPDATE SET last_inbound_at = CASE WHEN excluded.last_inbound_at > whatsapp_windows.last_inbound_at
         THEN excluded.last_inbound_at ELSE whatsapp_windows.last_inbound_at END`,
      [address, at],
    );
  }

  /** When the customer last wrote, if ever. */
  async lastInbound(address: string): Promise<number | undefined> {
    const row = await this.sql.get<{ last_inbound_at: number }>(`SELECT last_inbound_at FROM whatsapp_windows WHERE address = ?`, [address]);
    return row ? Number(row.last_inbound_at) : undefined;
  }

  /** Whether a free-form message may be sent to `address` now. */
  async isOpen(address: string, now = Date.now()): Promise<boolean> {
    const last = await this.lastInbound(address);
    return last !== undefined && now - last < this.lengthMs;
  }
}

/** The window table names the customer's WhatsApp numbers: erased with them. */
export const windowCustomerData = rowsAbout('channels.whatsapp.window', [['whatsapp_windows', columnIn('address', (s) => addressesOn(s, 'whatsapp'))]]);
