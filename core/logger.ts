import pino from 'pino';

/** The structured logger every part writes to. */
export type Logger = pino.Logger;

const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const CARD = /\b(?:\d[ -]?){13,19}\b/g;

/** Masks phone numbers, e-mail addresses and card numbers in a string. */
export function redactPII(text: string): string {
  return text.replace(EMAIL, '[email]').replace(CARD, '[card]').replace(PHONE, '[phone]');
}

/**
 * A pino logger. PII redaction is on by default: log lines never carry raw phone numbers,
 * e-mails or card numbers (set `redact: false` only for local debugging).
 */
export function createLogger(options: { level?: string; redact?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const redact = options.redact ?? true;
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      hooks: redact
        ? {
            streamWrite: (line: string) => redactPII(line),
          }
        : undefined,
    },
    options.destination,
  );
}

/** A logger that writes nothing: the default in tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
