import type { z } from 'zod';
import type { ChannelAdapter } from './channel';
import { ConfigError } from './errors';
import { DEFAULT_MAX_BODY_BYTES } from './http';
import type { AppModule, ModuleContext } from './module';

/**
 * A channel, defined in its own folder (`channels/<name>/index.ts`) and registered by one line in
 * the app's channel list (`server/modules.ts`). `channel()` turns the definition into an
 * `AppModule`: it reads the settings, builds the adapter when the channel is enabled, and brings
 * the channel's own tables, services and middleware.
 *
 * ```ts
 * export const echo = channel({
 *   name: 'echo',
 *   settings: z.object({ url: z.url().describe('where the provider takes messages'), secret: z.string() }),
 *   env: { url: 'ECHO_URL', secret: 'ECHO_SECRET' },
 *   adapter: (settings, ctx) => new EchoChannel({ ...settings, maxBodyBytes: ctx.maxBodyBytes }),
 * });
 * ```
 */
export interface ChannelDefinition<Schema extends z.ZodObject, Adapter extends ChannelAdapter> {
  /** The channel's name: on its messages, in `bot.yaml` `channels.<name>`, and the module's name. */
  name: string;
  /** How errors name the channel (`SMS (Twilio)`); default its name. */
  label?: string;
  /** Other names people write for it in `bot.yaml` (`twilio` for `sms`): `validate` suggests the real one. */
  aliases?: string[];
  /**
   * Its settings. Each key is read from its environment variable (`env`), else from `bot.yaml`
   * `channels.<name>.<key>`, always as a string (trimmed; empty is unset), then validated here:
   * use `.describe()` to say what a required setting is, and `z.stringbool()` for switches.
   */
  settings: Schema;
  /** The environment variable of each setting; a setting without one is read from `bot.yaml` only. */
  env?: { [Key in SettingKey<Schema>]?: string };
  /**
   * Whether the channel is on, from what was found (before validation) and whether `bot.yaml` has
   * a `channels.<name>` block. Default: any setting is set. An enabled channel whose settings do
   * not validate stops start-up, naming what is missing or wrong.
   */
  enabled?(found: FoundSettings<Schema>, inBotYaml: boolean): boolean;
  /** Builds the adapter from the validated settings (load the provider's SDK here, not at import). */
  adapter(settings: z.output<Schema>, ctx: ChannelContext): Adapter;
  /**
   * Runs at set-up, after the adapter was built and added (`adapter` is undefined when the channel
   * is off or the app was given its channels): provide services, add middleware and outbound rules.
   */
  setup?(ctx: ChannelContext, adapter: Adapter | undefined): void | Promise<void>;
  /** Tables the channel owns (consent, windows, conversation references), created whether it is on or not. */
  migrations?: AppModule['migrations'];
  /** What the channel stores about a customer: export and erasure ask these. */
  customerData?: AppModule['customerData'];
  /** Services it provides in `setup`; start-up checks they were. */
  provides?: AppModule['provides'];
  /** Bus topics it owns. */
  topics?: AppModule['topics'];
  /** HTTP routes as a Hono sub-app (an unsubscribe page…), mounted whether or not the channel is on. */
  routes?: AppModule['routes'];
  /** Built-in texts, overridable from `bot.yaml`. */
  texts?: AppModule['texts'];
}

/** The keys of a channel's settings. */
export type SettingKey<Schema extends z.ZodObject> = keyof z.input<Schema> & string;

/** A channel's settings as found, before validation: trimmed strings, unset ones absent. */
export type FoundSettings<Schema extends z.ZodObject> = { [Key in SettingKey<Schema>]?: string };

/** What a channel's `adapter` and `setup` get: the module context and the limits every adapter takes. */
export interface ChannelContext extends ModuleContext {
  /** Largest request body or WebSocket frame, in bytes (`MAX_BODY_BYTES`, default 1 MiB). */
  maxBodyBytes: number;
}

/** The module a channel definition makes, with what `validate` and tests need to know of it. */
export interface ChannelModule<Settings = unknown> extends AppModule {
  /** The channel's name, aliases and setting keys (`validate` checks `bot.yaml` `channels:` against them). */
  readonly channel: { name: string; aliases: string[]; settings: string[] };
  /**
   * The channel's settings from `env` and `bot.yaml`'s `channels:` section: undefined when the
   * channel is off; throws a `ConfigError` naming each missing or wrong setting when it is on.
   */
  configure(env: NodeJS.ProcessEnv, channels?: Record<string, Record<string, unknown>>): Settings | undefined;
}

/** Whether a module is a channel's (made by `channel()`). */
export function isChannelModule(module: AppModule): module is ChannelModule {
  return 'channel' in module && 'configure' in module;
}

/** Makes a channel's module from its definition (see `ChannelDefinition`). */
export function channel<Schema extends z.ZodObject, Adapter extends ChannelAdapter>(
  definition: ChannelDefinition<Schema, Adapter>,
): ChannelModule<z.output<Schema>> {
  const configure = (env: NodeJS.ProcessEnv, channels: Record<string, Record<string, unknown>> = {}) =>
    readSettings(definition, env, channels[definition.name]);
  return {
    name: definition.name,
    channel: { name: definition.name, aliases: definition.aliases ?? [], settings: Object.keys(definition.settings.shape) },
    configure,
    migrations: definition.migrations,
    customerData: definition.customerData,
    provides: definition.provides,
    topics: definition.topics,
    routes: definition.routes,
    texts: definition.texts,
    async setup(ctx) {
      const context: ChannelContext = { ...ctx, maxBodyBytes: Number(ctx.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES };
      const settings = ctx.channelsGiven ? undefined : configure(ctx.env, ctx.bot.config.channels);
      const adapter = settings === undefined ? undefined : definition.adapter(settings, context);
      if (adapter) ctx.addChannel(adapter);
      await definition.setup?.(context, adapter);
    },
  };
}

function readSettings<Schema extends z.ZodObject>(
  definition: ChannelDefinition<Schema, ChannelAdapter>,
  env: NodeJS.ProcessEnv,
  block: Record<string, unknown> | undefined,
): z.output<Schema> | undefined {
  const keys = Object.keys(definition.settings.shape) as Array<SettingKey<Schema>>;
  const found: FoundSettings<Schema> = {};
  for (const key of keys) {
    const value = setting(env, definition.env?.[key], block?.[key]);
    if (value !== undefined) found[key] = value;
  }
  const enabled = definition.enabled ? definition.enabled(found, block !== undefined) : Object.keys(found).length > 0;
  if (!enabled) return undefined;
  const parsed = definition.settings.safeParse(found);
  if (parsed.success) return parsed.data;
  throw new ConfigError(settingsProblem(definition, found, parsed.error.issues));
}

/** One setting: the environment variable when set, else `bot.yaml`'s value, as a trimmed string. */
function setting(env: NodeJS.ProcessEnv, envName: string | undefined, fromBotYaml: unknown): string | undefined {
  const fromEnv = envName ? env[envName]?.trim() : undefined;
  if (fromEnv) return fromEnv;
  const scalar = typeof fromBotYaml === 'string' || typeof fromBotYaml === 'number' || typeof fromBotYaml === 'boolean' ? String(fromBotYaml).trim() : '';
  return scalar || undefined;
}

/**
 * "SMS (Twilio) is half-configured: set TWILIO_AUTH_TOKEN (or channels.sms.authToken in bot.yaml),
 * or unset the others to turn the channel off", then one line per setting that is set but wrong.
 */
function settingsProblem<Schema extends z.ZodObject>(
  definition: ChannelDefinition<Schema, ChannelAdapter>,
  found: FoundSettings<Schema>,
  issues: z.core.$ZodIssue[],
): string {
  const label = definition.label ?? definition.name;
  const where = (key: string) => {
    const envName = definition.env?.[key as SettingKey<Schema>];
    return envName ? `${envName} (or channels.${definition.name}.${key} in bot.yaml)` : `channels.${definition.name}.${key} in bot.yaml`;
  };
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : undefined;
    // Unset and required (a default that fails its check, like a missing Chromium, is "wrong").
    if (key && found[key as SettingKey<Schema>] === undefined && issue.code === 'invalid_type') {
      const about = definition.settings.shape[key]?.description;
      missing.push(`${where(key)}${about ? `, ${about}` : ''}`);
    } else {
      wrong.push(key ? `${where(key)}: ${issue.message}` : issue.message);
    }
  }
  const lines = missing.length ? [`${label} is half-configured: set ${missing.join('; ')}; or unset the others to turn the channel off`] : [];
  if (wrong.length) lines.push(`${label} settings are wrong:\n  ${wrong.join('\n  ')}`);
  return lines.join('\n');
}
