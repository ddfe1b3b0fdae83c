import { fallbackLocales } from '../core/texts';
import type { Question } from './config';
import { surveyText } from './texts';
import type { TextSource } from '../core/texts';

/** A parsed answer: a score for scaled and choice questions, the words for free text. */
export interface Answer {
  score?: number;
  text?: string;
}

/** Button payloads carry the score: `survey:7`. */
const PAYLOAD = /^survey:(\d{1,2})$/;
/** Yes and no in the built-in languages, beyond the localized button titles. */
const YES = /^(y|yes|yeah|yep|si|sí|ja|oui|sim|tak|evet|да|نعم|是|はい)$/i;
const NO = /^(n|no|nope|nein|non|não|nao|nee|nie|hayır|hayir|нет|لا|否|いいえ)$/i;

/** The text of a localized bot.yaml text in `locale` (its base language, the default, English, else any). */
export function localized(text: Record<string, string>, locale: string, defaultLocale: string): string {
  for (const l of fallbackLocales(locale, defaultLocale)) if (text[l] !== undefined) return text[l];
  return Object.values(text)[0];
}

/** The inclusive range of a scaled question. */
export function scale(type: Question['type']): [number, number] | undefined {
  return type === 'nps' ? [0, 10] : type === 'csat' ? [1, 5] : undefined;
}

/**
 * Reads the customer's answer to `question`: a button payload, a number in the question's range
 * (digits typed on SMS), a choice by number or by its words, yes/no words in the customer's
 * language. Undefined when the message is no answer.
 */
export function parseAnswer(question: Question, message: { text?: string; payload?: string }, locale: string, source: TextSource): Answer | undefined {
  const text = (message.text ?? '').trim();
  if (question.type === 'text') return text ? { text } : undefined;
  const range = scale(question.type);
  // Typed digits win over a button the engine matched by position (a "7" is 7 on a 0–10 scale).
  const typed = /^(\d{1,2})[.)!]?$/.exec(text)?.[1];
  const pressed = PAYLOAD.exec(message.payload ?? '')?.[1];
  const digits = range && typed !== undefined ? typed : (pressed ?? typed);
  const n = digits === undefined ? undefined : Number(digits);
  if (range) return n !== undefined && n >= range[0] && n <= range[1] ? { score: n } : undefined;
  const word = text.replace(/[.!]+$/, '').toLocaleLowerCase();
  if (question.type === 'yes_no') {
    if (pressed !== undefined) return pressed === '1' || pressed === '0' ? { score: Number(pressed) } : undefined;
    if (YES.test(word) || word === surveyText(source, 'yes', locale).toLocaleLowerCase()) return { score: 1 };
    if (NO.test(word) || word === surveyText(source, 'no', locale).toLocaleLowerCase()) return { score: 0 };
    return undefined;
  }
  const choices = question.choices ?? [];
  if (pressed !== undefined) return Number(pressed) < choices.length ? { score: Number(pressed) } : undefined;
  if (n !== undefined) return n >= 1 && n <= choices.length ? { score: n - 1 } : undefined;
  const index = choices.findIndex((c) => Object.values(c).some((t) => t.toLocaleLowerCase() === word));
  return index >= 0 ? { score: index } : undefined;
}

/**
 * Whether a message that is no answer looks like the customer moved on (a question, or a
 * sentence): then the survey lets go at once and the message is answered normally.
 */
export function movedOn(text: string | undefined): boolean {
  const t = (text ?? '').trim();
  return t.endsWith('?') || t.split(/\s+/).length > 4;
}
