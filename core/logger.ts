import pino from 'pino';
import { prettyDestination } from './log-pretty';

/** The structured logger every part writes to. */
export type Logger = pino.Logger;

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const PHONE = /\+?\(?\d[\d\s().-]{6,}\d/g;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * Masks e-mail addresses, card numbers (those passing the Luhn check) and phone numbers (a `+`
 * and 8+ digits, or 9+ digits) in free text. Dates and ids are left alone.
 */
export function redactPII(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (m) => (luhn(m.replace(/\D/g, '')) ? '[card]' : m))
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 9 || (m.startsWith('+') && digits >= 8) ? '[phone]' : m;
    });
}

/** Redacts inside the JSON string values of one log line only, so numbers like `time` stay intact. */
function redactLine(line: string): string {
  return line.replace(JSON_STRING, (s) => redactPII(s));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether logs should be written for a person: `LOG_FORMAT=pretty|json` decides, else whether
 * stdout is a terminal (a person watching) or not (a file or a log collector, which wants JSON).
 */
export function wantsPrettyLogs(env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean } = process.stdout): boolean {
  if (env.LOG_FORMAT === 'json') return false;
  if (env.LOG_FORMAT === 'pretty') return true;
  return Boolean(stdout.isTTY);
}

/**
 * A pino logger. PII redaction is on by default: log lines never carry raw phone numbers,
 * e-mails or card numbers (set `redact: false` only for local debugging). Without a
 * `destination` it writes JSON to stdout, or readable lines when `wantsPrettyLogs()`.
 */
export function createLogger(options: { level?: string; redact?: boolean; destination?: pino.DestinationStream; pretty?: boolean } = {}): Logger {
  const redact = options.redact ?? true;
  const destination = options.destination ?? ((options.pretty ?? wantsPrettyLogs()) ? prettyDestination(process.stdout, process.stdout.isTTY === true) : undefined);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      // Without redaction the key is left out: pino reads `hooks.logMethod` at every call, so an
      // explicit `hooks: undefined` (which would replace its default) crashes the first log line.
      ...(redact ? { hooks: { streamWrite: redactLine } } : {}),
    },
    destination,
  );
}

/** A logger that writes nothing: the default in tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
