import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readConfig } from './load-bot';
import { ConfigError } from '../core/errors';
import type { Migration, SqlDriver } from '../core/storage/sql';
import { SqlStore } from '../core/storage/sql-store';
import { SqliteDriver } from '../core/storage/sqlite';
import type { PostgresDriver } from '../core/storage/postgres';
import type { Logger } from '../core/logger';

/**
 * Opens the store `DATABASE_URL` names: `sqlite:<path>` (or a bare path), `:memory:`, or — in
 * scale-out mode — `postgres://…` (`?schema=name` puts the tables in a schema of their own).
 * Without one, an embedded SQLite file under `DATA_DIR` (default `./.data`) named after the bot.
 */
export async function openStore(options: { url?: string; dataDir?: string; botName: string; migrations?: Migration[]; logger?: Logger }): Promise<SqlStore> {
  const driver = await openDriver(options);
  const storeOptions = { migrations: options.migrations, logger: options.logger };
  if (isPostgres(driver)) {
    // Instances starting together migrate one at a time.
    await driver.ensureSchema();
    return driver.withAdvisoryLock('migrate', () => SqlStore.open(driver, storeOptions));
  }
  return SqlStore.open(driver, storeOptions);
}

/** The SQL driver for a database URL (see `openStore`). */
export async function openDriver(options: { url?: string; dataDir?: string; botName: string }): Promise<SqlDriver> {
  const url = options.url?.trim();
  if (!url) {
    const file = `${options.botName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.db`;
    return new SqliteDriver(join(resolve(options.dataDir ?? '.data'), file));
  }
  if (url === ':memory:') return new SqliteDriver(':memory:');
  if (url.startsWith('sqlite:')) return new SqliteDriver(resolve(url.slice('sqlite:'.length).replace(/^\/\//, '')));
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Loaded only for PostgreSQL (scale-out): the embedded SQLite store does not need pg.
    const { PostgresDriver } = require('../core/storage/postgres') as typeof import('../core/storage/postgres');
    try {
      return new PostgresDriver(url, { max: Number(process.env.PG_POOL_MAX) || undefined, prepare: process.env.PG_PREPARE !== 'off' });
    } catch (err) {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL: ${(err as Error).message}`);
    }
  }
  if (!url.includes('://')) return new SqliteDriver(resolve(url));
  throw new ConfigError(`DATABASE_URL "${url}" is not understood: use postgres://…, sqlite:<path> or a file path`);
}

/** Whether `openDriver` opened PostgreSQL: told by the dialect, since `instanceof` would load pg. */
function isPostgres(driver: SqlDriver): driver is PostgresDriver {
  return driver.dialect === 'postgres';
}

/**
 * The store a bot folder's app uses (`DATABASE_URL`, else `.data/<bot>.db` under `DATA_DIR`), for
 * commands that work on a bot's data without serving it (privacy requests, staffing…).
 */
export async function openBotStore(botDir: string, options: { migrations?: Migration[] } = {}): Promise<SqlStore> {
  const dir = resolve(botDir);
  const config = join(dir, 'bot.yaml');
  const botName = existsSync(config) ? readConfig(config).name : basename(dir);
  return openStore({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR, botName, migrations: options.migrations });
}
