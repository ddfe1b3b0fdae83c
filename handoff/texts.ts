/** What the bot tells customers about their handoff, per language. `{x}` are filled in. */
export type HandoffTexts = Record<
  | 'connecting'
  | 'joined'
  | 'noAgents'
  | 'noneOnline'
  | 'closed'
  | 'slaOffer'
  | 'waiting'
  | 'callback'
  | 'back'
  | 'csat'
  | 'csatThanks'
  | 'transferring'
  | 'agentLost'
  | 'noDesk',
  string
>;

export const HANDOFF_TEXTS: Record<string, HandoffTexts> = {
  en: {
    noneOnline: "Nobody from our team is online right now. Keep this chat open and someone will reply here, or reply CALLBACK and we'll get back to you.",
    connecting: "I'm connecting you with a person from our team. They'll see our conversation so far.",
    joined: '{agent} from our team has joined and will reply here.',
    noAgents: "Everyone on our team is busy right now. You're number {position} in line; the expected wait is about {wait}. Reply CALLBACK and we'll get back to you instead.",
    closed: "Our team is offline right now ({hours}). Reply CALLBACK and we'll get back to you as soon as we open, or keep chatting with me.",
    slaOffer: "Sorry for the wait — it's taking longer than usual. You can keep waiting, or reply CALLBACK and we'll get back to you.",
    waiting: "You're still in line (number {position}). Someone will be with you soon; reply CALLBACK if you'd rather we get back to you.",
    callback: "Got it — we'll get back to you here as soon as someone is free. Meanwhile I'm here if you need anything.",
    back: "You're back with the assistant. Anything else I can help with?",
    csat: 'How did we do? Reply with a number from 1 (poor) to 5 (great).',
    csatThanks: 'Thanks for your feedback!',
    transferring: "I'm passing you to a colleague who can help with this.",
    agentLost: "Sorry, your agent got disconnected. I'm finding someone else for you.",
    noDesk: "I'm sorry, I can't reach a person from here yet.",
  },
  es: {
    noneOnline: 'Ahora mismo no hay nadie de nuestro equipo conectado. Deja el chat abierto y alguien te responderá aquí, o responde CALLBACK y te contactaremos.',
    connecting: 'Te estoy poniendo en contacto con una persona de nuestro equipo. Verá nuestra conversación hasta ahora.',
    joined: '{agent} de nuestro equipo se ha unido y te responderá aquí.',
    noAgents: 'Todo nuestro equipo está ocupado. Eres el número {position} en la cola; la espera estimada es de unos {wait}. Responde CALLBACK y te contactaremos nosotros.',
    closed: 'Nuestro equipo no está disponible ahora ({hours}). Responde CALLBACK y te contactaremos en cuanto abramos.',
    slaOffer: 'Perdona la espera, está tardando más de lo habitual. Puedes seguir esperando o responder CALLBACK y te contactaremos.',
    waiting: 'Sigues en la cola (número {position}). Alguien te atenderá pronto; responde CALLBACK si prefieres que te contactemos.',
    callback: 'Entendido: te contactaremos aquí en cuanto alguien esté libre.',
    back: 'Vuelves a hablar con el asistente. ¿Te ayudo con algo más?',
    csat: '¿Qué tal te hemos atendido? Responde con un número del 1 (mal) al 5 (genial).',
    csatThanks: '¡Gracias por tu opinión!',
    transferring: 'Te paso con un compañero que puede ayudarte con esto.',
    agentLost: 'Lo siento, tu agente se ha desconectado. Estoy buscando a otra persona.',
    noDesk: 'Lo siento, todavía no puedo contactar con una persona desde aquí.',
  },
  de: {
    noneOnline: 'Gerade ist niemand aus unserem Team online. Lass den Chat offen, dann antwortet dir hier jemand – oder antworte CALLBACK, dann melden wir uns.',
    connecting: 'Ich verbinde dich mit jemandem aus unserem Team. Das bisherige Gespräch ist dort sichtbar.',
    joined: '{agent} aus unserem Team ist jetzt da und antwortet hier.',
    noAgents: 'Gerade sind alle beschäftigt. Du bist Nummer {position} in der Warteschlange; die Wartezeit beträgt etwa {wait}. Antworte CALLBACK, dann melden wir uns bei dir.',
    closed: 'Unser Team ist gerade nicht erreichbar ({hours}). Antworte CALLBACK, dann melden wir uns, sobald wir wieder da sind.',
    slaOffer: 'Entschuldige die Wartezeit – es dauert länger als sonst. Du kannst weiter warten oder CALLBACK antworten, dann melden wir uns.',
    waiting: 'Du bist noch in der Warteschlange (Nummer {position}). Gleich ist jemand für dich da; antworte CALLBACK, wenn wir uns lieber melden sollen.',
    callback: 'Alles klar – wir melden uns hier, sobald jemand frei ist.',
    back: 'Du sprichst wieder mit dem Assistenten. Kann ich sonst noch helfen?',
    csat: 'Wie zufrieden warst du? Antworte mit einer Zahl von 1 (schlecht) bis 5 (super).',
    csatThanks: 'Danke für dein Feedback!',
    transferring: 'Ich gebe dich an eine Kollegin oder einen Kollegen weiter, die dabei helfen können.',
    agentLost: 'Entschuldige, die Verbindung zu deinem Ansprechpartner ist abgebrochen. Ich suche jemand anderen.',
    noDesk: 'Leider kann ich von hier noch niemanden erreichen.',
  },
  fr: {
    noneOnline: "Personne de notre équipe n'est en ligne pour le moment. Gardez ce chat ouvert et quelqu'un vous répondra ici, ou répondez CALLBACK et nous vous recontacterons.",
    connecting: 'Je vous mets en relation avec une personne de notre équipe. Elle verra notre conversation.',
    joined: '{agent} de notre équipe a rejoint la conversation et vous répondra ici.',
    noAgents: "Toute l'équipe est occupée. Vous êtes numéro {position} dans la file ; l'attente estimée est d'environ {wait}. Répondez CALLBACK et nous vous recontacterons.",
    closed: "Notre équipe n'est pas disponible pour le moment ({hours}). Répondez CALLBACK et nous vous recontacterons dès l'ouverture.",
    slaOffer: "Désolé pour l'attente, c'est plus long que d'habitude. Vous pouvez patienter ou répondre CALLBACK et nous vous recontacterons.",
    waiting: 'Vous êtes toujours dans la file (numéro {position}). Quelqu’un arrive ; répondez CALLBACK si vous préférez être recontacté.',
    callback: 'C’est noté : nous vous recontacterons ici dès que quelqu’un sera disponible.',
    back: "Vous êtes de retour avec l'assistant. Puis-je vous aider pour autre chose ?",
    csat: 'Comment avons-nous fait ? Répondez par un chiffre de 1 (mauvais) à 5 (excellent).',
    csatThanks: 'Merci pour votre avis !',
    transferring: 'Je vous transfère à un collègue qui pourra vous aider.',
    agentLost: 'Désolé, votre conseiller a été déconnecté. Je cherche quelqu’un d’autre.',
    noDesk: 'Désolé, je ne peux pas encore joindre une personne d’ici.',
  },
};

/** The texts for a locale (falling back to English), with `{placeholders}` filled. */
export function handoffText(locale: string | undefined, key: keyof HandoffTexts, values: Record<string, string | number> = {}): string {
  const texts = HANDOFF_TEXTS[(locale ?? 'en').split('-')[0]] ?? HANDOFF_TEXTS.en;
  return texts[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** "3 minutes", "1 minute", "under a minute". */
export function formatWait(seconds: number | undefined, locale = 'en'): string {
  const minutes = Math.max(1, Math.round((seconds ?? 600) / 60));
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  } catch {
    return `${minutes} min`;
  }
}
