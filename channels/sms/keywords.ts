/**
 * SMS compliance keywords. Carriers (and the CTIA guidelines) require that STOP and its synonyms
 * opt a number out at once, that START opts it back in, and that HELP answers with who we are.
 * Keywords match the whole message, case- and accent-insensitively ("Arrêt" = "ARRET").
 */

/** What a keyword asks for. */
export type SmsKeyword = 'opt-out' | 'opt-in' | 'help';

const KEYWORDS: Record<SmsKeyword, Record<string, string[]>> = {
  'opt-out': {
    en: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'],
    es: ['BAJA', 'PARAR', 'CANCELAR', 'DETENER'],
    de: ['STOPP', 'ABMELDEN', 'ABBESTELLEN'],
    fr: ['ARRET', 'DESABONNER', 'DESINSCRIRE'],
  },
  'opt-in': {
    en: ['START', 'UNSTOP', 'YES', 'SUBSCRIBE'],
    es: ['ALTA', 'INICIAR'],
    de: ['ANMELDEN'],
    fr: ['ABONNER', 'REPRENDRE'],
  },
  help: {
    en: ['HELP', 'INFO'],
    es: ['AYUDA'],
    de: ['HILFE'],
    fr: ['AIDE'],
  },
};

const INDEX = new Map<string, { keyword: SmsKeyword; locale: string }>();
for (const [keyword, byLocale] of Object.entries(KEYWORDS) as Array<[SmsKeyword, Record<string, string[]>]>) {
  for (const [locale, words] of Object.entries(byLocale)) for (const w of words) INDEX.set(w, { keyword, locale });
}

/** The keyword a message is, if it is one: the whole text, ignoring case, accents and end punctuation. */
export function smsKeyword(text: string | undefined): { keyword: SmsKeyword; locale: string } | undefined {
  if (!text) return undefined;
  const word = text
    .trim()
    .replace(/[.!?¡¿]+$/u, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
  return INDEX.get(word);
}

/** Built-in confirmations, per locale; a bot overrides them with `messages.<locale>.sms.<key>`. */
export const SMS_TEXTS: Record<string, Record<'optedOut' | 'optedIn' | 'help', string>> = {
  en: {
    optedOut: 'You have been unsubscribed and will receive no more messages. Reply START to resubscribe.',
    optedIn: 'You have been resubscribed. Reply STOP to unsubscribe, HELP for help.',
    help: 'Reply STOP to unsubscribe. Msg & data rates may apply.',
  },
  es: {
    optedOut: 'Te has dado de baja y no recibirás más mensajes. Responde ALTA para volver a suscribirte.',
    optedIn: 'Te has vuelto a suscribir. Responde BAJA para darte de baja, AYUDA para obtener ayuda.',
    help: 'Responde BAJA para darte de baja. Pueden aplicarse tarifas de mensajes y datos.',
  },
  de: {
    optedOut: 'Sie wurden abgemeldet und erhalten keine Nachrichten mehr. Antworten Sie START, um sich wieder anzumelden.',
    optedIn: 'Sie sind wieder angemeldet. Antworten Sie STOPP zum Abmelden, HILFE für Hilfe.',
    help: 'Antworten Sie STOPP zum Abmelden. Es können Gebühren für Nachrichten und Daten anfallen.',
  },
  fr: {
    optedOut: 'Vous êtes désinscrit et ne recevrez plus de messages. Répondez START pour vous réinscrire.',
    optedIn: 'Vous êtes réinscrit. Répondez ARRET pour vous désinscrire, AIDE pour obtenir de l’aide.',
    help: 'Répondez ARRET pour vous désinscrire. Des frais de messages et de données peuvent s’appliquer.',
  },
};
