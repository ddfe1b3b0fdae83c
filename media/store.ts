import { randomBytes } from 'node:crypto';
import { movesCustomerRows, type CustomerData, type CustomerSubject } from '../core/customer-data';
import type { Attachment, Message } from '../core/message';
import { mediaIdOf, mediaUrl } from '../core/photos';
import type { MediaStore, StoredMedia } from '../core/services';
import { placeholders, type Migration, type Row, type SqlDriver } from '../core/storage/sql';
import { mediaFilesFor, type MediaFiles } from './files';
import { checkImage, stripImage } from './images';

/** The media table, the same on both databases but for the type of the bytes column. */
function mediaTable(bytes: 'BLOB' | 'BYTEA'): string {
  return `
CREATE TABLE media (
  id TEXT PRIMARY KEY,
  conversation_id TEXT,
  customer_id TEXT,
  message_id TEXT,
  idx INTEGER,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  created_at BIGINT NOT NULL,
  bytes ${bytes}
);
CREATE INDEX media_message ON media (message_id, idx);
CREATE INDEX media_conversation ON media (conversation_id);
CREATE INDEX media_customer ON media (customer_id);
CREATE INDEX media_created ON media (created_at);`;
}

/**
 * The `media` table: one row per stored file, its bytes in `bytes` (PostgreSQL, in-memory
 * SQLite) or in a file beside the SQLite database (`bytes` NULL). Owner columns are NULL while a
 * file waits for the message that carries it (saved before intake, bound after).
 */
export const mediaMigrations: Migration[] = [
  {
    id: 'media-001-media',
    sql: { sqlite: mediaTable('BLOB'), postgres: mediaTable('BYTEA') },
  },
];

interface MediaRow {
  id: string;
  conversation_id: string | null;
  customer_id: string | null;
  message_id: string | null;
  idx: number | null;
  mime_type: string;
  size: number;
  width: number | null;
  height: number | null;
  created_at: number | string;
}

const COLUMNS = 'id, conversation_id, customer_id, message_id, idx, mime_type, size, width, height, created_at';

/** The `MediaStore` over the `media` table, with bytes in the database or in `files`. */
export class SqlMediaStore implements MediaStore {
  /** Where bytes go as files (beside an SQLite file); undefined keeps them in the database. */
  private readonly files: MediaFiles | undefined;

  constructor(
    private readonly sql: SqlDriver,
    private readonly options: { maxBytes?: number; now?: () => number } = {},
  ) {
    this.files = mediaFilesFor(sql);
  }

  /** `files` (beside the SQLite database) or `database` (the `bytes` column). */
  get storage(): 'files' | 'database' {
    return this.files ? 'files' : 'database';
  }

  async check(bytes: Uint8Array): Promise<void> {
    await checkImage(bytes, this.options.maxBytes);
  }

  async save(conversationId: string | undefined, bytes: Uint8Array, _mimeType?: string): Promise<Attachment> {
    const image = await stripImage(bytes, this.options.maxBytes);
    const id = `med_${randomBytes(16).toString('base64url')}`;
    await this.files?.put(id, image.bytes);
    const blob = this.files ? null : Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
    await this.sql.run(`INSERT INTO media (id, conversation_id, mime_type, size, width, height, created_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      id,
      conversationId ?? null,
      image.mimeType,
      image.bytes.byteLength,
      image.width,
      image.height,
      this.now(),
      blob,
    ]);
    return { type: 'image', url: mediaUrl(id), mimeType: image.mimeType, size: image.bytes.byteLength };
  }

  async bind(message: Message): Promise<void> {
    for (const [index, attachment] of (message.attachments ?? []).entries()) {
      const id = mediaIdOf(attachment);
      if (!id) continue;
      await this.sql.run(`UPDATE media SET conversation_id = ?, customer_id = ?, message_id = ?, idx = ? WHERE id = ? AND (message_id IS NULL OR message_id = ?)`, [
        message.conversationId,
        message.customerId,
        message.id,
        index,
        id,
        message.id,
      ]);
    }
  }

  /** Records a provider file's stored copy as attachment `index` of `message` (fetched during the turn). */
  async bindCopy(id: string, message: Message, index: number): Promise<void> {
    await this.sql.run(`UPDATE media SET conversation_id = ?, customer_id = ?, message_id = ?, idx = ? WHERE id = ?`, [message.conversationId, message.customerId, message.id, index, id]);
  }

  async discard(attachments: Attachment[]): Promise<void> {
    const ids = attachments.map(mediaIdOf).filter((id): id is string => id !== undefined);
    if (!ids.length) return;
    await this.sql.run(`DELETE FROM media WHERE id IN (${placeholders(ids)}) AND message_id IS NULL`, ids);
    await this.files?.remove(ids);
  }

  async get(id: string): Promise<StoredMedia | undefined> {
    const row = await this.sql.get<MediaRow>(`SELECT ${COLUMNS} FROM media WHERE id = ?`, [id]);
    return row ? toStored(row) : undefined;
  }

  async open(id: string): Promise<{ media: StoredMedia; bytes: Uint8Array } | undefined> {
    const media = await this.get(id);
    const bytes = media && (await this.bytesOf(this.sql, id));
    return media && bytes ? { media, bytes } : undefined;
  }

  async ofMessage(messageId: string, index: number): Promise<StoredMedia | undefined> {
    const row = await this.sql.get<MediaRow>(`SELECT ${COLUMNS} FROM media WHERE message_id = ? AND idx = ?`, [messageId, index]);
    return row ? toStored(row) : undefined;
  }

  /**
   * Deletes files stored before `cutoff` (ms since the epoch), oldest first, at most `limit` per
   * call; returns how many went. Files never bound to a conversation (saved for a message that
   * was then never stored) go after a day whatever the cutoff.
   */
  async deleteOlderThan(cutoff: number, limit = 500): Promise<number> {
    const orphanCutoff = this.now() - 24 * 3600_000;
    const rows = await this.sql.all<{ id: string }>(`SELECT id FROM media WHERE created_at < ? OR (conversation_id IS NULL AND created_at < ?) ORDER BY created_at LIMIT ?`, [cutoff, orphanCutoff, limit]);
    const ids = rows.map((r) => r.id);
    if (!ids.length) return 0;
    await this.sql.run(`DELETE FROM media WHERE id IN (${placeholders(ids)})`, ids);
    await this.files?.remove(ids);
    return ids.length;
  }

  private bytesOf(sql: SqlDriver, id: string): Promise<Uint8Array | undefined> {
    return bytesOf(sql, this.files, id);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** The bytes of stored file `id`: its file, or its row's `bytes`. */
async function bytesOf(sql: SqlDriver, files: MediaFiles | undefined, id: string): Promise<Uint8Array | undefined> {
  if (files) return files.get(id);
  const row = await sql.get<{ bytes: Uint8Array | null }>(`SELECT bytes FROM media WHERE id = ?`, [id]);
  return row?.bytes ? new Uint8Array(row.bytes) : undefined;
}

/**
 * What the media store keeps about a customer: the rows of their conversations' photos, each
 * exported with its bytes (base64, so the export holds the photos themselves), erased with its
 * file, and the remaining customer's after a merge. Works on the subject's own database (the CLI
 * runs it without a running app).
 */
export const mediaCustomerData: CustomerData = {
  name: 'media',
  tables: ['media'],
  export: async (subject) => ({ media: await exportRows(subject) }),
  erase: async (subject) => {
    const { where, params } = aboutSubject(subject);
    if (!params.length) return;
    const ids = (await subject.sql.all<{ id: string }>(`SELECT id FROM media WHERE ${where}`, params)).map((r) => r.id);
    await subject.sql.run(`DELETE FROM media WHERE ${where}`, params);
    await mediaFilesFor(subject.sql)?.remove(ids);
  },
  merge: movesCustomerRows([['media', ['id']]]),
};

async function exportRows(subject: CustomerSubject): Promise<Row[]> {
  const { where, params } = aboutSubject(subject);
  if (!params.length) return [];
  const files = mediaFilesFor(subject.sql);
  const rows = await subject.sql.all<MediaRow>(`SELECT ${COLUMNS} FROM media WHERE ${where} ORDER BY created_at`, params);
  const out = [];
  for (const row of rows) {
    const bytes = await bytesOf(subject.sql, files, row.id);
    out.push({ ...row, data: bytes ? Buffer.from(bytes).toString('base64') : null });
  }
  return out;
}

/** The subject's files: of their customers or their conversations (a file bound during a merge may carry either). */
function aboutSubject(subject: CustomerSubject): { where: string; params: string[] } {
  const customers = subject.customerIds;
  const conversations = subject.conversationIds;
  const params = [...customers, ...conversations];
  return { where: `customer_id IN (${placeholders(customers)}) OR conversation_id IN (${placeholders(conversations)})`, params };
}

function toStored(row: MediaRow): StoredMedia {
  const media: StoredMedia = { id: row.id, mimeType: row.mime_type, size: Number(row.size), createdAt: Number(row.created_at) };
  if (row.width !== null) media.width = Number(row.width);
  if (row.height !== null) media.height = Number(row.height);
  if (row.conversation_id) media.conversationId = row.conversation_id;
  if (row.customer_id) media.customerId = row.customer_id;
  if (row.message_id) media.messageId = row.message_id;
  if (row.idx !== null) media.index = Number(row.idx);
  return media;
}
