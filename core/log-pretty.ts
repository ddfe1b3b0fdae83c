import type { DestinationStream } from 'pino';

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '\x1b[90m' },
  20: { name: 'DEBUG', colour: '\x1b[36m' },
  30: { name: 'INFO ', colour: '\x1b[32m' },
  40: { name: 'WARN ', colour: '\x1b[33m' },
  50: { name: 'ERROR', colour: '\x1b[31m' },
  60: { name: 'FATAL', colour: '\x1b[35m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/**
 * One pino JSON line as a person reads it: `12:04:05 INFO  message key=value …`, an error's stack
 * on the lines below. Lines that are not JSON pass through unchanged.
 */
export function prettyLine(line: string, colour = true): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, msg, err, ...rest } = entry;
  const lv = LEVELS[Number(level)] ?? { name: String(level), colour: '' };
  const clock = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
  const paint = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text);
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const stack = err && typeof err === 'object' ? `\n${String((err as { stack?: unknown }).stack ?? JSON.stringify(err))}` : '';
  return `${paint(DIM, clock)} ${paint(lv.colour, lv.name)} ${String(msg ?? '')}${fields.length ? ` ${paint(DIM, fields.join(' '))}` : ''}${stack}\n`;
}

/** A pino destination writing `prettyLine`s to `out` (a terminal): what `createLogger` uses on a TTY. */
export function prettyDestination(out: NodeJS.WritableStream = process.stdout, colour = true): DestinationStream {
  return { write: (line: string) => void out.write(prettyLine(line.trimEnd(), colour)) };
}
