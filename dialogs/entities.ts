import type { Chrono } from 'chrono-node';
import type { CountryCode } from 'libphonenumber-js';
import { lazy } from '../core/lazy';
import { normalize } from './commands';
import type { SlotType } from './schema';

/** The result of reading a slot value from what the customer wrote. */
export type Parsed = { ok: true; value: unknown } | { ok: false };

/** What the value parser needs to know about the slot and the turn. */
export interface ParseOptions {
  type: SlotType;
  locale: string;
  /** The payload of the button pressed, if one was. */
  payload?: string;
  choices?: Array<{ value: string; titles: string[]; synonyms?: string[] }>;
  pattern?: string;
  min?: number;
  max?: number;
  past?: boolean;
  future?: boolean;
  /** "Today" for relative dates (tests pin it). */
  now?: Date;
}

// The date and phone parsers are loaded by the first slot that needs one (chrono-node alone is
// ~270 modules): a bot that never asks for a date or a phone number starts without them.
const phoneNumbers = lazy(() => require('libphonenumber-js') as typeof import('libphonenumber-js'));
const chronoParsers = lazy((): Record<string, Chrono> => {
  const chrono = require('chrono-node') as typeof import('chrono-node');
  return { en: chrono.en.casual, es: chrono.es.casual, de: chrono.de.casual, fr: chrono.fr.casual, pt: chrono.pt.casual, it: chrono.it.casual };
});
const COUNTRY: Record<string, CountryCode> = { en: 'US', es: 'ES', de: 'DE', fr: 'FR' };
const YES = new Set(['yes', 'y', 'yeah', 'yep', 'sure', 'ok', 'okay', 'correct', 'si', 'claro', 'vale', 'ja', 'jawohl', 'genau', 'oui', 'ouais', 'daccord', 'd accord', 'sim', 'certo', 'exato', 'pode ser', 'esatto', 'certamente', 'va bene', 'd accordo']);
const NO = new Set(['no', 'n', 'nope', 'not', 'nah', 'nein', 'ne', 'non', 'pas du tout', 'nao', 'nem pensar', 'assolutamente no']);

/** Reads a slot value of `options.type` from `text`, in the customer's language, and validates it. */
export function parseValue(text: string, options: ParseOptions): Parsed {
  const value = read(text.trim(), options);
  if (value === undefined) return { ok: false };
  return valid(value, options) ? { ok: true, value } : { ok: false };
}

function read(text: string, o: ParseOptions): unknown {
  const lang = o.locale.toLowerCase().split('-')[0];
  switch (o.type) {
    case 'text':
      return text || undefined;
    case 'number':
      return parseNumber(text, lang);
    case 'date':
      return parseDate(text, lang, o.now);
    case 'email': {
      const m = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i.exec(text);
      return m?.[0].toLowerCase();
    }
    case 'phone': {
      const region = /-([a-z]{2})$/i.exec(o.locale)?.[1]?.toUpperCase() as CountryCode | undefined;
      const phone = phoneNumbers().parsePhoneNumberFromString(text, region ?? COUNTRY[lang] ?? 'US');
      return phone?.isValid() ? phone.number : undefined;
    }
    case 'choice':
      return readChoice(text, o);
    case 'yes-no': {
      if (o.payload === 'yes' || o.payload === 'no') return o.payload === 'yes';
      const words = normalize(text);
      const first = words.split(' ')[0];
      if (YES.has(words) || YES.has(first)) return true;
      if (NO.has(words) || NO.has(first)) return false;
      return undefined;
    }
    case 'regex': {
      const m = new RegExp(o.pattern ?? '.+', 'iu').exec(text);
      return m?.[0];
    }
  }
}

function readChoice(text: string, o: ParseOptions): string | undefined {
  const choices = o.choices ?? [];
  if (o.payload) {
    const byPayload = choices.find((c) => c.value === o.payload);
    if (byPayload) return byPayload.value;
  }
  const said = normalize(text);
  if (!said) return undefined;
  const names = (c: (typeof choices)[number]) => [c.value, ...c.titles, ...(c.synonyms ?? [])].map(normalize);
  const exact = choices.find((c) => names(c).includes(said));
  if (exact) return exact.value;
  // A choice's name said inside a longer sentence ("it arrived damaged") counts when only one matches.
  const inside = choices.filter((c) => names(c).some((n) => n && ` ${said} `.includes(` ${n} `)));
  return inside.length === 1 ? inside[0].value : undefined;
}

/**
 * Numbers as written in the customer's language: "1,234.5" in English, "1.234,5" or "1 234,5" in
 * Spanish, German and French. A lone separator followed by three digits is read as thousands.
 */
export function parseNumber(text: string, lang: string): number | undefined {
  const m = /-?\d[\d.,\s\u00a0\u202f]*/.exec(text);
  if (!m) return undefined;
  let s = m[0].trim().replace(/[\s\u00a0\u202f]/g, '');
  const decimal = lang === 'en' ? '.' : ',';
  const group = decimal === '.' ? ',' : '.';
  s = s.split(group).join('');
  if (decimal === ',') s = s.replace(',', '.');
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A date in the customer's language ("tomorrow", "el 3 de marzo", "3. März", "le 3 mars", "ontem", "ieri") as YYYY-MM-DD. */
export function parseDate(text: string, lang: string, now = new Date()): string | undefined {
  const parsers = chronoParsers();
  const parser = parsers[lang] ?? parsers.en;
  const date = parser.parseDate(text, now) ?? (parser === parsers.en ? undefined : parsers.en.parseDate(text, now));
  if (!date) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function valid(value: unknown, o: ParseOptions): boolean {
  if (typeof value === 'number') {
    if (o.min !== undefined && value < o.min) return false;
    if (o.max !== undefined && value > o.max) return false;
  }
  if (o.type === 'date' && typeof value === 'string') {
    const today = parseDate('today', 'en', o.now) as string;
    if (o.past && value > today) return false;
    if (o.future && value < today) return false;
  }
  if (typeof value === 'string' && o.type !== 'regex' && o.pattern && !new RegExp(o.pattern, 'iu').test(value)) return false;
  return true;
}
