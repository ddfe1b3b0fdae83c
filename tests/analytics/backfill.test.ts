import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfill, backfillMigrations } from '../../analytics/backfill';
import { readModelMigrations, writeHandoff } from '../../analytics/read-model';
import { MemoryBus } from '../../core/bus';
import { createLogger, silentLogger, type Logger } from '../../core/logger';
import { migrate, type SqlDriver } from '../../core/storage/sql';
import { TestChannel } from '../../core/testing/harness';
import { HandoffRepository } from '../../handoff/repository';
import { handoffMigrations } from '../../handoff/schema';
import { knowledgeMigrations } from '../../knowledge/articles/store';
import { Insights } from '../../knowledge/insights';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { openStore } from '../../server/store';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../../testkit/scale/services';
import { eventually } from '../scale/helpers';
import { onBothDatabases } from '../support/databases';
import { seed } from './seed';

/**
 * Analytics' read model on a database that had handoffs and questions before analytics was
 * loaded: the history is copied through the owners' typed histories (`HandoffHistory`,
 * `QuestionHistory`) when the module starts, exactly once per database, on SQLite and PostgreSQL.
 */
const BOT = join(__dirname, 'bot');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const count = async (sql: SqlDriver, table: string) => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n);
const pending = async (sql: SqlDriver) => (await sql.all<{ source: string }>(`SELECT source FROM analytics_backfills WHERE done_at IS NULL ORDER BY source`)).map((r) => r.source);
const doneAt = (sql: SqlDriver) => sql.all(`SELECT source, copied, done_at FROM analytics_backfills ORDER BY source`);

/** Every module's tables but analytics': a database from before analytics was loaded. */
const withoutAnalytics = () => defaultModules().flatMap((m) => m.migrations ?? []).filter((m) => !m.id.startsWith('analytics/'));

describe.each([
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-backfill-'));
    dirs.push(dir);
    return { url: join(dir, 'shop.db'), drop: async () => undefined };
  }],
  ['PostgreSQL', async () => {
    await requireServices();
    const schema = uniqueName('sbf');
    return { url: schemaUrl(schema), drop: () => dropSchemas([schema]) };
  }],
])('backfill on start: %s', (_name, database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('handoffs and questions written before analytics existed are copied when it starts, exactly once', async () => {
    const { url, drop } = await database();
    try {
      const old = await openStore({ url, botName: 'shop', migrations: withoutAnalytics() });
      await seed({ store: old, engine: { bus: new MemoryBus() } }, { publish: false });
      await old.close();

      const start = () => createApp({ botDir: BOT, databaseUrl: url, env: {}, logger: silentLogger(), channels: [new TestChannel('web')] });
      app = await start();
      expect(await eventually(async () => (await pending(app!.store.sql)).length === 0, 20_000)).toBe(true);
      expect(await count(app.store.sql, 'analytics_handoffs')).toBe(3);
      expect(await count(app.store.sql, 'analytics_questions')).toBe(4);
      expect(await app.store.sql.all(`SELECT id, status, csat FROM analytics_handoffs ORDER BY id`)).toEqual(
        await app.store.sql.all(`SELECT id, status, csat FROM handoffs ORDER BY id`),
      );
      const first = await doneAt(app.store.sql);
      expect(first).toEqual([expect.objectContaining({ source: 'handoffs', copied: 3 }), expect.objectContaining({ source: 'questions', copied: 4 })]);

      // A row the read model lost is not copied again at the next start: the backfill ran once.
      await app.store.sql.run(`DELETE FROM analytics_handoffs WHERE id = 'h-c2'`);
      await app.close();
      app = await start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await doneAt(app.store.sql)).toEqual(first);
      expect(await count(app.store.sql, 'analytics_handoffs')).toBe(2);
    } finally {
      await app?.close();
      app = undefined;
      await drop();
    }
  }, 60_000);
});

onBothDatabases('backfill', [...handoffMigrations, ...knowledgeMigrations, ...readModelMigrations, ...backfillMigrations], (open) => {
  const lines: Array<{ msg: string; copied?: number; source?: string }> = [];
  const logger: Logger = createLogger({ pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  beforeEach(() => lines.splice(0));

  test('pages through the owners’ histories, logs progress, keeps what events wrote, and waits for an owner not loaded', async () => {
    const store = await open();
    try {
      await seed({ store, engine: { bus: new MemoryBus() } }, { publish: false });
      const repo = new HandoffRepository(store.sql, () => store.now());
      const insights = new Insights(store.sql);
      // An event arrived before the backfill: the handoff as it is now, rated 5 since the page was read.
      const rated = { ...(await repo.get('h-c4'))!, csat: 5 };
      await writeHandoff(store.sql, rated, 'replace');

      // Knowledge is not loaded: its history waits.
      const handoffs = { page: (after: string | undefined, limit: number) => repo.historyPage(after, limit) };
      expect(await backfill(store.sql, { handoffs }, logger, { pageSize: 2, logEvery: 2 })).toEqual({ handoffs: 3 });
      expect(await pending(store.sql)).toEqual(['questions']);
      expect(await store.sql.get(`SELECT csat FROM analytics_handoffs WHERE id = 'h-c4'`)).toEqual({ csat: 5 });
      expect(await count(store.sql, 'analytics_handoffs')).toBe(3);
      expect(lines.filter((l) => l.msg === 'analytics: copying history').map((l) => l.copied)).toEqual([2]);
      expect(lines.some((l) => l.source === 'questions' && /not loaded/.test(l.msg))).toBe(true);

      // Once knowledge is there, its questions are copied; handoffs are not asked again.
      const asked: Array<string | undefined> = [];
      const questions = { page: (after: string | undefined, limit: number) => (asked.push(after), insights.questionsPage(after, limit)) };
      const explode = { page: async () => Promise.reject(new Error('handoffs asked twice')) };
      expect(await backfill(store.sql, { handoffs: explode, questions }, logger, { pageSize: 3 })).toEqual({ questions: 4 });
      expect(asked).toEqual([undefined, 'q3']);
      expect(await pending(store.sql)).toEqual([]);
      expect(await store.sql.all(`SELECT id, conversation_id, text, status, from_default, asked_at FROM analytics_questions ORDER BY id`)).toEqual(
        await store.sql.all(`SELECT id, conversation_id, text, status, from_default, created_at AS asked_at FROM kb_questions ORDER BY id`),
      );
    } finally {
      await store.close();
    }
  });

  test('a copy stopped part-way resumes after the last page written', async () => {
    const store = await open();
    try {
      await seed({ store, engine: { bus: new MemoryBus() } }, { publish: false });
      const repo = new HandoffRepository(store.sql, () => store.now());
      const stop = new AbortController();
      const handoffs = {
        page: async (after: string | undefined, limit: number) => {
          const page = await repo.historyPage(after, limit);
          if (after) stop.abort(); // the app stops after the second page is read
          return page;
        },
      };
      expect(await backfill(store.sql, { handoffs }, logger, { pageSize: 1, signal: stop.signal })).toEqual({ handoffs: 2 });
      expect(await store.sql.get(`SELECT after_id, copied, done_at FROM analytics_backfills WHERE source = 'handoffs'`)).toEqual({ after_id: 'h-c4', copied: 2, done_at: null });
      const asked: Array<string | undefined> = [];
      const resumed = { page: (after: string | undefined, limit: number) => (asked.push(after), repo.historyPage(after, limit)) };
      expect(await backfill(store.sql, { handoffs: resumed }, logger, { pageSize: 1 })).toEqual({ handoffs: 1 });
      expect(asked).toEqual(['h-c4', 'h-c6']);
      expect(await count(store.sql, 'analytics_handoffs')).toBe(3);
      expect(await store.sql.get(`SELECT copied FROM analytics_backfills WHERE source = 'handoffs'`)).toEqual({ copied: 3 });
    } finally {
      await store.close();
    }
  });

  test('two instances starting together: each history is copied by one of them, each page once', async () => {
    const store = await open();
    try {
      await seed({ store, engine: { bus: new MemoryBus() } }, { publish: false });
      const repo = new HandoffRepository(store.sql, () => store.now());
      const insights = new Insights(store.sql);
      // Pages wait until both instances have asked for one (or one has finished), so the copies
      // overlap: without a claim both would copy the same history.
      let release!: () => void;
      const overlap = new Promise<void>((resolve) => (release = resolve));
      const askers = new Set<string>();
      const asked: Array<{ instance: string; source: string; after?: string }> = [];
      const paged =
        <T>(instance: string, source: string, read: (after: string | undefined, limit: number) => Promise<T[]>) =>
        async (after: string | undefined, limit: number) => {
          asked.push({ instance, source, after });
          askers.add(instance);
          if (askers.size === 2) release();
          await overlap;
          return read(after, limit);
        };
      const instance = (name: string) =>
        backfill(
          store.sql,
          {
            handoffs: { page: paged(name, 'handoffs', (after, limit) => repo.historyPage(after, limit)) },
            questions: { page: paged(name, 'questions', (after, limit) => insights.questionsPage(after, limit)) },
          },
          logger,
          { pageSize: 2, owner: name },
        ).finally(release);

      const [a, b] = await Promise.all([instance('a'), instance('b')]);
      expect({ handoffs: (a.handoffs ?? 0) + (b.handoffs ?? 0), questions: (a.questions ?? 0) + (b.questions ?? 0) }).toEqual({ handoffs: 3, questions: 4 });
      for (const source of ['handoffs', 'questions']) {
        const pages = asked.filter((p) => p.source === source);
        expect(new Set(pages.map((p) => p.instance)).size).toBe(1);
        expect(new Set(pages.map((p) => p.after)).size).toBe(pages.length);
      }
      expect(lines.some((l) => /another instance is copying/.test(l.msg))).toBe(true);
      expect(await pending(store.sql)).toEqual([]);
      expect(await store.sql.all(`SELECT source, copied, owner, lease_until FROM analytics_backfills ORDER BY source`)).toEqual([
        { source: 'handoffs', copied: 3, owner: null, lease_until: null },
        { source: 'questions', copied: 4, owner: null, lease_until: null },
      ]);
      expect(await count(store.sql, 'analytics_handoffs')).toBe(3);
      expect(await count(store.sql, 'analytics_questions')).toBe(4);
    } finally {
      await store.close();
    }
  });

  test('a claim whose lease holds is left to its owner; once it ran out (the owner died), the copy is taken over where it stood', async () => {
    const store = await open();
    try {
      await seed({ store, engine: { bus: new MemoryBus() } }, { publish: false });
      const repo = new HandoffRepository(store.sql, () => store.now());
      // An instance claimed the handoffs at t=1000 with a 60 s lease, copied one page, then died.
      await store.sql.run(`UPDATE analytics_backfills SET owner = 'dead', lease_until = 61000, after_id = 'h-c2', copied = 1 WHERE source = 'handoffs'`);
      const asked: Array<string | undefined> = [];
      const handoffs = { page: (after: string | undefined, limit: number) => (asked.push(after), repo.historyPage(after, limit)) };
      const at = (now: number) => backfill(store.sql, { handoffs }, logger, { owner: 'next', leaseMs: 60_000, now: () => now });

      expect(await at(60_999)).toEqual({});
      expect(asked).toEqual([]);
      expect(await store.sql.get(`SELECT owner, copied, done_at FROM analytics_backfills WHERE source = 'handoffs'`)).toEqual({ owner: 'dead', copied: 1, done_at: null });

      expect(await at(61_001)).toEqual({ handoffs: 2 });
      expect(asked).toEqual(['h-c2']);
      expect(await store.sql.get(`SELECT owner, copied FROM analytics_backfills WHERE source = 'handoffs'`)).toEqual({ owner: null, copied: 3 });
    } finally {
      await store.close();
    }
  });

  test('a copier whose claim was taken over meanwhile stops without writing its page', async () => {
    const store = await open();
    try {
      await seed({ store, engine: { bus: new MemoryBus() } }, { publish: false });
      const repo = new HandoffRepository(store.sql, () => store.now());
      const handoffs = {
        page: async (after: string | undefined, limit: number) => {
          // While this instance reads its second page, another takes the claim over.
          if (after) await store.sql.run(`UPDATE analytics_backfills SET owner = 'faster' WHERE source = 'handoffs'`);
          return repo.historyPage(after, limit);
        },
      };
      expect(await backfill(store.sql, { handoffs }, logger, { pageSize: 1, owner: 'slow' })).toEqual({ handoffs: 1 });
      expect(await store.sql.get(`SELECT owner, after_id, copied, done_at FROM analytics_backfills WHERE source = 'handoffs'`)).toEqual({ owner: 'faster', after_id: 'h-c2', copied: 1, done_at: null });
      expect(await count(store.sql, 'analytics_handoffs')).toBe(1);
      expect(lines.some((l) => /another instance took over/.test(l.msg))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

onBothDatabases('backfill after the former migrations', [...handoffMigrations, ...knowledgeMigrations, ...readModelMigrations], (open) => {
  test('a database whose read model the former backfill migrations filled has nothing pending', async () => {
    const store = await open();
    try {
      await store.sql.run(`INSERT INTO schema_migrations (id, applied_at) VALUES ('analytics/003-backfill-handoffs', 1), ('analytics/004-backfill-questions', 1)`);
      await migrate(store.sql, [...handoffMigrations, ...knowledgeMigrations, ...readModelMigrations, ...backfillMigrations]);
      expect(await doneAt(store.sql)).toEqual([]);
      expect(await backfill(store.sql, {}, silentLogger())).toEqual({});
    } finally {
      await store.close();
    }
  });
});
