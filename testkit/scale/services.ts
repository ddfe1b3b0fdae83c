import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';

/** The shared services the scale-out tests need (CI starts them: `.ci/run`). */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Throws — never skips — when PostgreSQL or Redis is unreachable, saying how to start them.
 */
export async function requireServices(): Promise<void> {
  const pg = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL} (${(err as Error).message}); start it (.ci/run does) or set TEST_DATABASE_URL`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${REDIS_URL} (${(err as Error).message}); start it (.ci/run does) or set TEST_REDIS_URL`);
  } finally {
    redis.disconnect();
  }
}

/** A unique name for this run's schema or key prefix. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A PostgreSQL URL whose tables live in a fresh schema of their own. */
export function schemaUrl(schema: string, base = PG_URL): string {
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Drops the given schemas (test clean-up). */
export async function dropSchemas(schemas: string[], base = PG_URL): Promise<void> {
  if (!schemas.length) return;
  const pg = new Client({ connectionString: base });
  await pg.connect();
  try {
    for (const s of schemas) await pg.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await pg.end();
  }
}

/** Deletes every Redis key under a prefix (test clean-up). */
export async function dropRedisPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
