/**
 * The one text lookup. Every module registers its built-in texts here (per language, under a
 * key prefix such as `kb.` or `handoff.`), and every text the bot shows a customer is looked up
 * with one fallback order: the customer's locale (`pt-BR`), its base language (`pt`), the bot's
 * default locale, then English. At each step the bot's own `bot.yaml` `messages:` win over the
 * built-in text, so a bot overrides any text by its full key (`messages.es: { "kb.source": … }`).
 */

/** Texts by locale, then by key: `{ en: { source: 'Source' }, es: { source: 'Fuente' } }`. */
export type TextTable<K extends string = string> = Record<string, Record<K, string>>;

/** Where a bot's own texts come from: `bot.yaml` `messages:` and its default locale. */
export interface TextSource {
  messages: Record<string, Record<string, string>>;
  defaultLocale: string;
}

/** Values for `{name}` (and `{{name}}`) placeholders. */
export type TextValues = Record<string, string | number>;

/** The languages every built-in text exists in (a test holds every registered table to it). */
export const BUILT_IN_LANGUAGES = ['en', 'es', 'de', 'fr', 'pt', 'it', 'nl', 'pl', 'tr', 'ru', 'ar', 'zh', 'ja'] as const;

/** Built-in texts by locale, then by full key (`kb.source`). */
const BUILT_IN = new Map<string, Map<string, string>>();
/** Every registered full key, by the prefix it was registered under (for checks and tests). */
const KEYS = new Map<string, string[]>();

/**
 * Registers a module's built-in texts under `prefix` (`'kb'` → keys `kb.source`…; `''` for
 * unprefixed keys such as `fallback`) and returns a typed lookup for them, so a misspelt key is a
 * compile error. Registering the same prefix again (a re-imported module) replaces it.
 */
export function registerTexts<K extends string>(prefix: string, table: TextTable<K>): TextLookup<K> {
  const full = (key: string) => (prefix ? `${prefix}.${key}` : key);
  for (const [locale, texts] of Object.entries(table)) {
    const into = BUILT_IN.get(locale) ?? new Map<string, string>();
    BUILT_IN.set(locale, into);
    for (const [key, text] of Object.entries(texts) as Array<[string, string]>) into.set(full(key), text);
  }
  KEYS.set(prefix, Object.keys(table.en ?? {}).map(full));
  return (source, key, locale, values) => lookupText(source, full(key), locale, values);
}

/** A module's typed lookup, as {@link registerTexts} returns it. */
export type TextLookup<K extends string> = (source: TextSource | undefined, key: K, locale: string | undefined, values?: TextValues) => string;

/**
 * The text for `key` in `locale`, placeholders filled: the bot's own or the built-in text for the
 * exact locale, its base language, the bot's default locale, then English; the key itself when
 * nothing has it (so a missing text shows up in tests instead of as an empty message).
 */
export function lookupText(source: TextSource | undefined, key: string, locale: string | undefined, values: TextValues = {}): string {
  const own = source?.messages ?? {};
  for (const candidate of fallbackLocales(locale, source?.defaultLocale)) {
    const text = own[candidate]?.[key] ?? BUILT_IN.get(candidate)?.get(key);
    if (text !== undefined) return fill(text, values);
  }
  return key;
}

/** The order locales are tried in: `pt-BR` → `pt-br`, `pt`, the default, its base, `en`. */
export function fallbackLocales(locale: string | undefined, defaultLocale = 'en'): string[] {
  const out: string[] = [];
  for (const tag of [locale, defaultLocale, 'en']) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    for (const candidate of [tag, lower, lower.split(/[-_]/)[0]!]) if (!out.includes(candidate)) out.push(candidate);
  }
  return out;
}

/** The built-in text of `key` in exactly `locale` (no fallback), for checks. */
export function builtInText(key: string, locale: string): string | undefined {
  return BUILT_IN.get(locale)?.get(key);
}

/** Every registered built-in key, by the prefix its module registered it under. */
export function builtInKeys(): ReadonlyMap<string, readonly string[]> {
  return KEYS;
}

/** Whether the built-in texts cover a language (its base language counts: `pt-BR` → `pt`). */
export function hasBuiltInTexts(locale: string): boolean {
  return BUILT_IN.has(locale.toLowerCase().split(/[-_]/)[0]!);
}

/** Fills `{name}` placeholders; one without a value becomes empty rather than showing braces to a customer. */
function fill(text: string, values: TextValues): string {
  // Without values the caller fills the text itself (or it has no placeholders).
  if (!text.includes('{') || !Object.keys(values).length) return text;
  // `{{slots.x}}` belongs to the dialog templates, filled later by their own code.
  return text.replace(/(?<!\{)\{(\w+)\}(?!\})/g, (_whole, name: string) => (values[name] === undefined ? '' : String(values[name])));
}

/**
 * What is missing for the languages a bot lists in `locales:`: a locale without built-in texts,
 * and bot-authored texts (`messages:`) that some listed locale lacks. Each problem names the
 * locale, so `switchboard validate` can point at it; customers in that locale would otherwise
 * get the default locale's texts.
 */
export function localeTextProblems(config: TextSource & { locales: string[] }): string[] {
  const problems: string[] = [];
  const authored = new Set(Object.values(config.messages).flatMap((texts) => Object.keys(texts)));
  for (const locale of config.locales) {
    if (!hasBuiltInTexts(locale)) {
      problems.push(`locale "${locale}" has no built-in texts (there are: ${BUILT_IN_LANGUAGES.join(', ')}); add messages.${locale} for the bot's texts or remove it from locales`);
    }
    const tags = [locale, locale.toLowerCase(), locale.toLowerCase().split(/[-_]/)[0]!];
    const own = (key: string) => tags.some((l) => config.messages[l]?.[key] !== undefined);
    const missing = [...authored].filter((key) => !own(key));
    if (missing.length === authored.size && authored.size) problems.push(`locale "${locale}" is in locales but messages has no texts for it (missing: ${missing.join(', ')})`);
    else if (missing.length) problems.push(`locale "${locale}" lacks messages: ${missing.join(', ')} (its customers would get ${config.defaultLocale} texts)`);
  }
  return problems;
}
