import { base, detectLanguage as detect } from '../../core/language';

/**
 * Language of a text, as an ISO 639-1 code, for choosing stemmers and stopwords: the one
 * detector (`core/language.ts`) with the caller's hint (the locale searched) as the prior it must
 * outweigh, so a short query keeps the hint unless its words say otherwise.
 */
export function detectLanguage(text: string, hint?: string): string {
  const held = hint ? base(hint) : undefined;
  return detect(text, { current: held }) ?? held ?? 'en';
}

/**
 * `build` run once per language and its result kept: the word lists, stemmers and tables a
 * language needs are read or parsed on first use, then shared by every call.
 */
export function perLanguage<T>(build: (lang: string) => T): (lang: string) => T {
  const built = new Map<string, T>();
  return (lang) => {
    if (!built.has(lang)) built.set(lang, build(lang));
    return built.get(lang)!;
  };
}

/** The base language of a locale tag: `es-MX` → `es` — core's `base()`, under the name knowledge's callers use. */
export const baseLanguage = base;
