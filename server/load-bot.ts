import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Bot, BotConfigSchema, knownSettings, unknownSetting, type BotConfig } from '../core/bot';
import type { ZodType } from 'zod';
import { isChannelModule } from '../core/channel-module';
import type { AppModule } from '../core/module';
import { ConfigError } from '../core/errors';
import { formatYamlProblems, YamlText } from '../core/yaml';
import { configProblems } from './config-checks';
import { defaultModules } from './modules';

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
 * `hooks.after` run around the entry module (the composition root adds modules' middleware there);
 * `hooks.modules` are the app's modules (by default `server/modules.ts`'s): their blocks and
 * channels are what `bot.yaml` may configure.
 */
export async function loadBot(
  dir: string,
  hooks: { before?: (bot: Bot) => void | Promise<void>; after?: (bot: Bot) => void | Promise<void>; modules?: readonly AppModule[] } = {},
): Promise<LoadedBot> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new ConfigError(`No bot folder at ${root}`);
  const configPath = join(root, 'bot.yaml');
  const known = knownModules(hooks.modules);
  const bot = new Bot(existsSync(configPath) ? readConfig(configPath, hooks.modules) : { name: basename(root) }, { modules: known });
  await hooks.before?.(bot);

  const entry = ['index.ts', 'index.js'].map((f) => join(root, f)).find(existsSync);
  if (entry) {
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

/** The app's modules plus the standard ones it leaves out: whose blocks a bot may carry (and have checked). */
function knownModules(modules: readonly AppModule[] = defaultModules()): AppModule[] {
  const loaded = new Set(modules.map((m) => m.name));
  return [...modules, ...defaultModules().filter((m) => !loaded.has(m.name))];
}

/**
 * bot.yaml as the app reads it: the core settings plus one block per module that declares a
 * schema (`AppModule.config`), under the module's name. Core and this reader know no module's
 * settings; any other top-level key is reported as unknown. The modules then take their block as
 * validated and defaulted here (`journeysSettings`…), so a mistake has one message, with its line
 * and column.
 */
export function botFileSchema(modules: readonly AppModule[]) {
  const core = Object.keys(BotConfigSchema.shape);
  const blocks: Record<string, ZodType> = {};
  for (const module of modules) {
    if (!module.config) continue;
    if (core.includes(module.name)) throw new ConfigError(`Module "${module.name}" cannot declare a bot.yaml block: "${module.name}" is a core setting; rename the module`);
    blocks[module.name] = module.config.optional();
  }
  return BotConfigSchema.extend(blocks).strict();
}

/**
 * Reads and validates `bot.yaml`, reporting every problem at its line and column: the schema's
 * (core settings and the blocks of the app's `modules`, by default the list in `server/modules.ts`),
 * then the checks across settings (`config-checks.ts`: default locale, text keys, channel names —
 * those of the channel modules among `modules`). A block of a standard module the app leaves out
 * is still known and checked, so one bot folder runs in an app without, say, vision.
 */
export function readConfig(path: string, modules: readonly AppModule[] = defaultModules()): BotConfig {
  const read = YamlText.parse(readFileSync(path, 'utf8'));
  const known = knownModules(modules);
  // A top-level typo names the known settings too; a key inside a block is just unknown there.
  const unknownKey = (key: string, at: readonly unknown[]) => (at.length ? `unknown setting "${key}"` : unknownSetting(key, knownSettings(known)));
  const result = read.ok ? read.yaml.validate(botFileSchema(known), { unknownKey }) : read;
  const problems = !result.ok ? result.problems : read.ok ? configProblems(read.yaml, result.data as BotConfig, undefined, modules.filter(isChannelModule)) : [];
  if (result.ok && !problems.length) return result.data as BotConfig;
  throw new ConfigError(formatYamlProblems(basename(path), problems));
}
