import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `switchboard` subcommand. */
export interface Command {
  name: string;
  /** One line for `switchboard help`. */
  summary: string;
  /** Usage and options, shown by `switchboard <name> --help`. */
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Runs the command; resolves with the exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

/** Every command, loaded on demand (`require`, so it works under tsx and jest alike). */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (require('./commands/start') as typeof import('./commands/start')).default,
  chat: async () => (require('./commands/chat') as typeof import('./commands/chat')).default,
};

/** Registers another command (modules add theirs: validate, test, eval, kb…). */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  COMMANDS[name] = load;
}

/** Runs the CLI with `argv` (without node and the script). Resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await printHelp();
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`Unknown command "${name}". Run "switchboard help" for the list.`);
    return 2;
  }
  const command = await load();
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(command.usage);
    return 0;
  }
  return command.run(parsed as { values: Record<string, unknown>; positionals: string[] });
}

async function printHelp(): Promise<void> {
  const lines = ['Usage: switchboard <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${(await load()).summary}`);
  lines.push('', 'Run "switchboard <command> --help" for a command’s options.');
  console.log(lines.join('\n'));
}
