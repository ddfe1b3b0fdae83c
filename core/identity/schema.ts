import type { Migration } from '../storage/sql';

/**
 * The table holding the instance's privacy key, generated once and shared by every instance
 * (`privacy-key.ts`). Core's, as the channels key their erasure-proof hashes with it too; they
 * list this migration with theirs (it runs once, whoever lists it first).
 */
export const privacyKeyMigrations: Migration[] = [
  {
    id: 'core/identity-privacy-key',
    sql: `CREATE TABLE privacy_keys (name TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at BIGINT NOT NULL)`,
  },
];
