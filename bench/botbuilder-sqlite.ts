/**
 * botbuilder persisting to SQLite, for the `persisted` shape of `bench/botbuilder.ts`: a
 * `TranscriptLogger` (what `TranscriptLoggerMiddleware` writes every incoming and outgoing
 * activity to) and a `Storage` for `ConversationState`, both on one SQLite file with the settings
 * our store uses (WAL, `synchronous=NORMAL`). Written the way a botbuilder user would write them:
 * each call is its own transaction (botbuilder has no group commit), and state writes honour eTags
 * as `MemoryStorage` does.
 */
import Database from 'better-sqlite3';
import type { Activity, Storage, StoreItems, TranscriptLogger } from 'botbuilder';

export class SqliteBotbuilderStore implements Storage, TranscriptLogger {
  private readonly db: Database.Database;
  private readonly insertActivity: Database.Statement;
  private readonly readItem: Database.Statement;
  private readonly upsertItem: Database.Statement;
  private readonly deleteItem: Database.Statement;
  private etag = 0;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS transcript (seq INTEGER PRIMARY KEY, channel_id TEXT, conversation_id TEXT, activity_id TEXT, timestamp TEXT, activity TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS transcript_conversation ON transcript (channel_id, conversation_id, timestamp);
      CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL);`);
    this.insertActivity = this.db.prepare(`INSERT INTO transcript (channel_id, conversation_id, activity_id, timestamp, activity) VALUES (?, ?, ?, ?, ?)`);
    this.readItem = this.db.prepare(`SELECT value, etag FROM state WHERE key = ?`);
    this.upsertItem = this.db.prepare(`INSERT INTO state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag`);
    this.deleteItem = this.db.prepare(`DELETE FROM state WHERE key = ?`);
  }

  logActivity(activity: Activity): void {
    const timestamp = activity.timestamp ? new Date(activity.timestamp).toISOString() : null;
    this.insertActivity.run(activity.channelId, activity.conversation?.id, activity.id ?? null, timestamp, JSON.stringify(activity));
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.readItem.get(key) as { value: string; etag: string } | undefined;
      if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const stored = this.readItem.get(key) as { etag: string } | undefined;
        const expected = (item as { eTag?: string }).eTag;
        if (stored && expected && expected !== '*' && expected !== stored.etag) throw new Error(`Storage: eTag conflict writing ${key}`);
        this.upsertItem.run(key, JSON.stringify({ ...item, eTag: undefined }), String(++this.etag));
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.deleteItem.run(key);
  }

  /** Rows written, for the run's report: every activity in the transcript, every state item. */
  counts(): { transcript: number; state: number } {
    const count = (table: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { transcript: count('transcript'), state: count('state') };
  }

  close(): void {
    this.db.close();
  }
}
