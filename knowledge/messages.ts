import type { Bot } from '../core/bot';

/**
 * The knowledge base's own phrases per language. A bot overrides any of them in `bot.yaml` under
 * `messages.<locale>.kb.<key>` (e.g. `messages.es: { "kb.clarify": "…" }`).
 */
export const KB_MESSAGES: Record<string, Record<string, string>> = {
  en: {
    onlyIn: 'I only have this in {language}:',
    translated: '(Translated from {language}.)',
    source: 'Source',
    sources: 'Sources',
    clarify: "I'm not sure I understood. Is it about one of these?",
    none: 'None of these',
    helpful: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for letting us know!',
    sorry: "Sorry that didn't help. Try asking in other words, or ask for a person.",
  },
  es: {
    onlyIn: 'Solo tengo esto en {language}:',
    translated: '(Traducido del {language}.)',
    source: 'Fuente',
    sources: 'Fuentes',
    clarify: 'No estoy seguro de haberte entendido. ¿Se trata de alguno de estos temas?',
    none: 'Ninguno de estos',
    helpful: '¿Te ha sido útil?',
    yes: 'Sí',
    no: 'No',
    thanks: '¡Gracias por decírnoslo!',
    sorry: 'Siento que no te haya ayudado. Prueba a preguntarlo de otra forma o pide hablar con una persona.',
  },
  de: {
    onlyIn: 'Das habe ich nur auf {language}:',
    translated: '(Aus dem {language} übersetzt.)',
    source: 'Quelle',
    sources: 'Quellen',
    clarify: 'Ich bin nicht sicher, ob ich dich richtig verstanden habe. Geht es um eines dieser Themen?',
    none: 'Nichts davon',
    helpful: 'Hat dir das geholfen?',
    yes: 'Ja',
    no: 'Nein',
    thanks: 'Danke für die Rückmeldung!',
    sorry: 'Schade, dass das nicht geholfen hat. Frag gern mit anderen Worten oder nach einem Menschen.',
  },
  fr: {
    onlyIn: "Je n'ai cette information qu'en {language} :",
    translated: '(Traduit de l’{language}.)',
    source: 'Source',
    sources: 'Sources',
    clarify: "Je ne suis pas sûr d'avoir compris. Est-ce à propos de l'un de ces sujets ?",
    none: 'Aucun de ceux-ci',
    helpful: 'Cette réponse vous a-t-elle aidé ?',
    yes: 'Oui',
    no: 'Non',
    thanks: 'Merci pour votre retour !',
    sorry: "Désolé que cela n'ait pas aidé. Reformulez votre question ou demandez à parler à une personne.",
  },
};

/** A knowledge-base phrase in `locale`: the bot's override, else the built-in, else English. */
export function kbText(bot: Bot | undefined, key: string, locale: string, vars: Record<string, string> = {}): string {
  const lang = locale.toLowerCase().split('-')[0];
  const own = bot?.config.messages[locale]?.[`kb.${key}`] ?? bot?.config.messages[lang]?.[`kb.${key}`];
  const text = own ?? KB_MESSAGES[lang]?.[key] ?? KB_MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}

/** A language's name in another language: `languageName('en', 'es')` → `inglés`. */
export function languageName(code: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
