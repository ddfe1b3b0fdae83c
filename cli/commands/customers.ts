import { writeFileSync } from 'node:fs';
import type { Command } from '../main';
import { eraseCustomer, exportCustomer } from '../../identity/privacy';
import type { AppModule } from '../../core/module';
import { openCustomerData } from '../../server/customer-data';
import { defaultModules } from '../../server/modules';

/**
 * `switchboard customers` for an app of `modules` (by default the server's, `defaultModules`): the
 * bot's store gets their tables, as `start` would make them, and export and erasure run their
 * declarations — the same composition as the server's customers API.
 */
export function customersCommand(modules: () => readonly AppModule[] = defaultModules): Command {
  const command: Command = {
    name: 'customers',
    summary: 'Export or erase everything held about a customer (privacy requests)',
    usage: `Usage: switchboard customers export <customerId> [--bot botDir] [--out file.json]
       switchboard customers delete <customerId> [--bot botDir] --yes

export  prints (or writes) every row about the customer, across channels, as JSON.
delete  erases every row about the customer (transcripts, addresses, state, outbox, module data);
        only an anonymous count remains. Needs --yes.
The store is the one the bot uses: DATABASE_URL, else .data/<bot>.db (bot from --bot, default bots/demo).`,
    options: { bot: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' } },
    async run({ values, positionals }) {
      const [action, customerId] = positionals;
      if (!['export', 'delete'].includes(action) || !customerId) {
        console.error(command.usage);
        return 2;
      }
      const { store, declarations } = await openCustomerData(String(values.bot ?? 'bots/demo'), modules());
      try {
        if (action === 'export') {
          const data = await exportCustomer(store.sql, customerId, declarations);
          if (!data) return notFound(customerId);
          const text = JSON.stringify(data, null, 2);
          if (values.out) writeFileSync(String(values.out), text + '\n');
          else console.log(text);
          return 0;
        }
        if (!values.yes) {
          console.error(`This erases everything about ${customerId} and cannot be undone. Run again with --yes.`);
          return 2;
        }
        if (!(await eraseCustomer(store.sql, customerId, 'cli', declarations))) return notFound(customerId);
        console.log(`Erased customer ${customerId}.`);
        return 0;
      } finally {
        await store.close();
      }
    },
  };
  return command;
}

function notFound(id: string): number {
  console.error(`No customer ${id}`);
  return 1;
}

export default customersCommand();
