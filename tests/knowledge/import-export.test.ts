import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { exportArticles, importArticles, readArticles } from '../../knowledge/articles/import';
import { knowledgeMigrations } from '../../knowledge/articles/store';
import { KnowledgeBase } from '../../knowledge/base';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { api, articleFile, ask, botDir, startApp } from './helpers';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo', 'knowledge');

async function freshKb() {
  const store = await SqlStore.open(new SqliteDriver(':memory:'), { migrations: knowledgeMigrations });
  return { store, kb: new KnowledgeBase(store.sql, new LexicalRetriever()) };
}

describe('import and export', () => {
  test('importing the demo folder and exporting it gives back the same files', async () => {
    const { store, kb } = await freshKb();
    const { articles, errors } = readArticles(DEMO);
    expect(errors).toEqual([]);
    const progress: number[] = [];
    const summary = await importArticles(kb, articles.map((a) => a.article), { onProgress: (done) => progress.push(done) });
    expect(summary.created).toBe(articles.length);
    expect(progress).toEqual(articles.map((_, i) => i + 1));
    expect(kb.retriever.size).toBeGreaterThan(articles.length);

    const out = mkdtempSync(join(tmpdir(), 'kb-export-'));
    const files = await exportArticles(kb.articles, out);
    expect(files).toHaveLength(articles.length);
    for (const name of readdirSync(DEMO)) expect(readFileSync(join(out, name), 'utf8')).toBe(readFileSync(join(DEMO, name), 'utf8'));

    // Importing the same files again changes nothing.
    expect(await importArticles(kb, articles.map((a) => a.article))).toMatchObject({ created: 0, updated: 0, unchanged: articles.length });
    await store.close();
  });

  test('one bad file stops the whole batch: every problem is listed, nothing is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-bad-'));
    writeFileSync(join(dir, 'good.en.md'), articleFile('good', 'en', 'Good', 'Fine.'));
    writeFileSync(join(dir, 'bad.en.md'), '---\nid: bad\nlocale: en\n---\nNo title.');
    writeFileSync(join(dir, 'wrong-name.en.md'), articleFile('other', 'en', 'Other', 'Text.'));
    const { errors } = readArticles(dir);
    expect(errors.map((e) => e.message)).toEqual([
      'bad.en.md:2:1 title: missing (expected string)',
      'wrong-name.en.md: its front matter says id "other", locale "en": name the file other.en.md, or fix the front matter',
    ]);

    const db = join(mkdtempSync(join(tmpdir(), 'kb-db-')), 'kb.db');
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['kb', 'import', dir, '--db', db])).toBe(1);
    expect(stderr.mock.calls.join('\n')).toMatch(/Nothing imported: 2 invalid file\(s\)/);
    stderr.mockRestore();
    const store = await SqlStore.open(new SqliteDriver(db), { migrations: knowledgeMigrations });
    expect(await store.sql.get('SELECT COUNT(*) AS n FROM kb_articles')).toEqual({ n: 0 });
    await store.close();
  });

  test('switchboard kb import, then kb export, round-trips through the database', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'kb-db-')), 'kb.db');
    const out = mkdtempSync(join(tmpdir(), 'kb-out-'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['kb', 'import', DEMO, '--db', db, '--json'])).toBe(0);
    expect(JSON.parse(String(log.mock.calls[0][0]))).toMatchObject({ created: readdirSync(DEMO).length });
    expect(await main(['kb', 'export', out, '--db', db])).toBe(0);
    expect(await main(['kb', 'coverage', '--db', db, '--json'])).toBe(0);
    const coverage = JSON.parse(String(log.mock.calls[2][0]));
    log.mockRestore();
    err.mockRestore();
    expect(readdirSync(out).sort()).toEqual(readdirSync(DEMO).sort());
    // The demo bot speaks pt and it too, but has no articles in them yet: none is complete.
    expect(coverage).toMatchObject({ locales: ['en', 'es', 'de', 'fr', 'pt', 'it'], articles: 37, complete: 0 });
  });

  test('at start-up the bot folder syncs: new files are imported, editors’ API changes are kept', async () => {
    const dir = botDir([['hours', 'en', 'Opening hours', 'We open at 9 am every day.']]);
    const db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'kb-db-')), 'bot.db')}`;
    let { app } = await startApp(dir, { databaseUrl: db });
    await api(app, 'PUT', '/api/kb/articles/hours/en', { body: 'We open at 10 am every day.', publish: true });
    await app.close();

    writeFileSync(join(dir, 'knowledge', 'parking.en.md'), articleFile('parking', 'en', 'Parking', 'Free parking behind every store.'));
    ({ app } = await startApp(dir, { databaseUrl: db }));
    expect((await ask(app, 'What are your opening hours?'))[0].text).toMatch(/10 am/);
    expect((await ask(app, 'Is there parking?'))[0].text).toMatch(/Free parking/);
    await app.close();
  });
});
