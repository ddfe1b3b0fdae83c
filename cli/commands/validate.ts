import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../main';
import type { BotConfig } from '../../core/bot';
import { ConfigError } from '../../core/errors';
import { localeTextProblems } from '../../core/texts';
import { dialogJsonSchema } from '../../dialogs/schema';
import { formatProblems, loadDialogs, type Problem } from '../../dialogs/load';
import { dialogRegistry } from '../../dialogs/registry';
import { loadBot } from '../../server/load-bot';
import { readArticles } from '../../knowledge/articles/import';
import { knowledgeSettings } from '../../knowledge/config';
import { readCatalog } from '../../catalog/load';

const command: Command = {
  name: 'validate',
  summary: 'Check a bot: bot.yaml, dialogs (schema and references); errors as file:line:col',
  usage: `Usage: switchboard validate [botDir] [--write-schema [path]]

Checks bot.yaml, the product catalog (catalog.csv or catalog.json) and every dialog in
botDir/dialogs (default botDir: bots/demo): the schema, and references (unknown dialog in
goto/begin, unknown step in jump, unknown action, duplicate ids, bad regular expressions and
conditions, an article a dialog's knowledge: names that the knowledge folder lacks). Prints one
"file:line:col message" per problem and exits with 1 when there is any.
  --write-schema   also write the dialogs' JSON Schema (default dialogs/schema.json) for editors`,
  options: { 'write-schema': { type: 'boolean' } },
  async run({ values, positionals }) {
    if (values['write-schema']) {
      const target = resolve(positionals[1] ?? join(__dirname, '..', '..', 'dialogs', 'schema.json'));
      writeFileSync(target, `${JSON.stringify(dialogJsonSchema(), null, 2)}\n`);
      console.log(`wrote ${target}`);
      if (!positionals[0]) return 0;
    }
    const botDir = resolve(positionals[0] ?? 'bots/demo');
    if (!existsSync(botDir)) {
      console.error(`No bot folder at ${botDir}`);
      return 2;
    }
    const problems = await validateBot(botDir);
    if (problems.length) {
      console.error(formatProblems(problems));
      console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} found`);
      return 1;
    }
    console.log(`${botDir}: OK`);
    return 0;
  },
};

/** Every problem in a bot folder: its config and entry module, then its dialogs. */
export async function validateBot(botDir: string): Promise<Problem[]> {
  let registry;
  let config: BotConfig;
  const problems: Problem[] = [];
  try {
    const { bot } = await loadBot(botDir);
    registry = dialogRegistry(bot);
    config = bot.config;
    problems.push(...localeProblems(botDir, bot.config), ...catalogProblems(botDir, bot.config.defaultLocale));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // bot.yaml problems come as "bot.yaml:line:col message" lines.
    return err.message.split('\n').map((line) => {
      const m = /^(\S+?):(\d+):(\d+) (.*)$/.exec(line);
      return m ? { file: m[1], line: Number(m[2]), col: Number(m[3]), message: m[4] } : { file: 'bot.yaml', line: 0, col: 0, message: line };
    });
  }
  const folder = knowledgeSettings(config.knowledge).folder;
  const articles = articleIds(join(botDir, folder));
  const result = loadDialogs(join(botDir, 'dialogs'), { actions: new Set(registry.actions.keys()), extra: registry.dialogs, relativeTo: botDir, articles });
  return [...problems, ...result.problems, ...articleProblems(botDir, folder)];
}

/** The ids of the articles in a knowledge folder (undefined without one: nothing to check dialogs' `knowledge:` against). */
function articleIds(dir: string): Set<string> | undefined {
  return existsSync(dir) ? new Set(readArticles(dir).articles.map(({ article }) => article.id)) : undefined;
}

/** Problems in the bot's article files (front matter, names, questions listed by two articles). */
function articleProblems(botDir: string, folder: string): Problem[] {
  const dir = join(botDir, folder);
  if (!existsSync(dir)) return [];
  return readArticles(dir).errors.flatMap((e) =>
    e.message.split('\n').map((line) => {
      const m = /^(\S+?):(\d+):(\d+) (.*)$/.exec(line);
      if (m) return { file: join(folder, m[1]!), line: Number(m[2]), col: Number(m[3]), message: m[4]! };
      const [file, ...rest] = line.split(': ');
      return { file: join(folder, file!), line: 0, col: 0, message: rest.join(': ') };
    }),
  );
}

/** The catalog's problems: `catalog.csv:7: price: …` or `catalog.json:7:5 …`, one per line. */
function catalogProblems(botDir: string, defaultLocale: string): Problem[] {
  try {
    readCatalog(botDir, defaultLocale);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message
      .split('\n')
      .filter((line) => line !== 'Invalid catalog:')
      .map((line) => {
        const m = /^(catalog\.\w+):(\d+)(?::(\d+))?:? (.*)$/.exec(line);
        return m ? { file: m[1], line: Number(m[2]), col: Number(m[3] ?? 1), message: m[4] } : { file: 'catalog', line: 0, col: 0, message: line };
      });
  }
}

/** Locales in `locales:` without texts, pointed at the `locales:` line of bot.yaml. */
function localeProblems(botDir: string, config: BotConfig): Problem[] {
  const yaml = existsSync(join(botDir, 'bot.yaml')) ? readFileSync(join(botDir, 'bot.yaml'), 'utf8').split('\n') : [];
  const line = yaml.findIndex((l) => /^locales\s*:/.test(l)) + 1;
  return localeTextProblems(config).map((message) => ({ file: 'bot.yaml', line, col: 1, message }));
}

export default command;
