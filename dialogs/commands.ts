/**
 * Global commands: phrases that work in every dialog and every language the demo speaks. A whole
 * message must be the phrase (after lower-casing and dropping accents and punctuation), so "I
 * want to cancel my order" starts the cancellation dialog rather than stopping the current one.
 */

/** What a global command does. */
export type GlobalCommand = 'cancel' | 'restart' | 'help' | 'agent';

const PHRASES: Record<GlobalCommand, string[]> = {
  cancel: [
    'cancel', 'stop', 'quit', 'exit', 'never mind', 'nevermind', 'forget it',
    'cancelar', 'parar', 'olvidalo', 'dejalo',
    'abbrechen', 'abbruch', 'stopp', 'vergiss es',
    'annuler', 'arreter', 'laisse tomber', 'oublie',
  ],
  restart: [
    'start over', 'restart', 'start again', 'begin again', 'from the beginning',
    'empezar de nuevo', 'volver a empezar', 'reiniciar', 'desde el principio',
    'von vorne', 'neu starten', 'nochmal von vorne', 'neustart',
    'recommencer', 'reprendre depuis le debut', 'depuis le debut',
  ],
  help: ['help', 'help me', 'what can you do', 'ayuda', 'que puedes hacer', 'hilfe', 'was kannst du', 'aide', 'que sais tu faire'],
  agent: [
    'talk to a person', 'talk to a human', 'speak to a person', 'speak to an agent', 'human', 'agent', 'operator', 'real person',
    'hablar con una persona', 'hablar con un agente', 'persona', 'agente', 'operador',
    'mit einem menschen sprechen', 'mensch', 'mitarbeiter', 'mit einem mitarbeiter sprechen', 'berater',
    'parler a une personne', 'parler a un conseiller', 'conseiller', 'humain', 'un humain',
  ],
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

const LOOKUP = new Map<string, GlobalCommand>();
for (const [command, phrases] of Object.entries(PHRASES) as Array<[GlobalCommand, string[]]>) {
  for (const p of phrases) LOOKUP.set(normalize(p), command);
}
const POLITE = /^(please |por favor |bitte |s il vous plait |svp )|( please| por favor| bitte| s il vous plait| svp)$/g;

/** The global command a message is, if any. Button payloads `agent`, `cancel`, `help`, `restart` count too. */
export function globalCommand(text: string, payload?: string): GlobalCommand | undefined {
  if (payload && (['cancel', 'restart', 'help', 'agent'] as string[]).includes(payload)) return payload as GlobalCommand;
  const plain = normalize(text).replace(POLITE, '').trim();
  return plain ? LOOKUP.get(plain) : undefined;
}
