import type { Bot } from '../core/bot';
import type { Text } from './schema';

/**
 * Picks the text for `locale` from a per-locale `Text`: the exact tag, its base language, the
 * bot's default locale, English, then the first given — so a missing translation never leaves
 * the customer without an answer.
 */
export function pickText(text: Text, locale: string, defaultLocale: string): string {
  if (typeof text === 'string') return text;
  const lang = locale.toLowerCase();
  return text[lang] ?? text[lang.split('-')[0]] ?? text[defaultLocale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/**
 * Fills `{{slots.x}}`, `{{profile.name}}`, `{{locale}}`, `{{channel}}` from `values` (unknown → '').
 * `{{slots.day | date}}` writes a YYYY-MM-DD date the way the customer's language does
 * ("December 2, 2026", "2. Dezember 2026"); `| number` formats a number likewise.
 */
export function fillTemplate(template: string, values: Record<string, unknown>, encode: (value: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*(?:\|\s*(date|number)\s*)?\}\}/g, (_m, path: string, filter?: string) => {
    let v: unknown = values;
    // Own properties only: `{{slots.constructor}}` names nothing, not Object's constructor.
    for (const key of path.split('.')) v = v && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    if (v === undefined || v === null) return '';
    const locale = typeof values.locale === 'string' ? values.locale : 'en';
    if (filter === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`));
    }
    if (filter === 'number' && typeof v === 'number') return encode(new Intl.NumberFormat(locale).format(v));
    return encode(typeof v === 'object' ? JSON.stringify(v) : String(v));
  });
}

/** The runtime's own texts, in the languages the demo speaks. Bots override any of them in `bot.yaml` `messages`. */
export const RUNTIME_TEXTS: Record<string, Record<string, string>> = {
  en: {
    'dialog.cancelled': 'OK, I stopped that. What else can I help you with?',
    'dialog.nothingToCancel': 'There is nothing to cancel. What can I help you with?',
    'dialog.help': 'Say "cancel" to stop, "start over" to begin again, or "talk to a person" for an agent.',
    'dialog.retry': "Sorry, I didn't get that.",
    'dialog.gaveUp': "Sorry, I couldn't understand. Let's leave it there for now.",
    'dialog.noAgent': 'No agent is available right now. Please try again later, or keep chatting with me.',
    'dialog.handedOff': "I'm passing you to a person. They'll answer here shortly.",
    'dialog.noAnswer': "Sorry, I don't know the answer to that.",
    'dialog.resume': "Let's continue.",
    'dialog.callFailed': 'Sorry, I could not look that up right now.',
    'dialog.yes': 'Yes',
    'dialog.no': 'No',
    'dialog.language': "OK, I'll continue in English.",
  },
  es: {
    'dialog.cancelled': 'De acuerdo, lo he cancelado. ¿En qué más puedo ayudarte?',
    'dialog.nothingToCancel': 'No hay nada que cancelar. ¿En qué puedo ayudarte?',
    'dialog.help': 'Di "cancelar" para parar, "empezar de nuevo" para volver a empezar o "hablar con una persona".',
    'dialog.retry': 'Perdona, no lo he entendido.',
    'dialog.gaveUp': 'Lo siento, no lo he entendido. Lo dejamos aquí por ahora.',
    'dialog.noAgent': 'Ahora mismo no hay ningún agente disponible. Inténtalo más tarde o sigue hablando conmigo.',
    'dialog.handedOff': 'Te paso con una persona. Te responderá aquí en breve.',
    'dialog.noAnswer': 'Lo siento, no sé la respuesta.',
    'dialog.resume': 'Sigamos.',
    'dialog.callFailed': 'Lo siento, ahora mismo no puedo consultarlo.',
    'dialog.yes': 'Sí',
    'dialog.no': 'No',
    'dialog.language': 'De acuerdo, seguimos en español.',
  },
  de: {
    'dialog.cancelled': 'Okay, ich habe das abgebrochen. Wobei kann ich sonst helfen?',
    'dialog.nothingToCancel': 'Es gibt nichts abzubrechen. Wobei kann ich helfen?',
    'dialog.help': 'Sag "abbrechen" zum Aufhören, "von vorne" zum Neustarten oder "mit einem Menschen sprechen".',
    'dialog.retry': 'Entschuldigung, das habe ich nicht verstanden.',
    'dialog.gaveUp': 'Entschuldigung, ich habe es nicht verstanden. Belassen wir es vorerst dabei.',
    'dialog.noAgent': 'Gerade ist niemand verfügbar. Bitte versuche es später noch einmal oder schreib weiter mit mir.',
    'dialog.handedOff': 'Ich verbinde dich mit einem Menschen. Du bekommst hier gleich eine Antwort.',
    'dialog.noAnswer': 'Tut mir leid, darauf weiß ich keine Antwort.',
    'dialog.resume': 'Machen wir weiter.',
    'dialog.callFailed': 'Tut mir leid, das kann ich gerade nicht nachsehen.',
    'dialog.yes': 'Ja',
    'dialog.no': 'Nein',
    'dialog.language': 'Okay, wir machen auf Deutsch weiter.',
  },
  fr: {
    'dialog.cancelled': "D'accord, j'ai annulé. Que puis-je faire d'autre pour vous ?",
    'dialog.nothingToCancel': "Il n'y a rien à annuler. Comment puis-je vous aider ?",
    'dialog.help': 'Dites « annuler » pour arrêter, « recommencer » pour reprendre depuis le début ou « parler à une personne ».',
    'dialog.retry': "Désolé, je n'ai pas compris.",
    'dialog.gaveUp': "Désolé, je n'ai pas compris. Restons-en là pour le moment.",
    'dialog.noAgent': "Aucun conseiller n'est disponible pour le moment. Réessayez plus tard ou continuez avec moi.",
    'dialog.handedOff': 'Je vous passe une personne. Elle vous répondra ici dans un instant.',
    'dialog.noAnswer': 'Désolé, je ne connais pas la réponse.',
    'dialog.resume': 'Reprenons.',
    'dialog.callFailed': "Désolé, je ne peux pas vérifier cela pour l'instant.",
    'dialog.yes': 'Oui',
    'dialog.no': 'Non',
    'dialog.language': "D'accord, continuons en français.",
  },
};

/** A runtime text: the bot's own (`bot.yaml` messages) first, then the built-in one, then English. */
export function runtimeText(bot: Bot, key: string, locale: string): string {
  const lang = locale.toLowerCase();
  const base = lang.split('-')[0];
  const own = bot.config.messages;
  return (
    own[lang]?.[key] ??
    own[base]?.[key] ??
    RUNTIME_TEXTS[lang]?.[key] ??
    RUNTIME_TEXTS[base]?.[key] ??
    own[bot.config.defaultLocale]?.[key] ??
    RUNTIME_TEXTS[bot.config.defaultLocale]?.[key] ??
    RUNTIME_TEXTS.en[key] ??
    key
  );
}
