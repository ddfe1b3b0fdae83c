/**
 * Whether `value` has the shape of a BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`). Locales
 * come from outside (a widget, a provider, a profile) and key text tables: anything else —
 * `constructor`, `__proto__`, a sentence — is not a language, and must never reach a lookup.
 */
export function isLocaleTag(value: unknown): value is string {
  return typeof value === 'string' && LOCALE_TAG.test(value);
}

/** The shape `isLocaleTag` accepts (no flags, so JSON schemas can carry it as a `pattern`). */
export const LOCALE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
