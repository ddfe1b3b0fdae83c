import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from '../main';
import { botTemplate } from '../init/template';

const command: Command = {
  name: 'init',
  summary: 'Create a new bot folder: bot.yaml, a YAML dialog, an article and a conversation test',
  usage: `Usage: switchboard init [dir] [--name NAME]

Writes a small working bot into dir (default: the current folder), which must be empty or absent:
bot.yaml, dialogs/newsletter.yaml (a form with an ask), dialogs/out-of-scope.txt,
knowledge/opening-hours.en.md and tests/newsletter.yaml. Then:
  npx switchboard validate dir && npx switchboard test dir && npx switchboard start dir
  --name NAME   the bot's name (default: the folder's name)`,
  options: { name: { type: 'string' } },
  async run({ values, positionals }) {
    const dir = resolve(positionals[0] ?? '.');
    if (existsSync(dir) && readdirSync(dir).length) {
      console.error(`${dir} is not empty: init writes only into an empty or new folder, so nothing of yours is overwritten.`);
      return 2;
    }
    const files = botTemplate((values.name as string | undefined) ?? basename(dir));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const near = relative(process.cwd(), dir);
    const shown = near.startsWith('..') ? dir : near || '.';
    console.log(`Created a bot in ${dir}:\n${Object.keys(files).map((f) => `  ${f}`).join('\n')}\n`);
    console.log(`Next:\n  npx switchboard validate ${shown}\n  npx switchboard test ${shown}\n  npx switchboard start ${shown}   # then open http://localhost:3000`);
    return 0;
  },
};

export default command;
