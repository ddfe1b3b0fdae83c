import { SingleBar, Presets } from 'cli-progress';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from '../main';
import { readConfig } from '../../server/load-bot';
import { openStore } from '../../server/store';
import type { SqlStore } from '../../core/storage/sql-store';
import { describeArticleErrors, exportArticles, importArticles, readArticles } from '../../knowledge/articles/import';
import { knowledgeMigrations } from '../../knowledge/articles/store';
import type { KnowledgeBase } from '../../knowledge/base';
import { composeKnowledge } from '../../knowledge/compose';
import { knowledgeSettings } from '../../knowledge/config';
import { evidenceMigrations } from '../../knowledge/learning/evidence';

const COMMON = `Options:
  --bot DIR     the bot folder (default bots/demo): names the database and its languages
  --db URL      the database (default DATABASE_URL, else the bot's SQLite file under DATA_DIR)`;

/**
 * Opens the bot's database with the knowledge tables, runs `fn` on the knowledge base composed as
 * the bot composes it (`composeKnowledge`: the same retriever and embeddings), closes it.
 */
async function withKb<T>(values: Record<string, unknown>, fn: (kb: KnowledgeBase, store: SqlStore, locales: string[]) => Promise<T>): Promise<T> {
  const botDir = resolve((values.bot as string) ?? 'bots/demo');
  const configPath = join(botDir, 'bot.yaml');
  const config = existsSync(configPath) ? readConfig(configPath) : undefined;
  const store = await openStore({
    url: (values.db as string) ?? process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR,
    botName: config?.name ?? basename(botDir),
    migrations: [...knowledgeMigrations, ...evidenceMigrations],
  });
  try {
    const { kb } = await composeKnowledge({ sql: store.sql, config: knowledgeSettings(config?.knowledge), env: process.env, botDir });
    return await fn(kb, store, config?.locales ?? ['en']);
  } finally {
    await store.close();
  }
}

const options = { bot: { type: 'string' as const }, db: { type: 'string' as const }, json: { type: 'boolean' as const } };

const importKind: Command = {
  name: 'kb import',
  summary: 'Import article files into the database and publish them',
  usage: `Usage: switchboard kb import <dir|file.md> [--bot DIR] [--db URL]

Validates every file first (nothing is stored if one is invalid), then imports and publishes
each article, replacing the text of articles that exist. A running server picks the changes up
on restart; to change a running bot at once, use the editor API.

${COMMON}`,
  options,
  async run({ values, positionals }) {
    const path = positionals[0];
    if (!path) return fail(`Say which folder or file to import.\n\n${importKind.usage}`);
    if (!existsSync(path)) return fail(`No such file or folder: ${path}`);
    const { articles, errors } = readArticles(path);
    if (errors.length) return fail(describeArticleErrors(`Nothing imported: ${errors.length} invalid file(s)`, errors));
    if (!articles.length) return fail(`No article files (<id>.<locale>.md) in ${path}`);
    const bar = new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {value}/{total} {file}', hideCursor: true }, Presets.shades_classic);
    bar.start(articles.length, 0, { file: '' });
    const summary = await withKb(values, (kb) =>
      importArticles(kb, articles.map((a) => a.article), { author: 'cli', onProgress: (done, _t, a) => bar.update(done, { file: `${a.id}.${a.locale}` }) }),
    ).finally(() => bar.stop());
    console.log(values.json ? JSON.stringify(summary) : `Imported ${articles.length} article(s): ${describe(summary)}`);
    return 0;
  },
};

const exportKind: Command = {
  name: 'kb export',
  summary: 'Write the published articles as Markdown files',
  usage: `Usage: switchboard kb export [dir] [--drafts] [--bot DIR] [--db URL]

Writes <id>.<locale>.md files into dir (default ./knowledge-export): the published text of each
published article, or with --drafts every article's latest working copy.

${COMMON}`,
  options: { ...options, drafts: { type: 'boolean' } },
  async run({ values, positionals }) {
    const dir = positionals[0] ?? 'knowledge-export';
    const files = await withKb(values, (kb) => exportArticles(kb.articles, dir, { drafts: Boolean(values.drafts) }));
    console.log(values.json ? JSON.stringify({ dir, files: files.length }) : `Wrote ${files.length} article file(s) to ${dir}`);
    return 0;
  },
};

const coverageKind: Command = {
  name: 'kb coverage',
  summary: 'Which articles lack which languages, most asked first',
  usage: `Usage: switchboard kb coverage [--json] [--bot DIR] [--db URL]\n\n${COMMON}`,
  options,
  async run({ values }) {
    const report = await withKb(values, async (kb, _s, locales) => kb.insights.coverage(locales, (await kb.articles.list({ limit: 100_000 })).items));
    if (values.json) return print(report);
    console.log(`${report.complete}/${report.articles} articles in every language (${report.locales.join(', ')}).`);
    for (const m of report.missing) console.log(`  ${m.locale}  ${m.articleId.padEnd(28)} asked ${String(m.questions).padStart(4)}×${m.hasDraft ? '  (draft exists)' : ''}`);
    return 0;
  },
};

const gapsKind: Command = {
  name: 'kb gaps',
  summary: 'Questions the bot could not answer confidently, grouped',
  usage: `Usage: switchboard kb gaps [--json] [--bot DIR] [--db URL]\n\n${COMMON}`,
  options,
  async run({ values }) {
    const gaps = await withKb(values, (kb) => kb.insights.gaps());
    if (values.json) return print({ gaps });
    if (!gaps.length) console.log('No unanswered questions recorded.');
    for (const g of gaps) console.log(`${String(g.count).padStart(4)}×  ${g.terms.join(' ')}  e.g. “${g.examples[0]}”`);
    return 0;
  },
};

const KINDS: Record<string, Command> = { import: importKind, export: exportKind, coverage: coverageKind, gaps: gapsKind };

const command: Command = {
  name: 'kb',
  summary: 'Knowledge base: kb import | kb export | kb coverage | kb gaps',
  usage: `Usage: switchboard kb <import|export|coverage|gaps> [options]\n\n${Object.values(KINDS)
    .map((k) => `  ${k.name.padEnd(12)} ${k.summary}`)
    .join('\n')}\nRun "switchboard kb <kind> --help" for a kind's options.`,
  kind: (name) => KINDS[name],
  async run() {
    console.error(command.usage);
    return 2;
  },
};

function describe(summary: Record<string, number>): string {
  return Object.entries(summary)
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

function fail(message: string): number {
  console.error(message);
  return 1;
}

function print(value: unknown): number {
  console.log(JSON.stringify(value, null, 2));
  return 0;
}

export default command;
