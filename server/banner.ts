import { join } from 'node:path';
import type { SqlDriver } from '../core/storage/sql';
import { consoleAccounts, firstAdminHint, type ConsoleAccounts } from '../handoff/first-run';

/** What the start-up banner says: where to go, and what is configured. */
export interface BannerFacts {
  bot: string;
  /** The base URL people open, e.g. http://localhost:3000. */
  url: string;
  channels: string[];
  /** The app's other channels (`server/modules.ts`), off until their settings are set. */
  off?: string[];
  storage: string;
  redis: boolean;
  /** Console accounts and admins, or undefined when they could not be counted. */
  accounts: ConsoleAccounts | undefined;
  /** Whether the bot folder has its own page at `/` (else `/` is the plain chat page). */
  ownPage: boolean;
}

/**
 * The facts for the banner. Admins are counted through the handoff module's repository (its
 * tables are its own), and a failure to count only leaves that line out: a banner never stops a
 * start.
 */
export async function bannerFacts(input: {
  bot: string;
  port: number;
  /** The channels running. */
  channels: string[];
  /** Every channel the app can run (the list `validate` checks `bot.yaml` against). */
  known: string[];
  sql: SqlDriver;
  env: NodeJS.ProcessEnv;
  botName: string;
  ownPage: boolean;
}): Promise<BannerFacts> {
  const { env, sql } = input;
  const storage =
    sql.dialect === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `SQLite ${env.DATABASE_URL ?? join(env.DATA_DIR ?? '.data', `${input.botName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.db`)}`;
  let accounts: ConsoleAccounts | undefined;
  try {
    accounts = await consoleAccounts(sql);
  } catch {
    accounts = undefined;
  }
  const off = input.known.filter((name) => !input.channels.includes(name));
  return { bot: input.bot, url: `http://localhost:${input.port}`, channels: input.channels, off, storage, redis: Boolean(env.REDIS_URL), accounts, ownPage: input.ownPage };
}

/** The banner as lines of text: URLs first (what a newcomer looks for), then the configuration. */
export function bannerLines(f: BannerFacts): string[] {
  // Without an admin: the handoff module's one hint, which says how to create the first.
  const admin = !f.accounts ? undefined : f.accounts.admins > 0 ? `${f.accounts.admins} admin${f.accounts.admins === 1 ? '' : 's'}` : firstAdminHint(f.accounts);
  const rows: Array<[string, string | undefined]> = [
    ['Chat', `${f.url}/${f.ownPage ? '  (the bot’s page, with the chat widget)' : ''}`],
    ['Console', `${f.url}/console`],
    ['Dashboard', `${f.url}/console/dashboard`],
    ['Health', `${f.url}/healthz`],
    ['Channels', f.channels.join(', ') + (f.off?.length ? `  (off until configured: ${f.off.join(', ')}; see docs/channels.md)` : '')],
    ['Storage', f.storage],
    ['Redis', f.redis ? 'on (REDIS_URL)' : 'off (one instance)'],
    ['Admin', admin],
  ];
  return [`${f.bot} is running`, ...rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `  ${k.padEnd(10)} ${v}`)];
}
