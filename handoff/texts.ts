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
  | 'noDesk'
  | 'noTeam'
  | 'noSkilled'
  | 'cancelled'
  | 'waitingHelp'
  | 'callbackAt'
  | 'callbackJoined',
  string
>;

export const HANDOFF_TEXTS: Record<string, HandoffTexts> = {
  en: {
    noneOnline: "Nobody who can help with this is online right now. Reply CALLBACK and we'll get back to you here when someone is, or CANCEL to keep chatting with me. If someone comes online first, they'll reply here.",
    connecting: "I'm connecting you with a person from our team. They'll see our conversation so far.",
    joined: '{agent} from our team has joined and will reply here.',
    noAgents: "Everyone who can help with this is busy right now ({online} online). You're number {position} in line; the expected wait is about {wait}. Reply CALLBACK and we'll get back to you instead, or CANCEL to keep chatting with me.",
    closed: "Our team is offline right now ({hours}). Reply CALLBACK and we'll get back to you as soon as we open, or CANCEL to keep chatting with me.",
    slaOffer: "Sorry for the wait — it's taking longer than usual. You can keep waiting, or reply CALLBACK and we'll get back to you.",
    waiting: "You're still in line: number {position}, expected wait about {wait} ({online} of our team online). Reply CALLBACK if you'd rather we get back to you, or CANCEL to go back to the assistant.",
    callback: "Got it — we'll get back to you here as soon as someone is free. Meanwhile I'm here if you need anything.",
    back: "You're back with the assistant. Anything else I can help with?",
    csat: 'How did we do? Reply with a number from 1 (poor) to 5 (great).',
    csatThanks: 'Thanks for your feedback!',
    transferring: "I'm passing you to a colleague who can help with this.",
    agentLost: "Sorry, your agent got disconnected. I'm finding someone else for you.",
    noDesk: "I'm sorry, I can't reach a person from here yet.",
    noTeam: "I'm sorry — nobody from our team can take chats here yet, so I can't pass you to a person. I'm still here: ask me anything.",
    noSkilled: "I'm sorry — nobody on our team handles this kind of request here yet, so I can't pass you to a person. I'm still here: ask me anything.",
    cancelled: "OK, I've cancelled your request for a person. You're back with the assistant — what can I do for you?",
    waitingHelp: "You're waiting for a person from our team; they'll see everything you write here. Reply CANCEL to go back to the assistant, or CALLBACK and we'll get back to you instead.",
    callbackAt: "Got it — someone from our team will get back to you here around {time}. Meanwhile I'm here if you need anything.",
    callbackJoined: "{agent} from our team is getting back to you, as you asked.",
  },
  es: {
    noneOnline: "Ahora mismo no hay nadie conectado que pueda ayudarte con esto. Responde CALLBACK y te contactaremos aquí cuando haya alguien, o CANCELAR para seguir hablando conmigo. Si alguien se conecta antes, te responderá aquí.",
    connecting: 'Te estoy poniendo en contacto con una persona de nuestro equipo. Verá nuestra conversación hasta ahora.',
    joined: '{agent} de nuestro equipo se ha unido y te responderá aquí.',
    noAgents: "Todas las personas que pueden ayudarte están ocupadas ({online} conectadas). Eres el número {position} en la cola; la espera estimada es de unos {wait}. Responde CALLBACK y te contactaremos nosotros, o CANCELAR para seguir hablando conmigo.",
    closed: "Nuestro equipo no está disponible ahora ({hours}). Responde CALLBACK y te contactaremos en cuanto abramos, o CANCELAR para seguir hablando conmigo.",
    slaOffer: 'Perdona la espera, está tardando más de lo habitual. Puedes seguir esperando o responder CALLBACK y te contactaremos.',
    waiting: "Sigues en la cola: número {position}, espera estimada de unos {wait} ({online} de nuestro equipo conectadas). Responde CALLBACK si prefieres que te contactemos, o CANCELAR para volver con el asistente.",
    callback: 'Entendido: te contactaremos aquí en cuanto alguien esté libre.',
    back: 'Vuelves a hablar con el asistente. ¿Te ayudo con algo más?',
    csat: '¿Qué tal te hemos atendido? Responde con un número del 1 (mal) al 5 (genial).',
    csatThanks: '¡Gracias por tu opinión!',
    transferring: 'Te paso con un compañero que puede ayudarte con esto.',
    agentLost: 'Lo siento, tu agente se ha desconectado. Estoy buscando a otra persona.',
    noDesk: 'Lo siento, todavía no puedo contactar con una persona desde aquí.',
    noTeam: "Lo siento: todavía nadie de nuestro equipo puede atender chats aquí, así que no puedo pasarte con una persona. Sigo aquí: pregúntame lo que quieras.",
    noSkilled: "Lo siento: todavía nadie de nuestro equipo atiende este tipo de consultas aquí, así que no puedo pasarte con una persona. Sigo aquí: pregúntame lo que quieras.",
    cancelled: "De acuerdo, he cancelado tu petición de hablar con una persona. Vuelves a hablar con el asistente: ¿en qué te ayudo?",
    waitingHelp: "Estás esperando a una persona de nuestro equipo; verá todo lo que escribas aquí. Responde CANCELAR para volver con el asistente, o CALLBACK y te contactaremos nosotros.",
    callbackAt: "Entendido: alguien de nuestro equipo te contactará aquí hacia las {time}. Mientras tanto, aquí estoy si necesitas algo.",
    callbackJoined: "{agent} de nuestro equipo te contacta, como pediste.",
  },
  de: {
    noneOnline: "Gerade ist niemand online, der dabei helfen kann. Antworte CALLBACK, dann melden wir uns hier, sobald jemand da ist – oder ABBRECHEN, um mit mir weiterzuschreiben. Kommt vorher jemand online, antwortet er dir hier.",
    connecting: 'Ich verbinde dich mit jemandem aus unserem Team. Das bisherige Gespräch ist dort sichtbar.',
    joined: '{agent} aus unserem Team ist jetzt da und antwortet hier.',
    noAgents: "Alle, die dabei helfen können, sind gerade beschäftigt ({online} online). Du bist Nummer {position} in der Warteschlange; die Wartezeit beträgt etwa {wait}. Antworte CALLBACK, dann melden wir uns, oder ABBRECHEN, um mit mir weiterzuschreiben.",
    closed: "Unser Team ist gerade nicht erreichbar ({hours}). Antworte CALLBACK, dann melden wir uns, sobald wir wieder da sind, oder ABBRECHEN, um mit mir weiterzuschreiben.",
    slaOffer: 'Entschuldige die Wartezeit – es dauert länger als sonst. Du kannst weiter warten oder CALLBACK antworten, dann melden wir uns.',
    waiting: "Du bist noch in der Warteschlange: Nummer {position}, Wartezeit etwa {wait} ({online} aus unserem Team online). Antworte CALLBACK, wenn wir uns lieber melden sollen, oder ABBRECHEN, um zum Assistenten zurückzukehren.",
    callback: 'Alles klar – wir melden uns hier, sobald jemand frei ist.',
    back: 'Du sprichst wieder mit dem Assistenten. Kann ich sonst noch helfen?',
    csat: 'Wie zufrieden warst du? Antworte mit einer Zahl von 1 (schlecht) bis 5 (super).',
    csatThanks: 'Danke für dein Feedback!',
    transferring: 'Ich gebe dich an eine Kollegin oder einen Kollegen weiter, die dabei helfen können.',
    agentLost: 'Entschuldige, die Verbindung zu deinem Ansprechpartner ist abgebrochen. Ich suche jemand anderen.',
    noDesk: 'Leider kann ich von hier noch niemanden erreichen.',
    noTeam: "Leider kann hier noch niemand aus unserem Team Chats annehmen, deshalb kann ich dich nicht an eine Person weitergeben. Ich bin weiter für dich da: frag mich einfach.",
    noSkilled: "Leider bearbeitet hier noch niemand aus unserem Team diese Art von Anliegen, deshalb kann ich dich nicht an eine Person weitergeben. Ich bin weiter für dich da: frag mich einfach.",
    cancelled: "Alles klar, ich habe deine Anfrage nach einer Person abgebrochen. Du sprichst wieder mit dem Assistenten – wobei kann ich helfen?",
    waitingHelp: "Du wartest auf jemanden aus unserem Team; alles, was du hier schreibst, ist dort sichtbar. Antworte ABBRECHEN, um zum Assistenten zurückzukehren, oder CALLBACK, dann melden wir uns.",
    callbackAt: "Alles klar – jemand aus unserem Team meldet sich hier gegen {time}. Bis dahin bin ich für dich da.",
    callbackJoined: "{agent} aus unserem Team meldet sich bei dir, wie gewünscht.",
  },
  fr: {
    noneOnline: "Personne pouvant vous aider n'est en ligne pour le moment. Répondez CALLBACK et nous vous recontacterons ici dès que quelqu'un le sera, ou ANNULER pour continuer avec moi. Si quelqu'un se connecte avant, il vous répondra ici.",
    connecting: 'Je vous mets en relation avec une personne de notre équipe. Elle verra notre conversation.',
    joined: '{agent} de notre équipe a rejoint la conversation et vous répondra ici.',
    noAgents: "Toutes les personnes qui peuvent vous aider sont occupées ({online} en ligne). Vous êtes numéro {position} dans la file ; l'attente estimée est d'environ {wait}. Répondez CALLBACK et nous vous recontacterons, ou ANNULER pour continuer avec moi.",
    closed: "Notre équipe n'est pas disponible pour le moment ({hours}). Répondez CALLBACK et nous vous recontacterons dès l'ouverture, ou ANNULER pour continuer avec moi.",
    slaOffer: "Désolé pour l'attente, c'est plus long que d'habitude. Vous pouvez patienter ou répondre CALLBACK et nous vous recontacterons.",
    waiting: "Vous êtes toujours dans la file : numéro {position}, attente d'environ {wait} ({online} de notre équipe en ligne). Répondez CALLBACK si vous préférez être recontacté, ou ANNULER pour revenir à l'assistant.",
    callback: 'C’est noté : nous vous recontacterons ici dès que quelqu’un sera disponible.',
    back: "Vous êtes de retour avec l'assistant. Puis-je vous aider pour autre chose ?",
    csat: 'Comment avons-nous fait ? Répondez par un chiffre de 1 (mauvais) à 5 (excellent).',
    csatThanks: 'Merci pour votre avis !',
    transferring: 'Je vous transfère à un collègue qui pourra vous aider.',
    agentLost: 'Désolé, votre conseiller a été déconnecté. Je cherche quelqu’un d’autre.',
    noDesk: 'Désolé, je ne peux pas encore joindre une personne d’ici.',
    noTeam: "Désolé : personne de notre équipe ne peut encore prendre de conversations ici, je ne peux donc pas vous passer une personne. Je reste là : demandez-moi ce que vous voulez.",
    noSkilled: "Désolé : personne de notre équipe ne traite encore ce type de demande ici, je ne peux donc pas vous passer une personne. Je reste là : demandez-moi ce que vous voulez.",
    cancelled: "D'accord, j'ai annulé votre demande de parler à une personne. Vous êtes de retour avec l'assistant : que puis-je faire pour vous ?",
    waitingHelp: "Vous attendez une personne de notre équipe ; elle verra tout ce que vous écrivez ici. Répondez ANNULER pour revenir à l'assistant, ou CALLBACK et nous vous recontacterons.",
    callbackAt: "C'est noté : quelqu'un de notre équipe vous recontactera ici vers {time}. En attendant, je suis là si besoin.",
    callbackJoined: "{agent} de notre équipe vous recontacte, comme vous l'avez demandé.",
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

/** "15:00" / "3:00 PM" in the customer's locale, in `timezone` (the queue's) when known. */
export function formatTime(at: number, locale = 'en', timezone = 'UTC'): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
  } catch {
    return new Date(at).toISOString();
  }
}
