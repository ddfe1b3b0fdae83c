import type { BotConfig } from '../core/bot';
import type { ChannelModule } from '../core/channel-module';
import '../core/bot';
import { builtInKeys } from '../core/texts';
import { nearest } from '../core/nearest';
import type { YamlProblem, YamlText } from '../core/yaml';
// Each module registers its built-in texts with the one text lookup when it is loaded.
import '../channels/sms/keywords';
import '../core/csat';
import '../dialogs/texts';
import '../handoff/texts';
import '../knowledge/messages';
import '../identity/texts';
import { CHANNELS } from './modules';

/**
 * Every text key a bot may override in `messages.<locale>`: the core's, the dialog runtime's,
 * the knowledge base's (`kb.`) and SMS keywords' (`sms.`). A bot's own keys (`greeting`, read by
 * its code with `bot.text`) are allowed too; only a key one or two letters away from a known one
 * is taken for a typo, since the bot would silently keep the built-in text.
 */
export function knownTextKeys(): Set<string> {
  const keys = new Set<string>(['help']);
  for (const names of builtInKeys().values()) for (const name of names) keys.add(name);
  return keys;
}

/**
 * Mistakes the schema cannot see because each value is well-formed alone: a default locale the
 * bot does not speak, a misspelt text key, a channel name none of the app's `channels` reads. Each
 * points at its place in `bot.yaml` and says what would be right.
 */
export function configProblems(yaml: YamlText, config: BotConfig, textKeys = knownTextKeys(), channels: readonly ChannelModule[] = CHANNELS): YamlProblem[] {
  return [...localeProblems(yaml, config), ...textKeyProblems(yaml, config, textKeys), ...channelProblems(yaml, config, channels)];
}

function localeProblems(yaml: YamlText, config: BotConfig): YamlProblem[] {
  const { defaultLocale, locales } = config;
  const speaks = (tag: string) => locales.some((l) => l.toLowerCase() === tag.toLowerCase());
  if (speaks(defaultLocale)) return [];
  const where = yaml.at(['defaultLocale']);
  const list = `[${locales.join(', ')}]`;
  return [{ ...where, message: `defaultLocale: "${defaultLocale}" is not one of locales ${list}: add it (locales: [${[...locales, defaultLocale].join(', ')}]) or set defaultLocale to one of ${list}` }];
}

/** Text keys that moved: a bot overriding the old key would silently keep the built-in text. */
const RENAMED_TEXT_KEYS = new Map([
  ['handoff.csat', 'csat.ask'],
  ['handoff.csatThanks', 'csat.thanks'],
]);

function textKeyProblems(yaml: YamlText, config: BotConfig, known: Set<string>): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const [locale, texts] of Object.entries(config.messages)) {
    for (const key of Object.keys(texts)) {
      if (known.has(key)) continue;
      const renamed = RENAMED_TEXT_KEYS.get(key);
      if (renamed) {
        problems.push({ ...yaml.at(['messages', locale], key), message: `messages.${locale}.${key}: this text is now "${renamed}" (CSAT texts are shared by handoff and analytics); rename the key` });
        continue;
      }
      const near = nearest(key, known);
      if (near) problems.push({ ...yaml.at(['messages', locale], key), message: `messages.${locale}.${key}: unknown text key; did you mean "${near}"?` });
    }
  }
  return problems;
}

function channelProblems(yaml: YamlText, config: BotConfig, channels: readonly ChannelModule[]): YamlProblem[] {
  const known = channels.map((c) => c.channel.name);
  const aliases = new Map(channels.flatMap((c) => c.channel.aliases.map((alias) => [alias, c.channel.name] as const)));
  return Object.entries(config.channels).flatMap(([name, block]) => {
    const channel = channels.find((c) => c.channel.name === name)?.channel;
    if (channel) return settingProblems(yaml, name, Object.keys(block), channel.settings);
    const meant = aliases.get(name.toLowerCase()) ?? nearest(name, new Set(known));
    const hint = meant ? ` (did you mean "${meant}"?)` : '';
    return [{ ...yaml.at(['channels'], name), message: `channels.${name}: unknown channel${hint}; known: ${known.join(', ')}` }];
  });
}

/** A key in `channels.<name>` the channel does not read: a typo would leave the setting unset. */
function settingProblems(yaml: YamlText, channel: string, keys: string[], known: string[]): YamlProblem[] {
  return keys
    .filter((key) => !known.includes(key))
    .map((key) => {
      const meant = nearest(key, known);
      const hint = meant ? ` (did you mean "${meant}"?)` : '';
      return { ...yaml.at(['channels', channel], key), message: `channels.${channel}.${key}: unknown setting${hint}; ${channel} takes ${known.join(', ')}` };
    });
}
