import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../main';

const DIR = join(__dirname, '..', 'eval');

/** The evaluations available: one file per kind in `cli/eval/` (intents, retrieval…). */
function kinds(): string[] {
  return existsSync(DIR)
    ? readdirSync(DIR)
        .filter((f) => /^[a-z][\w-]*\.ts$/.test(f) && !f.endsWith('.test.ts'))
        .map((f) => f.replace(/\.ts$/, ''))
    : [];
}

const command: Command = {
  name: 'eval',
  summary: 'Measure quality on a dataset: eval answers | routing | retrieval | intents | photos',
  get usage() {
    return `Usage: switchboard eval <kind> [options]\n\nKinds: ${kinds().join(', ') || '(none installed)'}\nRun "switchboard eval <kind> --help" for a kind's options.`;
  },
  /** `switchboard eval <kind> …` runs `cli/eval/<kind>.ts` with the remaining arguments. */
  kind(name: string): Command | undefined {
    if (!kinds().includes(name)) return undefined;
    return (require(join(DIR, `${name}.ts`)) as { default: Command }).default;
  },
  async run() {
    console.error(command.usage);
    return 2;
  },
};

export default command;
