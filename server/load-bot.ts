import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { Bot, BotConfigSchema, type BotConfig } from '../core/bot';
import { ConfigError } from '../core/errors';

/** What a bot's entry module (`index.ts`) exports by default: a function that adds its middleware. */
export type BotSetup = (bot: Bot) => void | Promise<void>;

/** A bot loaded from its folder. */
export interface LoadedBot {
  bot: Bot;
  dir: string;
  /** The folder's `public/` directory, served at `/`, when it has one. */
  publicDir?: string;
}

/**
 * Loads a bot folder: `bot.yaml` (validated; errors say `bot.yaml:line:col message`) and the
 * optional entry module `index.ts`, whose default export adds middleware. `hooks.before` and
 * `hooks.after` run around the entry module (the composition root adds modules' middleware there).
 */
export async function loadBot(
  dir: string,
  hooks: { before?: (bot: Bot) => void | Promise<void>; after?: (bot: Bot) => void | Promise<void> } = {},
): Promise<LoadedBot> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new ConfigError(`No bot folder at ${root}`);
  const configPath = join(root, 'bot.yaml');
  const bot = new Bot(existsSync(configPath) ? readConfig(configPath) : { name: basename(root) });
  await hooks.before?.(bot);

  const entry = ['index.ts', 'index.js'].map((f) => join(root, f)).find(existsSync);
  if (entry) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(entry) as { default?: BotSetup };
    if (typeof mod.default !== 'function') {
      throw new ConfigError(`${entry} must export a default function (bot) => { … } that adds the bot's middleware`);
    }
    await mod.default(bot);
  }
  await hooks.after?.(bot);
  const publicDir = join(root, 'public');
  return { bot, dir: root, publicDir: existsSync(publicDir) ? publicDir : undefined };
}

/** Reads and validates `bot.yaml`, reporting every problem at its line and column. */
export function readConfig(path: string): BotConfig {
  const text = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (offset: number | undefined) => {
    const pos = lines.linePos(offset ?? 0);
    return `${basename(path)}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => `${where(e.pos[0])} ${e.message.split('\n')[0]}`).join('\n'));
  }
  const parsed = BotConfigSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => {
    const path = issue.path as Array<string | number>;
    // An unknown key is reported at the key itself, one line per key.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${where(keyRange(doc, path, key)?.[0])} ${[...path, key].join('.')}: unknown setting "${key}"`);
    }
    return [`${where(nodeRange(doc, path)?.[0])} ${path.length ? `${path.join('.')}: ` : ''}${issue.message}`];
  });
  throw new ConfigError(problems.join('\n'));
}

type Range = [number, number, number?];

/** The range of the deepest node along `path` that exists in the document. */
function nodeRange(doc: Document, path: Array<string | number>): Range | undefined {
  for (let i = path.length; i >= 0; i--) {
    const node = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    const range = (node as { range?: Range } | undefined)?.range;
    if (range) return range;
  }
  return undefined;
}

/** The range of a mapping's key. */
function keyRange(doc: Document, path: Array<string | number>, key: string): Range | undefined {
  const map = path.length ? doc.getIn(path, true) : doc.contents;
  if (!isMap(map)) return nodeRange(doc, path);
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as { range?: Range } | undefined)?.range ?? nodeRange(doc, path);
}
