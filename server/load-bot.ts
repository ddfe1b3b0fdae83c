import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AnalyticsConfigSchema } from '../analytics/config';
import { SurveysConfigSchema } from '../surveys/config';
import { Bot, BotConfigSchema, type BotConfig } from '../core/bot';
import type { ChannelModule } from '../core/channel-module';
import { ConfigError } from '../core/errors';
import { formatYamlProblems, YamlText } from '../core/yaml';
import { DialogsConfigSchema } from '../dialogs/config';
import { configProblems } from './config-checks';
import { HandoffConfigSchema } from '../handoff/config';
import { JourneysConfigSchema } from '../journeys/config';
import { CatalogConfigSchema } from '../catalog/config';
import { VisionConfigSchema } from '../vision/config';
import { KnowledgeConfigSchema } from '../knowledge/config';

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
 * `hooks.channels` are the app's channels, which `bot.yaml` `channels:` may configure.
 */
export async function loadBot(
  dir: string,
  hooks: { before?: (bot: Bot) => void | Promise<void>; after?: (bot: Bot) => void | Promise<void>; channels?: readonly ChannelModule[] } = {},
): Promise<LoadedBot> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new ConfigError(`No bot folder at ${root}`);
  const configPath = join(root, 'bot.yaml');
  const bot = new Bot(existsSync(configPath) ? readConfig(configPath, hooks.channels) : { name: basename(root) });
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

/**
 * bot.yaml as the server reads it: the core settings, with the module sections whose schemas their
 * modules export checked here too, so that a mistake in them is also reported at its line and column.
 * The modules then take their section as validated and defaulted here (`journeysSettings`…).
 */
const BotFileSchema = BotConfigSchema.extend({
  analytics: AnalyticsConfigSchema.optional(),
  catalog: CatalogConfigSchema.optional(),
  dialogs: DialogsConfigSchema.optional(),
  handoff: HandoffConfigSchema.optional(),
  journeys: JourneysConfigSchema.optional(),
  knowledge: KnowledgeConfigSchema.optional(),
  surveys: SurveysConfigSchema.optional(),
  vision: VisionConfigSchema.optional(),
});

/**
 * Reads and validates `bot.yaml`, reporting every problem at its line and column: the schema's,
 * then the checks across settings (`config-checks.ts`: default locale, text keys, channel names —
 * those of `channels`, by default the app's list in `server/modules.ts`).
 */
export function readConfig(path: string, channels?: readonly ChannelModule[]): BotConfig {
  const read = YamlText.parse(readFileSync(path, 'utf8'));
  const result = read.ok ? read.yaml.validate(BotFileSchema, { unknownKey: (key) => `unknown setting "${key}"` }) : read;
  const problems = !result.ok ? result.problems : read.ok ? configProblems(read.yaml, result.data, undefined, channels) : [];
  if (result.ok && !problems.length) return result.data;
  throw new ConfigError(formatYamlProblems(basename(path), problems));
}
