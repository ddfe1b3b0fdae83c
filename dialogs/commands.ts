/**
 * Global commands: phrases that work in every dialog and every language the demo speaks. A whole
 * message must be the phrase (after lower-casing and dropping accents and punctuation), so "I
 * want to cancel my order" starts the cancellation dialog rather than stopping the current one.
 */

/** What a global command does. */
export type GlobalCommand = 'cancel' | 'restart' | 'help' | 'agent' | 'language';

/** Phrases per language, so a command also tells which language the customer speaks. */
const PHRASES: Record<string, Record<GlobalCommand, string[]>> = {
  en: {
    language: ['english', 'in english', 'english please', 'speak english'],
    cancel: ['cancel', 'stop', 'quit', 'exit', 'never mind', 'nevermind', 'forget it'],
    restart: ['start over', 'restart', 'start again', 'begin again', 'from the beginning'],
    help: ['help', 'help me', 'what can you do'],
    agent: ['talk to a person', 'talk to a human', 'speak to a person', 'speak to an agent', 'human', 'agent', 'operator', 'real person'],
  },
  es: {
    language: ['espanol', 'en espanol', 'castellano', 'habla espanol'],
    cancel: ['cancelar', 'parar', 'olvidalo', 'dejalo'],
    restart: ['empezar de nuevo', 'volver a empezar', 'reiniciar', 'desde el principio'],
    help: ['ayuda', 'que puedes hacer'],
    agent: ['hablar con una persona', 'hablar con un agente', 'persona', 'agente', 'operador'],
  },
  de: {
    language: ['deutsch', 'auf deutsch', 'sprich deutsch'],
    cancel: ['abbrechen', 'abbruch', 'stopp', 'vergiss es'],
    restart: ['von vorne', 'neu starten', 'nochmal von vorne', 'neustart'],
    help: ['hilfe', 'was kannst du'],
    agent: ['mit einem menschen sprechen', 'mensch', 'mitarbeiter', 'mit einem mitarbeiter sprechen', 'berater'],
  },
  fr: {
    language: ['francais', 'en francais', 'parle francais'],
    cancel: ['annuler', 'arreter', 'laisse tomber', 'oublie'],
    restart: ['recommencer', 'reprendre depuis le debut', 'depuis le debut'],
    help: ['aide', 'que sais tu faire'],
    agent: ['parler a une personne', 'parler a un conseiller', 'conseiller', 'humain', 'un humain'],
  },
};

/** Lower-cases, drops accents and punctuation, squeezes spaces. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const LOOKUP = new Map<string, { command: GlobalCommand; locale: string }>();
for (const [locale, commands] of Object.entries(PHRASES)) {
  for (const [command, phrases] of Object.entries(commands) as Array<[GlobalCommand, string[]]>) {
    for (const p of phrases) if (!LOOKUP.has(normalize(p))) LOOKUP.set(normalize(p), { command, locale });
  }
}
const POLITE = /^(please |por favor |bitte |s il vous plait |svp )|( please| por favor| bitte| s il vous plait| svp)$/g;

/**
 * The global command a message is, if any, and the language of the phrase (absent for button
 * payloads `agent`, `cancel`, `help`, `restart`, which count too).
 */
export function globalCommand(text: string, payload?: string): { command: GlobalCommand; locale?: string } | undefined {
  if (payload && (['cancel', 'restart', 'help', 'agent'] as string[]).includes(payload)) return { command: payload as GlobalCommand };
  const plain = normalize(text).replace(POLITE, '').trim();
  return plain ? LOOKUP.get(plain) : undefined;
}

// Greetings in the languages the built-in commands know, alone or with a name ("hola Ana").
const GREETING = /^(hi|hello|hey|good (morning|afternoon|evening)|hola|buenas( tardes| noches)?|buenos dias|hallo|guten (morgen|tag|abend)|servus|moin|bonjour|bonsoir|salut|coucou|ola|oi|bom dia|boa tarde|ciao|buongiorno|hoi|goedemiddag|dzien dobry|merhaba|privet|marhaba)( \p{L}+)?$/u;

/**
 * Whether a message is only a greeting. Mid-form it is neither an answer nor a new request: the
 * pending question is asked again, rather than a dialog or an article reading "hola" as a topic.
 */
export function isGreeting(text: string): boolean {
  return GREETING.test(normalize(text).replace(/[!.?¡¿,]/g, '').trim());
}
