import type { Command } from '../main';
import { readPassword } from '../password';
import { hashPassword } from '../../handoff/auth';
import { HandoffRepository } from '../../handoff/repository';
import type { Role } from '../../handoff/model';
import { defaultModules } from '../../server/modules';
import { openBotStore } from '../../server/store';

const ROLES: Role[] = ['agent', 'editor', 'admin'];

const command: Command = {
  name: 'agents',
  summary: 'Create console accounts (the first admin) and list them',
  usage: `Usage: switchboard agents add --email you@example.com --name "Your Name" [--role admin] [--password-stdin] [--bot botDir]
       switchboard agents list [--bot botDir]

add    creates a console account. The password is asked for at the terminal (not shown), or read
       from stdin with --password-stdin (e.g. echo "$PASSWORD" | switchboard agents add …).
       --role agent (answers customers, the default), editor (also edits knowledge) or admin
       (everything: agents, queues). --skills lang:es,topic:billing  --capacity 3
list   prints every account: name, e-mail, role, skills, status.
The store is the one the bot uses: DATABASE_URL, else .data/<bot>.db (bot from --bot, default bots/demo).`,
  options: {
    bot: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    skills: { type: 'string' },
    capacity: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  kind(name) {
    return name === 'add' ? add : name === 'list' ? list : undefined;
  },
  async run() {
    console.error(command.usage);
    return 2;
  },
};

const add: Command = {
  ...command,
  name: 'agents add',
  async run({ values }) {
    const email = String(values.email ?? '').trim();
    const name = String(values.name ?? '').trim();
    const role = String(values.role ?? 'agent') as Role;
    const capacity = Number(values.capacity ?? 3);
    const problems = [
      !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) && '--email must be an e-mail address',
      !name && '--name is required: customers see it on your messages',
      !ROLES.includes(role) && `--role must be one of ${ROLES.join(', ')}`,
      !(Number.isInteger(capacity) && capacity >= 1 && capacity <= 50) && '--capacity must be a whole number from 1 to 50',
    ].filter(Boolean);
    if (problems.length) {
      console.error(`${problems.join('\n')}\n\n${command.usage}`);
      return 2;
    }
    let password: string;
    try {
      password = await readPassword({ fromStdin: Boolean(values['password-stdin']), prompt: `Password for ${email} (at least 8 characters): ` });
    } catch (err) {
      console.error((err as Error).message);
      return 2;
    }
    if (password.length < 8) {
      console.error('The password needs at least 8 characters; nothing was created.');
      return 2;
    }
    return withRepo(values, async (repo) => {
      if (await repo.agentByEmail(email)) {
        console.error(`An account with e-mail ${email} exists already; nothing was created.`);
        return 1;
      }
      const skills = String(values.skills ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const agent = await repo.createAgent({ name, email, role, skills, capacity, passwordHash: await hashPassword(password) });
      console.log(`Created ${agent.role} ${agent.name} <${agent.email}>. Sign in at /console/login.`);
      return 0;
    });
  },
};

const list: Command = {
  ...command,
  name: 'agents list',
  async run({ values }) {
    return withRepo(values, async (repo) => {
      const agents = await repo.agents();
      if (!agents.length) console.log('No accounts yet. Create the first admin with: switchboard agents add --email you@example.com --name "Your Name" --role admin');
      for (const a of agents) console.log(`${a.name} <${a.email}>  ${a.role}  ${a.skills.join(',') || '-'}  ${a.status}`);
      return 0;
    });
  },
};

/** Opens the bot's store (with every module's tables, as `start` would make them) for the command. */
async function withRepo(values: Record<string, unknown>, run: (repo: HandoffRepository) => Promise<number>): Promise<number> {
  const store = await openBotStore(String(values.bot ?? 'bots/demo'), { migrations: defaultModules().flatMap((m) => m.migrations ?? []) });
  try {
    return await run(new HandoffRepository(store.sql, () => store.now()));
  } finally {
    await store.close();
  }
}

export default command;
