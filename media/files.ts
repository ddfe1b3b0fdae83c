import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDriver } from '../core/storage/sql';

/**
 * Photo bytes as files in a folder of their own beside the SQLite database
 * (`.data/<bot>.db-media/<id>`): the database stays small and quick to checkpoint and back up, and
 * a deleted photo is a deleted file. The rows of the `media` table describe them.
 */
export class MediaFiles {
  constructor(readonly dir: string) {}

  async put(id: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Written before its row: a crash in between leaves a file no row names, which no request
    // can reach (ids are random); it costs disk space only.
    await writeFile(this.path(id), bytes, { mode: 0o600 });
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(id)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) await rm(this.path(id), { force: true });
  }

  private path(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Not a media id: ${id.slice(0, 40)}`);
    return join(this.dir, id);
  }
}

/**
 * Where photos of the database `sql` go: files beside an SQLite database file (`<file>-media/`),
 * else (PostgreSQL, in-memory SQLite) the `media.bytes` column — instances of a scale-out
 * deployment share no disk, and the database is what they share.
 */
export function mediaFilesFor(sql: SqlDriver): MediaFiles | undefined {
  return sql.file ? new MediaFiles(`${sql.file}-media`) : undefined;
}
