import { detectAll } from 'tinyld';
import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';

/** Options for language detection. */
export interface LanguageOptions {
  /** Shortest text (in letters) that may switch the language; "ok" or "NW-1001" never does. */
  minLetters?: number;
  /** Least words that may switch it. */
  minWords?: number;
  /** Detector score (0–1) that switches on its own; lower scores must beat the runner-up 2.5 to 1. */
  minConfidence?: number;
}

/**
 * Detects the language of `text` among `supported`, or undefined when unsure: the text is short,
 * the detector's confidence is low, or the language is not one the bot speaks.
 */
export function detectLanguage(text: string, supported: string[], options: LanguageOptions = {}): string | undefined {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const words = text.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
  if (letters < (options.minLetters ?? 12) || words < (options.minWords ?? 3)) return undefined;
  const bases = supported.map((l) => l.toLowerCase().split('-')[0]);
  // tinyld's scores are not probabilities: a clear French sentence can score 0.1. Trust the top
  // language when it scores high, or clearly beats the runner-up among all languages it knows.
  const [best, second] = detectAll(text);
  if (!best || !bases.includes(best.lang)) return undefined;
  const clear = best.accuracy >= (options.minConfidence ?? 0.5) || (best.accuracy >= 0.05 && best.accuracy >= 2.5 * (second?.accuracy ?? 0));
  return clear ? supported[bases.indexOf(best.lang)] : undefined;
}

/** Pins the conversation's language (a language menu, a profile setting): detection no longer changes it. */
export function setLanguage(ctx: TurnContext, locale: string): void {
  ctx.locale = locale;
  ctx.state.localePinned = true;
}

/**
 * Middleware: the conversation's language follows the customer. Each message is checked; the
 * language switches only on confident detection of reasonably long text in a language the bot
 * speaks, and sticks for the rest of the conversation. A channel-given locale seeds it; a pinned
 * choice (`setLanguage`) overrides detection.
 */
export function detectLanguageMiddleware(options: LanguageOptions = {}): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const { locales, defaultLocale } = ctx.bot.config;
    if (!ctx.state.locale) {
      const given = ctx.message.locale ?? ctx.customer.profile.locale;
      const base = given?.toLowerCase().split('-')[0];
      const known = locales.find((l) => l.toLowerCase() === given?.toLowerCase()) ?? locales.find((l) => l.split('-')[0] === base);
      // An unsupported language falls back to the bot's default rather than to texts nobody wrote.
      ctx.locale = known ?? defaultLocale;
    }
    let detected: string | undefined;
    if (!ctx.state.localePinned && ctx.text) {
      detected = detectLanguage(ctx.text, locales, options);
      if (detected && detected !== ctx.locale) ctx.locale = detected;
    }
    ctx.trace.language = { locale: ctx.locale, detected, ...(ctx.state.localePinned ? { pinned: true } : {}) };
    ctx.message.metadata = { ...ctx.message.metadata, locale: ctx.locale };
    await next();
  };
}
