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
  pt: {
    language: ['portugues', 'em portugues', 'fala portugues'],
    cancel: ['cancela', 'esquece', 'deixa pra la', 'sair'],
    restart: ['recomecar', 'comecar de novo', 'do inicio'],
    help: ['ajuda', 'o que voce pode fazer'],
    agent: ['falar com uma pessoa', 'falar com um atendente', 'atendente', 'pessoa real'],
  },
  it: {
    language: ['italiano', 'in italiano', 'parla italiano'],
    cancel: ['annulla', 'basta', 'lascia perdere', 'ferma'],
    restart: ['ricomincia', 'ricominciare', 'da capo', 'dall inizio'],
    help: ['aiuto', 'cosa sai fare'],
    agent: ['parlare con una persona', 'operatore', 'parlare con un operatore', 'una persona'],
  },
  nl: {
    language: ['nederlands', 'in het nederlands', 'spreek nederlands'],
    cancel: ['annuleren', 'stoppen', 'laat maar', 'vergeet het'],
    restart: ['opnieuw beginnen', 'opnieuw', 'vanaf het begin'],
    help: ['hulp', 'help mij', 'wat kun je'],
    agent: ['met een medewerker praten', 'medewerker', 'met een mens praten', 'een mens'],
  },
  pl: {
    language: ['polski', 'po polsku', 'mow po polsku'],
    cancel: ['anuluj', 'przerwij', 'zapomnij', 'nie wazne'],
    restart: ['zacznij od nowa', 'od nowa', 'od poczatku'],
    help: ['pomoc', 'pomocy', 'co potrafisz'],
    agent: ['rozmowa z konsultantem', 'konsultant', 'czlowiek', 'porozmawiac z czlowiekiem'],
  },
  tr: {
    language: ['turkce', 'turkce konus'],
    cancel: ['iptal', 'vazgec', 'bosver'],
    restart: ['bastan basla', 'yeniden basla', 'en bastan'],
    help: ['yardim', 'ne yapabilirsin'],
    agent: ['biriyle konusmak istiyorum', 'temsilci', 'musteri temsilcisi', 'insan'],
  },
  ru: {
    language: ['русский', 'по русски', 'на русском'],
    cancel: ['отмена', 'отменить', 'стоп', 'забудь'],
    restart: ['начать сначала', 'заново', 'с начала'],
    help: ['помощь', 'помоги', 'что ты умеешь'],
    agent: ['оператор', 'человек', 'позовите оператора', 'соедините с оператором', 'живой человек'],
  },
  ar: {
    language: ['العربية', 'بالعربية', 'عربي'],
    cancel: ['الغاء', 'توقف', 'انس الامر'],
    restart: ['البدء من جديد', 'ابدا من جديد', 'من البداية'],
    help: ['مساعدة', 'ساعدني', 'ماذا يمكنك ان تفعل'],
    agent: ['التحدث الى شخص', 'موظف', 'خدمة العملاء', 'انسان'],
  },
  zh: {
    language: ['中文', '说中文', '请说中文'],
    cancel: ['取消', '算了', '停止'],
    restart: ['重新开始', '从头开始'],
    help: ['帮助', '你能做什么'],
    agent: ['转人工', '人工客服', '人工', '找客服'],
  },
  ja: {
    language: ['日本語', '日本語で'],
    cancel: ['キャンセル', 'やめる', '中止'],
    restart: ['最初から', 'やり直し', 'もう一度最初から'],
    help: ['ヘルプ', '何ができますか'],
    agent: ['担当者と話したい', 'オペレーター', '担当者', '人と話したい'],
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
const POLITE = /^(please |por favor |bitte |s il vous plait |svp |per favore |alstublieft |prosze |lutfen |пожалуйста |من فضلك |请)|( please| por favor| bitte| s il vous plait| svp| per favore| alstublieft| prosze| lutfen| пожалуйста| من فضلك|。|ください)$/g;

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
const GREETING = /^(hi|hello|hey|good (morning|afternoon|evening)|hola|buenas( tardes| noches)?|buenos dias|hallo|guten (morgen|tag|abend)|servus|moin|bonjour|bonsoir|salut|coucou|ola|oi|bom dia|boa tarde|ciao|buongiorno|buonasera|hoi|goedemiddag|dzien dobry|merhaba|privet|marhaba)( \p{L}+)?$/u;

/**
 * Whether a message is only a greeting. Mid-form it is neither an answer nor a new request: the
 * pending question is asked again, rather than a dialog or an article reading "hola" as a topic.
 */
export function isGreeting(text: string): boolean {
  return GREETING.test(normalize(text).replace(/[!.?¡¿,]/g, '').trim());
}
