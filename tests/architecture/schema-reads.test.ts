import { join } from 'node:path';
import { moduleOf, SOURCE_FOLDERS } from '../../scripts/architecture/counts';
import { readSources } from '../../scripts/architecture/sources';

/**
 * The database is no longer how modules find each other (issue #17): production code learns which
 * tables exist from the modules the app composes (their migrations, their customer-data
 * declarations), never from the schema. Only core's storage, which runs the migrations, may read
 * the catalog; tests may too.
 */
const ROOT = join(__dirname, '..', '..');
const CATALOG = /\b(sqlite_master|sqlite_schema|information_schema|pragma_table_info|pragma_table_xinfo|table_info)\b/i;

/** Each `path:line` outside core/storage whose code names a catalog table or pragma. */
function schemaReads(files: Array<{ path: string; text: string }>): string[] {
  return files
    .filter((f) => moduleOf(f.path) !== 'core/storage')
    .flatMap((f) => f.text.split('\n').flatMap((line, i) => (CATALOG.test(line) ? [`${f.path}:${i + 1}`] : [])));
}

test('no production code outside core/storage reads the schema', () => {
  expect(schemaReads(readSources(ROOT, [...SOURCE_FOLDERS, 'testkit', 'bench']))).toEqual([]);
});

test('the check finds each way of reading the schema, and allows core/storage', () => {
  const found = schemaReads([
    { path: 'identity/privacy.ts', text: "const a = 1;\nsql.all(`SELECT name FROM sqlite_master WHERE type = 'table'`)" },
    { path: 'cli/commands/x.ts', text: 'sql.all(`SELECT table_name FROM information_schema.tables`)' },
    { path: 'analytics/y.ts', text: 'sql.all(`SELECT name FROM pragma_table_info(?)`, [t])' },
    { path: 'journeys/z.ts', text: 'sql.exec(`PRAGMA table_info(journey_events)`)' },
    { path: 'core/storage/migrate.ts', text: 'sql.all(`SELECT name FROM sqlite_master`)' },
    { path: 'handoff/ok.ts', text: 'sql.all(`SELECT * FROM handoffs`)' },
  ]);
  expect(found).toEqual(['identity/privacy.ts:2', 'cli/commands/x.ts:1', 'analytics/y.ts:1', 'journeys/z.ts:1']);
});
