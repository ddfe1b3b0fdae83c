import { Hono } from 'hono';
import { json } from '../core/http';
import type { SqlDriver } from '../core/storage/sql';
import { HandoffRepository } from './repository';

/** The command that creates the first console admin (the start-up banner and the login page say it). */
export const CREATE_ADMIN_COMMAND = 'npx switchboard agents add --email you@example.com --name "Your Name" --role admin';

/** Whether the console has an admin, and any account at all: what a first run needs to know. */
export interface ConsoleAccounts {
  agents: number;
  admins: number;
}

/**
 * The console's accounts in a bot's store (`store.sql`), for the start-up banner: with no admin,
 * nobody can manage agents, and with no account at all nobody can answer a customer.
 */
export function consoleAccounts(sql: SqlDriver): Promise<ConsoleAccounts> {
  return new HandoffRepository(sql, Date.now).accountCounts();
}

/** One line that says exactly how to create the first admin, or undefined when an admin exists. */
export function firstAdminHint(accounts: ConsoleAccounts): string | undefined {
  if (accounts.admins) return undefined;
  const who = accounts.agents ? 'No console admin exists yet' : 'No console account exists yet, so nobody can answer customers who ask for a person';
  return `${who}. Create the first admin with: ${CREATE_ADMIN_COMMAND} (or set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD before the first start)`;
}

/**
 * `GET /api/console/first-run`, public: whether no account exists yet, so the login page can say how
 * to create the first admin instead of only "Wrong e-mail or password". Once any account exists
 * it says nothing more, so it tells a visitor nothing about who can sign in.
 */
export function firstRunApp(repo: HandoffRepository): Hono {
  return new Hono().get('/api/console/first-run', async () => {
    const { agents } = await repo.accountCounts();
    return json(agents ? { firstRun: false } : { firstRun: true, command: CREATE_ADMIN_COMMAND });
  });
}
