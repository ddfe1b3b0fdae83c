import { createHmac, randomBytes } from 'node:crypto';
import type { SqlDriver } from '../storage/sql';

const keys = new WeakMap<SqlDriver, Promise<Buffer>>();

/**
 * The instance's privacy key: random, created on first use and stored once (an INSERT that loses
 * a race keeps the winner's), so instances sharing a database hash alike. It keys the hashes that
 * let an erased number stay suppressed without the number being kept in clear.
 */
export function privacyKey(sql: SqlDriver): Promise<Buffer> {
  let key = keys.get(sql);
  if (!key) {
    key = loadOrCreate(sql);
    keys.set(sql, key);
    key.catch(() => keys.delete(sql));
  }
  return key;
}

async function loadOrCreate(sql: SqlDriver): Promise<Buffer> {
  await sql.run(`INSERT INTO privacy_keys (name, secret, created_at) VALUES ('erasure', ?, ?) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(32).toString('base64'),
    Date.now(),
  ]);
  const row = await sql.get<{ secret: string }>(`SELECT secret FROM privacy_keys WHERE name = 'erasure'`);
  if (!row) throw new Error('The privacy key could not be stored');
  return Buffer.from(row.secret, 'base64');
}

/** The keyed hash of `value` under `key`, marked so it can never equal a value in clear. */
export function keyedHash(key: Buffer, value: string): string {
  return `hmac:${createHmac('sha256', key).update(value).digest('hex')}`;
}
