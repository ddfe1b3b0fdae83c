import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeliveryCrash, type DeliveryCrashReport } from '../../testkit/scale/delivery-crash';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

/**
 * Issue #16: `kill -9` while SMS replies were in flight made customers receive replies twice (96 of
 * ~1,000 on SQLite with 3 kills, 12 on PostgreSQL with 4). Each attempt is now recorded before
 * Twilio is called; after a crash the reply is looked up in Twilio's message list instead of being
 * sent again. Small runs here; `npm run bench:delivery` runs the big ones and prints the figures.
 */
const dir = mkdtempSync(join(tmpdir(), 'sb-delivery-crash-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(schemas);
});

const small = { kills: 2, numbers: 5, perNumber: 16, latencyMs: 300 };

function expectKept(report: DeliveryCrashReport): void {
  expect(report.inFlightAtKill.every((n) => n > 0)).toBe(true); // each kill did fall mid-send
  expect(report.problems).toEqual([]);
  expect(report.lost).toEqual([]);
  expect(report.replies).toBe(small.numbers * small.perNumber);
}

test('SQLite, with the Twilio lookup: no reply is received twice after kill -9 mid-send', async () => {
  const report = await runDeliveryCrash({ ...small, databaseUrl: `sqlite:${join(dir, 'lookup.db')}`, lookup: true });
  console.log('delivery crash (SQLite, lookup)', JSON.stringify(report));
  expectKept(report);
  expect(report.duplicatesPerKill).toEqual([0, 0]);
  expect(report.recoveredByLookup).toBeGreaterThan(0); // the in-flight sends were found, not resent
  expect(report.markedPossibleDuplicate).toBe(0);
}, 240_000);

test('PostgreSQL, with the Twilio lookup: no reply is received twice after kill -9 mid-send', async () => {
  await requireServices();
  const schema = uniqueName('sbdc');
  schemas.push(schema);
  const report = await runDeliveryCrash({ ...small, databaseUrl: schemaUrl(schema), schema, lookup: true });
  console.log('delivery crash (PostgreSQL, lookup)', JSON.stringify(report));
  expectKept(report);
  expect(report.duplicatesPerKill).toEqual([0, 0]);
  expect(report.recoveredByLookup).toBeGreaterThan(0);
}, 240_000);

test('SQLite, lookup off (a channel without one): a reply resent after a kill carries the possibleDuplicate mark', async () => {
  const report = await runDeliveryCrash({ ...small, databaseUrl: `sqlite:${join(dir, 'marked.db')}`, lookup: false });
  console.log('delivery crash (SQLite, no lookup)', JSON.stringify(report));
  expectKept(report);
  expect(report.unmarkedDuplicates).toEqual([]);
  expect(report.markedPossibleDuplicate).toBeGreaterThan(0); // the sends in flight at the kills
  // Every reply that arrived twice (or three times, when resent after both kills) carries the mark.
  expect(report.markedPossibleDuplicate).toBeGreaterThanOrEqual(report.duplicatedReplies);
}, 240_000);
