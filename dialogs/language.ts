import { base, detectLanguage as detect, type LanguageContext } from '../core/language';
import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';

/**
 * The language of a customer's message among the bot's `supported` locales, through the one
 * detector (`core/language.ts`): the script, everyday words and letters, and statistics, weighed
 * against the conversation's language so far (`current`) and the channel's `hint`. Undefined when
 * the text says nothing ("ok", "NW-1001") and neither is known, or is in a language the bot does not speak.
 */
export function detectLanguage(text: string, supported: string[], context: Omit<LanguageContext, 'candidates'> = {}): string | undefined {
  return detect(text, { ...context, candidates: supported });
}

/** Pins the conversation's language (a language menu, a profile setting): detection no longer changes it. */
export function setLanguage(ctx: TurnContext, locale: string): void {
  ctx.locale = locale;
  ctx.state.localePinned = true;
}

/**
 * Middleware: the conversation's language follows the customer. Each message is checked against
 * the bot's locales, with the conversation's language from earlier turns as the strong prior
 * (a Spanish conversation stays Spanish on "ok") and the channel's locale (browser, phone) as a
 * weak one, so a first "hola" from an English browser is Spanish. A pinned choice
 * (`setLanguage`) overrides detection; an unsupported language falls back to the bot's default.
 */
export function detectLanguageMiddleware(): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const { locales, defaultLocale } = ctx.bot.config;
    const current = typeof ctx.state.locale === 'string' ? ctx.state.locale : undefined;
    const given = ctx.message.locale ?? ctx.customer.profile.locale;
    const hint = given ? supportedLocale(given, locales) : undefined;
    let detected: string | undefined;
    if (!ctx.state.localePinned) {
      detected = ctx.text ? detectLanguage(ctx.text, locales, { current, hint }) : undefined;
      const locale = detected ?? current ?? hint ?? defaultLocale;
      if (locale !== current) ctx.locale = locale;
    }
    ctx.trace.language = { locale: ctx.locale, detected, ...(ctx.state.localePinned ? { pinned: true } : {}) };
    ctx.message.metadata = { ...ctx.message.metadata, locale: ctx.locale };
    await next();
  };
}

/** The bot's locale matching `given` exactly or by base language (`es-MX` → `es`), if any. */
function supportedLocale(given: string, locales: string[]): string | undefined {
  const lower = given.toLowerCase();
  return locales.find((l) => l.toLowerCase() === lower) ?? locales.find((l) => base(l) === base(lower));
}
