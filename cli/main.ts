import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `switchboard` subcommand. */
export interface Command {
  name: string;
  /** One line for `switchboard help`. */
  summary: string;
  /** Usage and options, shown by `switchboard <name> --help`. */
  usage: string;
  options?: ParseArgsConfig['options'];
  /** For commands with kinds (`eval intents`): the command for one kind, or undefined if unknown. */
  kind?(name: string): Command | undefined;
  /** Runs the command; resolves with the exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

/**
 * Every command: one file per command in `cli/commands/`, each default-exporting a `Command`
 * (so a module adds a command by adding a file). Loaded on demand with `require`, which works
 * under tsx and jest alike.
 */
function commands(): Map<string, () => Command> {
  const dir = join(__dirname, 'commands');
  const found = new Map<string, () => Command>();
  for (const file of readdirSync(dir).sort()) {
    const match = /^([a-z][\w-]*)\.(ts|js)$/.exec(file);
    if (!match || file.endsWith('.d.ts') || file.endsWith('.test.ts')) continue;
    found.set(match[1], () => (require(join(dir, file)) as { default: Command }).default);
  }
  return found;
}

/** Runs the CLI with `argv` (without node and the script). Resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await printHelp();
    return name ? 0 : 1;
  }
  const load = commands().get(name);
  if (!load) {
    console.error(`Unknown command "${name}". Run "switchboard help" for the list.`);
    return 2;
  }
  let command = load();
  // Commands with kinds (`eval intents`, `kb import`…) hand over to the kind's own command.
  const sub = command.kind?.bind(command);
  if (sub && rest[0] && !rest[0].startsWith('-')) {
    const kind = sub(rest[0]);
    if (!kind) {
      console.error(`Unknown "${name} ${rest[0]}".\n\n${command.usage}`);
      return 2;
    }
    command = kind;
    rest.shift();
  }
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
  for (const [name, load] of commands()) lines.push(`  ${name.padEnd(12)} ${load().summary}`);
  lines.push('', 'Run "switchboard <command> --help" for a command’s options.');
  console.log(lines.join('\n'));
}
