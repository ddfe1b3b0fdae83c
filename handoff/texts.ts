import { registerTexts, type TextSource, type TextValues } from '../core/texts';

/**
 * The console's canned replies, in the order its menu shows them, with the label agents see (the
 * console is in English); the text inserted into the reply is the handoff text `key`, in the
 * customer's language.
 */
export const CANNED_REPLIES = [
  { key: 'cannedGreeting', title: 'Greeting' },
  { key: 'cannedOneMoment', title: 'One moment' },
  { key: 'cannedOrderNumber', title: 'Order number' },
  { key: 'cannedAnythingElse', title: 'Anything else' },
  { key: 'cannedGoodbye', title: 'Goodbye' },
] as const;

/** A canned reply's text key (`handoff.cannedGreeting`…). */
type CannedKey = (typeof CANNED_REPLIES)[number]['key'];

/** A canned reply as the console gets it: the menu's label and the text to insert. */
export interface CannedReply {
  /** The text's key without its prefix (`cannedGreeting`): stable, for tests and scripts. */
  id: CannedKey;
  /** The label in the console's menu. */
  title: string;
  /** The text, in the customer's language. */
  text: string;
}

/**
 * What the bot tells customers about their handoff, and the canned replies agents send them, per
 * language. `{x}` are filled in.
 */
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
  | 'emailSummary'
  | 'transferring'
  | 'agentLost'
  | 'noDesk'
  | 'noTeam'
  | 'noSkilled'
  | 'cancelled'
  | 'waitingHelp'
  | 'callbackAt'
  | 'callbackJoined'
  | CannedKey,
  string
>;

/** The built-in texts (full keys `handoff.<key>`) in the one text lookup (`core/texts.ts`). */
const handoffTexts = registerTexts<keyof HandoffTexts>('handoff', {
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
    emailSummary: "Here is a summary of your request, which our team has now resolved:\n\n{summary}",
    transferring: "I'm passing you to a colleague who can help with this.",
    agentLost: "Sorry, your agent got disconnected. I'm finding someone else for you.",
    noDesk: "I'm sorry, I can't reach a person from here yet.",
    noTeam: "I'm sorry — nobody from our team can take chats here yet, so I can't pass you to a person. I'm still here: ask me anything.",
    noSkilled: "I'm sorry — nobody on our team handles this kind of request here yet, so I can't pass you to a person. I'm still here: ask me anything.",
    cancelled: "OK, I've cancelled your request for a person. You're back with the assistant — what can I do for you?",
    waitingHelp: "You're waiting for a person from our team; they'll see everything you write here. Reply CANCEL to go back to the assistant, or CALLBACK and we'll get back to you instead.",
    callbackAt: "Got it — someone from our team will get back to you here around {time}. Meanwhile I'm here if you need anything.",
    callbackJoined: "{agent} from our team is getting back to you, as you asked.",
    cannedGreeting: "Hi, thanks for waiting. I'm looking at your conversation now.",
    cannedOneMoment: "Thanks, give me a moment while I check that for you.",
    cannedOrderNumber: "Could you send me your order number, please?",
    cannedAnythingElse: "Is there anything else I can help you with today?",
    cannedGoodbye: "Thanks for contacting us. Have a great day!",
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
    emailSummary: "Este es un resumen de tu solicitud, que nuestro equipo ya ha resuelto:\n\n{summary}",
    transferring: 'Te paso con un compañero que puede ayudarte con esto.',
    agentLost: 'Lo siento, tu agente se ha desconectado. Estoy buscando a otra persona.',
    noDesk: 'Lo siento, todavía no puedo contactar con una persona desde aquí.',
    noTeam: "Lo siento: todavía nadie de nuestro equipo puede atender chats aquí, así que no puedo pasarte con una persona. Sigo aquí: pregúntame lo que quieras.",
    noSkilled: "Lo siento: todavía nadie de nuestro equipo atiende este tipo de consultas aquí, así que no puedo pasarte con una persona. Sigo aquí: pregúntame lo que quieras.",
    cancelled: "De acuerdo, he cancelado tu petición de hablar con una persona. Vuelves a hablar con el asistente: ¿en qué te ayudo?",
    waitingHelp: "Estás esperando a una persona de nuestro equipo; verá todo lo que escribas aquí. Responde CANCELAR para volver con el asistente, o CALLBACK y te contactaremos nosotros.",
    callbackAt: "Entendido: alguien de nuestro equipo te contactará aquí hacia las {time}. Mientras tanto, aquí estoy si necesitas algo.",
    callbackJoined: "{agent} de nuestro equipo te contacta, como pediste.",
    cannedGreeting: "Hola, gracias por esperar. Estoy revisando tu conversación ahora mismo.",
    cannedOneMoment: "Gracias, dame un momento mientras lo compruebo.",
    cannedOrderNumber: "¿Podrías enviarme tu número de pedido, por favor?",
    cannedAnythingElse: "¿Hay algo más en lo que pueda ayudarte hoy?",
    cannedGoodbye: "Gracias por contactarnos. ¡Que tengas un buen día!",
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
    emailSummary: "Hier ist eine Zusammenfassung deines Anliegens, das unser Team jetzt gelöst hat:\n\n{summary}",
    transferring: 'Ich gebe dich an eine Kollegin oder einen Kollegen weiter, die dabei helfen können.',
    agentLost: 'Entschuldige, die Verbindung zu deinem Ansprechpartner ist abgebrochen. Ich suche jemand anderen.',
    noDesk: 'Leider kann ich von hier noch niemanden erreichen.',
    noTeam: "Leider kann hier noch niemand aus unserem Team Chats annehmen, deshalb kann ich dich nicht an eine Person weitergeben. Ich bin weiter für dich da: frag mich einfach.",
    noSkilled: "Leider bearbeitet hier noch niemand aus unserem Team diese Art von Anliegen, deshalb kann ich dich nicht an eine Person weitergeben. Ich bin weiter für dich da: frag mich einfach.",
    cancelled: "Alles klar, ich habe deine Anfrage nach einer Person abgebrochen. Du sprichst wieder mit dem Assistenten – wobei kann ich helfen?",
    waitingHelp: "Du wartest auf jemanden aus unserem Team; alles, was du hier schreibst, ist dort sichtbar. Antworte ABBRECHEN, um zum Assistenten zurückzukehren, oder CALLBACK, dann melden wir uns.",
    callbackAt: "Alles klar – jemand aus unserem Team meldet sich hier gegen {time}. Bis dahin bin ich für dich da.",
    callbackJoined: "{agent} aus unserem Team meldet sich bei dir, wie gewünscht.",
    cannedGreeting: "Hallo, danke fürs Warten. Ich sehe mir gerade unser Gespräch an.",
    cannedOneMoment: "Danke, einen Moment bitte, ich prüfe das für dich.",
    cannedOrderNumber: "Könntest du mir bitte deine Bestellnummer schicken?",
    cannedAnythingElse: "Kann ich dir heute sonst noch helfen?",
    cannedGoodbye: "Danke für deine Nachricht. Einen schönen Tag noch!",
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
    emailSummary: "Voici un résumé de votre demande, que notre équipe a maintenant résolue :\n\n{summary}",
    transferring: 'Je vous transfère à un collègue qui pourra vous aider.',
    agentLost: 'Désolé, votre conseiller a été déconnecté. Je cherche quelqu’un d’autre.',
    noDesk: 'Désolé, je ne peux pas encore joindre une personne d’ici.',
    noTeam: "Désolé : personne de notre équipe ne peut encore prendre de conversations ici, je ne peux donc pas vous passer une personne. Je reste là : demandez-moi ce que vous voulez.",
    noSkilled: "Désolé : personne de notre équipe ne traite encore ce type de demande ici, je ne peux donc pas vous passer une personne. Je reste là : demandez-moi ce que vous voulez.",
    cancelled: "D'accord, j'ai annulé votre demande de parler à une personne. Vous êtes de retour avec l'assistant : que puis-je faire pour vous ?",
    waitingHelp: "Vous attendez une personne de notre équipe ; elle verra tout ce que vous écrivez ici. Répondez ANNULER pour revenir à l'assistant, ou CALLBACK et nous vous recontacterons.",
    callbackAt: "C'est noté : quelqu'un de notre équipe vous recontactera ici vers {time}. En attendant, je suis là si besoin.",
    callbackJoined: "{agent} de notre équipe vous recontacte, comme vous l'avez demandé.",
    cannedGreeting: "Bonjour, merci de votre patience. Je consulte votre conversation.",
    cannedOneMoment: "Merci, laissez-moi un instant pour vérifier cela.",
    cannedOrderNumber: "Pourriez-vous m’envoyer votre numéro de commande, s’il vous plaît ?",
    cannedAnythingElse: "Puis-je vous aider pour autre chose aujourd’hui ?",
    cannedGoodbye: "Merci de nous avoir contactés. Excellente journée !",
  },
  pt: {
    noneOnline: "Ninguém que possa ajudar com isso está online agora. Responda CALLBACK e entraremos em contato aqui quando alguém estiver, ou CANCELA para continuar conversando comigo. Se alguém ficar online antes, responderá aqui.",
    connecting: 'Estou conectando você com uma pessoa da nossa equipe. Ela verá nossa conversa até aqui.',
    joined: '{agent}, da nossa equipe, entrou e responderá aqui.',
    noAgents: "Todos que podem ajudar com isso estão ocupados agora ({online} online). Você é o número {position} na fila; a espera estimada é de cerca de {wait}. Responda CALLBACK e entraremos em contato, ou CANCELA para continuar conversando comigo.",
    closed: "Nossa equipe está offline agora ({hours}). Responda CALLBACK e entraremos em contato assim que abrirmos, ou CANCELA para continuar conversando comigo.",
    slaOffer: 'Desculpe a espera, está demorando mais do que o normal. Você pode continuar esperando ou responder CALLBACK e entraremos em contato.',
    waiting: "Você ainda está na fila: número {position}, espera estimada de cerca de {wait} ({online} da nossa equipe online). Responda CALLBACK se preferir que entremos em contato, ou CANCELA para voltar ao assistente.",
    callback: 'Certo, entraremos em contato aqui assim que alguém estiver livre. Enquanto isso, estou aqui se precisar de algo.',
    back: 'Você voltou a falar com o assistente. Posso ajudar com mais alguma coisa?',
    emailSummary: "Aqui está um resumo do seu pedido, que nossa equipe já resolveu:\n\n{summary}",
    transferring: 'Vou passar você para um colega que pode ajudar com isso.',
    agentLost: 'Desculpe, seu atendente foi desconectado. Estou procurando outra pessoa para você.',
    noDesk: 'Desculpe, ainda não consigo falar com uma pessoa daqui.',
    noTeam: "Desculpe — ainda ninguém da nossa equipe atende chats aqui, então não posso passar você para uma pessoa. Continuo aqui: pergunte o que quiser.",
    noSkilled: "Desculpe — ainda ninguém da nossa equipe atende este tipo de pedido aqui, então não posso passar você para uma pessoa. Continuo aqui: pergunte o que quiser.",
    cancelled: "Certo, cancelei seu pedido para falar com uma pessoa. Você está de volta com o assistente — como posso ajudar?",
    waitingHelp: "Você está esperando uma pessoa da nossa equipe; ela verá tudo o que você escrever aqui. Responda CANCELA para voltar ao assistente, ou CALLBACK e entraremos em contato.",
    callbackAt: "Certo — alguém da nossa equipe entrará em contato aqui por volta de {time}. Enquanto isso, estou aqui se precisar.",
    callbackJoined: "{agent} da nossa equipe está entrando em contato, como você pediu.",
    cannedGreeting: "Olá, obrigado por esperar. Estou vendo sua conversa agora.",
    cannedOneMoment: "Obrigado, me dê um momento enquanto verifico isso para você.",
    cannedOrderNumber: "Você poderia me enviar o número do seu pedido, por favor?",
    cannedAnythingElse: "Posso ajudar com mais alguma coisa hoje?",
    cannedGoodbye: "Obrigado por entrar em contato. Tenha um ótimo dia!",
  },
  it: {
    noneOnline: "Al momento non è online nessuno che possa aiutarti con questo. Rispondi CALLBACK e ti ricontatteremo qui appena qualcuno sarà disponibile, oppure ANNULLA per continuare a parlare con me. Se qualcuno si collega prima, ti risponderà qui.",
    connecting: 'Ti sto mettendo in contatto con una persona del nostro team. Vedrà la nostra conversazione fin qui.',
    joined: '{agent} del nostro team si è unito e ti risponderà qui.',
    noAgents: "Tutte le persone che possono aiutarti sono occupate ({online} online). Sei il numero {position} in coda; l’attesa stimata è di circa {wait}. Rispondi CALLBACK e ti ricontatteremo noi, oppure ANNULLA per continuare a parlare con me.",
    closed: "Il nostro team al momento non è disponibile ({hours}). Rispondi CALLBACK e ti ricontatteremo appena apriamo, oppure ANNULLA per continuare a parlare con me.",
    slaOffer: 'Scusa l’attesa, ci vuole più del solito. Puoi continuare ad aspettare oppure rispondere CALLBACK e ti ricontatteremo.',
    waiting: "Sei ancora in coda: numero {position}, attesa stimata di circa {wait} ({online} del nostro team online). Rispondi CALLBACK se preferisci essere ricontattato, oppure ANNULLA per tornare all’assistente.",
    callback: 'Ricevuto: ti ricontatteremo qui appena qualcuno sarà libero. Nel frattempo sono qui se ti serve qualcosa.',
    back: 'Sei di nuovo con l’assistente. Posso aiutarti con qualcos’altro?',
    emailSummary: "Ecco un riepilogo della tua richiesta, che il nostro team ha ora risolto:\n\n{summary}",
    transferring: 'Ti passo a un collega che può aiutarti con questo.',
    agentLost: 'Scusa, il tuo operatore si è disconnesso. Sto cercando qualcun altro per te.',
    noDesk: 'Mi dispiace, da qui non riesco ancora a contattare una persona.',
    noTeam: "Mi dispiace: qui nessuno del nostro team può ancora rispondere alle chat, quindi non posso passarti a una persona. Io ci sono: chiedimi pure.",
    noSkilled: "Mi dispiace: qui nessuno del nostro team gestisce ancora questo tipo di richiesta, quindi non posso passarti a una persona. Io ci sono: chiedimi pure.",
    cancelled: "D’accordo, ho annullato la tua richiesta di parlare con una persona. Sei di nuovo con l’assistente: come posso aiutarti?",
    waitingHelp: "Stai aspettando una persona del nostro team, che vedrà tutto quello che scrivi qui. Rispondi ANNULLA per tornare all’assistente, oppure CALLBACK e ti ricontatteremo noi.",
    callbackAt: "D’accordo: qualcuno del nostro team ti ricontatterà qui verso {time}. Nel frattempo sono qui se ti serve qualcosa.",
    callbackJoined: "{agent} del nostro team ti ricontatta, come avevi chiesto.",
    cannedGreeting: "Ciao, grazie per l’attesa. Sto guardando ora la tua conversazione.",
    cannedOneMoment: "Grazie, dammi un momento per verificare.",
    cannedOrderNumber: "Potresti inviarmi il numero del tuo ordine, per favore?",
    cannedAnythingElse: "Posso aiutarti con qualcos’altro oggi?",
    cannedGoodbye: "Grazie per averci contattato. Buona giornata!",
  },
  nl: {
    noneOnline: "Er is nu niemand online die hiermee kan helpen. Antwoord CALLBACK en we nemen hier contact met je op zodra er iemand is, of ANNULEREN om met mij verder te chatten. Komt er eerder iemand online, dan antwoordt die hier.",
    connecting: 'Ik verbind je met iemand van ons team. Die ziet ons gesprek tot nu toe.',
    joined: '{agent} van ons team is erbij en antwoordt hier.',
    noAgents: "Iedereen die hiermee kan helpen is nu bezet ({online} online). Je bent nummer {position} in de wachtrij; de verwachte wachttijd is ongeveer {wait}. Antwoord CALLBACK en we nemen contact met je op, of ANNULEREN om met mij verder te chatten.",
    closed: "Ons team is nu niet bereikbaar ({hours}). Antwoord CALLBACK en we nemen contact op zodra we open zijn, of ANNULEREN om met mij verder te chatten.",
    slaOffer: 'Sorry voor het wachten, het duurt langer dan normaal. Je kunt blijven wachten of CALLBACK antwoorden, dan nemen we contact met je op.',
    waiting: "Je staat nog in de wachtrij: nummer {position}, wachttijd ongeveer {wait} ({online} van ons team online). Antwoord CALLBACK als je liever hebt dat we contact met je opnemen, of ANNULEREN om terug te gaan naar de assistent.",
    callback: 'Begrepen: we nemen hier contact met je op zodra er iemand vrij is. Ondertussen ben ik er als je iets nodig hebt.',
    back: 'Je praat weer met de assistent. Kan ik je nog ergens mee helpen?',
    emailSummary: "Hier is een samenvatting van je verzoek, dat ons team nu heeft opgelost:\n\n{summary}",
    transferring: 'Ik verbind je door met een collega die je hiermee kan helpen.',
    agentLost: 'Sorry, de verbinding met je medewerker is verbroken. Ik zoek iemand anders voor je.',
    noDesk: 'Sorry, ik kan van hieruit nog geen medewerker bereiken.',
    noTeam: "Sorry — hier kan nog niemand van ons team chats aannemen, dus ik kan je niet doorverbinden met een persoon. Ik ben er nog: vraag me gerust iets.",
    noSkilled: "Sorry — hier behandelt nog niemand van ons team dit soort vragen, dus ik kan je niet doorverbinden met een persoon. Ik ben er nog: vraag me gerust iets.",
    cancelled: "Oké, ik heb je verzoek om een persoon geannuleerd. Je bent terug bij de assistent — waarmee kan ik helpen?",
    waitingHelp: "Je wacht op iemand van ons team; die ziet alles wat je hier schrijft. Antwoord ANNULEREN om terug te gaan naar de assistent, of CALLBACK en we nemen contact met je op.",
    callbackAt: "Oké — iemand van ons team neemt hier rond {time} contact met je op. Tot die tijd ben ik er als je iets nodig hebt.",
    callbackJoined: "{agent} van ons team neemt contact met je op, zoals je vroeg.",
    cannedGreeting: "Hallo, bedankt voor het wachten. Ik bekijk nu je gesprek.",
    cannedOneMoment: "Bedankt, geef me even een moment om dat voor je na te kijken.",
    cannedOrderNumber: "Kun je me je bestelnummer sturen?",
    cannedAnythingElse: "Kan ik je vandaag nog ergens anders mee helpen?",
    cannedGoodbye: "Bedankt voor je bericht. Nog een fijne dag!",
  },
  pl: {
    noneOnline: "Nikt, kto może w tym pomóc, nie jest teraz dostępny. Odpowiedz CALLBACK, a odezwiemy się tutaj, gdy ktoś będzie, albo ANULUJ, aby dalej rozmawiać ze mną. Jeśli ktoś zaloguje się wcześniej, odpowie tutaj.",
    connecting: 'Łączę Cię z osobą z naszego zespołu. Zobaczy ona naszą dotychczasową rozmowę.',
    joined: '{agent} z naszego zespołu dołączył(a) i odpowie tutaj.',
    noAgents: "Wszyscy, którzy mogą w tym pomóc, są teraz zajęci ({online} dostępnych). Jesteś numerem {position} w kolejce; przewidywany czas oczekiwania to około {wait}. Odpowiedz CALLBACK, a skontaktujemy się z Tobą, albo ANULUJ, aby dalej rozmawiać ze mną.",
    closed: "Nasz zespół jest teraz niedostępny ({hours}). Odpowiedz CALLBACK, a skontaktujemy się, gdy tylko zaczniemy pracę, albo ANULUJ, aby dalej rozmawiać ze mną.",
    slaOffer: 'Przepraszamy za oczekiwanie, trwa to dłużej niż zwykle. Możesz dalej czekać albo odpowiedzieć CALLBACK, a skontaktujemy się z Tobą.',
    waiting: "Nadal jesteś w kolejce: numer {position}, czas oczekiwania około {wait} ({online} osób z zespołu dostępnych). Odpowiedz CALLBACK, jeśli wolisz, żebyśmy się odezwali, albo ANULUJ, aby wrócić do asystenta.",
    callback: 'Jasne, skontaktujemy się tutaj, gdy tylko ktoś będzie wolny. W międzyczasie jestem tu, jeśli czegoś potrzebujesz.',
    back: 'Znowu rozmawiasz z asystentem. Czy mogę w czymś jeszcze pomóc?',
    emailSummary: "Oto podsumowanie Twojej sprawy, którą nasz zespół właśnie rozwiązał:\n\n{summary}",
    transferring: 'Przekazuję Cię koledze, który pomoże w tej sprawie.',
    agentLost: 'Przepraszamy, konsultant został rozłączony. Szukam kogoś innego.',
    noDesk: 'Przepraszam, stąd nie mogę jeszcze połączyć Cię z konsultantem.',
    noTeam: "Przepraszam — nikt z naszego zespołu nie obsługuje jeszcze tutaj czatów, więc nie mogę przekazać Cię konsultantowi. Nadal tu jestem: pytaj śmiało.",
    noSkilled: "Przepraszam — nikt z naszego zespołu nie obsługuje jeszcze tutaj takich spraw, więc nie mogę przekazać Cię konsultantowi. Nadal tu jestem: pytaj śmiało.",
    cancelled: "Dobrze, anulowałem prośbę o rozmowę z konsultantem. Wracasz do asystenta — w czym mogę pomóc?",
    waitingHelp: "Czekasz na osobę z naszego zespołu; zobaczy wszystko, co tu napiszesz. Odpowiedz ANULUJ, aby wrócić do asystenta, albo CALLBACK, a to my się odezwiemy.",
    callbackAt: "Dobrze — ktoś z naszego zespołu odezwie się tutaj około {time}. Do tego czasu jestem tu, gdybyś czegoś potrzebował.",
    callbackJoined: "{agent} z naszego zespołu odzywa się do Ciebie, tak jak prosiłeś.",
    cannedGreeting: "Dzień dobry, dziękuję za cierpliwość. Właśnie przeglądam naszą rozmowę.",
    cannedOneMoment: "Dziękuję, proszę o chwilę, zaraz to sprawdzę.",
    cannedOrderNumber: "Czy możesz przesłać mi numer zamówienia?",
    cannedAnythingElse: "Czy mogę jeszcze w czymś dziś pomóc?",
    cannedGoodbye: "Dziękujemy za kontakt. Miłego dnia!",
  },
  tr: {
    noneOnline: "Şu anda bu konuda yardımcı olabilecek kimse çevrimiçi değil. CALLBACK yazın, biri geldiğinde size buradan dönelim; ya da benimle devam etmek için IPTAL yazın. Önce biri çevrimiçi olursa size buradan yanıt verir.",
    connecting: 'Sizi ekibimizden biriyle bağlıyorum. Şimdiye kadarki konuşmamızı görecek.',
    joined: 'Ekibimizden {agent} katıldı ve burada yanıt verecek.',
    noAgents: "Bu konuda yardımcı olabilecek herkes şu anda meşgul ({online} çevrimiçi). Sırada {position}. sıradasınız; tahmini bekleme süresi yaklaşık {wait}. CALLBACK yazın, size dönelim; ya da benimle devam etmek için IPTAL yazın.",
    closed: "Ekibimiz şu anda çevrimdışı ({hours}). CALLBACK yazın, açılır açılmaz size dönelim; ya da benimle devam etmek için IPTAL yazın.",
    slaOffer: 'Beklettiğimiz için üzgünüz, her zamankinden uzun sürüyor. Beklemeye devam edebilir veya CALLBACK yazabilirsiniz, size geri döneriz.',
    waiting: "Hâlâ sıradasınız: {position}. sıra, tahmini bekleme yaklaşık {wait} (ekibimizden {online} kişi çevrimiçi). Size dönmemizi tercih ederseniz CALLBACK, asistana dönmek için IPTAL yazın.",
    callback: 'Anlaşıldı, biri müsait olur olmaz size buradan döneceğiz. Bu arada bir şeye ihtiyacınız olursa buradayım.',
    back: 'Tekrar asistanla görüşüyorsunuz. Başka bir konuda yardımcı olabilir miyim?',
    emailSummary: "Ekibimizin çözdüğü talebinizin özeti:\n\n{summary}",
    transferring: 'Sizi bu konuda yardımcı olabilecek bir çalışma arkadaşıma aktarıyorum.',
    agentLost: 'Üzgünüz, temsilcinizin bağlantısı kesildi. Sizin için başka birini arıyorum.',
    noDesk: 'Üzgünüm, buradan henüz bir temsilciye ulaşamıyorum.',
    noTeam: "Üzgünüm — burada henüz ekibimizden kimse sohbet yanıtlayamıyor, bu yüzden sizi bir kişiye aktaramıyorum. Ben buradayım: dilediğinizi sorun.",
    noSkilled: "Üzgünüm — burada henüz ekibimizden kimse bu tür talepleri yanıtlamıyor, bu yüzden sizi bir kişiye aktaramıyorum. Ben buradayım: dilediğinizi sorun.",
    cancelled: "Tamam, bir kişiyle görüşme talebinizi iptal ettim. Asistana geri döndünüz — size nasıl yardımcı olabilirim?",
    waitingHelp: "Ekibimizden birini bekliyorsunuz; buraya yazdığınız her şeyi görecek. Asistana dönmek için IPTAL, size dönmemiz için CALLBACK yazın.",
    callbackAt: "Tamam — ekibimizden biri size burada {time} civarında dönecek. Bu arada bir şeye ihtiyacınız olursa buradayım.",
    callbackJoined: "Ekibimizden {agent}, istediğiniz gibi size dönüyor.",
    cannedGreeting: "Merhaba, beklediğiniz için teşekkürler. Şu anda görüşmenizi inceliyorum.",
    cannedOneMoment: "Teşekkürler, bunu sizin için kontrol ederken bir dakika bekler misiniz?",
    cannedOrderNumber: "Sipariş numaranızı gönderebilir misiniz lütfen?",
    cannedAnythingElse: "Bugün size yardımcı olabileceğim başka bir konu var mı?",
    cannedGoodbye: "Bize ulaştığınız için teşekkürler. İyi günler!",
  },
  ru: {
    noneOnline: "Сейчас в сети нет никого, кто может с этим помочь. Напишите CALLBACK, и мы свяжемся с вами здесь, когда кто-то появится, или ОТМЕНА, чтобы продолжить общаться со мной. Если кто-то появится раньше, вам ответят здесь.",
    connecting: 'Соединяю вас с сотрудником нашей команды. Он увидит нашу переписку.',
    joined: '{agent} из нашей команды подключился к чату и ответит здесь.',
    noAgents: "Все, кто может с этим помочь, сейчас заняты ({online} в сети). Вы {position}-й в очереди; ожидание примерно {wait}. Напишите CALLBACK, и мы свяжемся с вами сами, или ОТМЕНА, чтобы продолжить общаться со мной.",
    closed: "Сейчас наша команда не работает ({hours}). Напишите CALLBACK, и мы свяжемся с вами, как только начнём работу, или ОТМЕНА, чтобы продолжить общаться со мной.",
    slaOffer: 'Извините за ожидание, сегодня дольше обычного. Можете подождать или написать CALLBACK, и мы свяжемся с вами.',
    waiting: "Вы всё ещё в очереди: номер {position}, ожидание примерно {wait} (в сети {online} из нашей команды). Напишите CALLBACK, если хотите, чтобы мы связались с вами, или ОТМЕНА, чтобы вернуться к ассистенту.",
    callback: 'Понял: мы свяжемся с вами здесь, как только кто-то освободится. А пока я здесь, если что-то понадобится.',
    back: 'Вы снова общаетесь с ассистентом. Могу ли я ещё чем-то помочь?',
    emailSummary: "Вот краткое изложение вашего обращения, которое наша команда решила:\n\n{summary}",
    transferring: 'Передаю вас коллеге, который поможет с этим вопросом.',
    agentLost: 'Извините, ваш оператор отключился. Ищу для вас другого сотрудника.',
    noDesk: 'Извините, отсюда я пока не могу связаться с сотрудником.',
    noTeam: "Извините — здесь пока никто из нашей команды не отвечает в чате, поэтому я не могу передать вас сотруднику. Я по-прежнему здесь: спрашивайте.",
    noSkilled: "Извините — здесь пока никто из нашей команды не занимается такими вопросами, поэтому я не могу передать вас сотруднику. Я по-прежнему здесь: спрашивайте.",
    cancelled: "Хорошо, я отменил ваш запрос на разговор с сотрудником. Вы снова с ассистентом — чем могу помочь?",
    waitingHelp: "Вы ждёте сотрудника нашей команды; он увидит всё, что вы здесь напишете. Напишите ОТМЕНА, чтобы вернуться к ассистенту, или CALLBACK, и мы свяжемся с вами сами.",
    callbackAt: "Хорошо — сотрудник нашей команды свяжется с вами здесь около {time}. А пока я здесь, если что-то понадобится.",
    callbackJoined: "{agent} из нашей команды связывается с вами, как вы просили.",
    cannedGreeting: "Здравствуйте, спасибо за ожидание. Я уже смотрю нашу переписку.",
    cannedOneMoment: "Спасибо, дайте мне минуту, я это проверю.",
    cannedOrderNumber: "Пришлите, пожалуйста, номер вашего заказа.",
    cannedAnythingElse: "Могу ли я ещё чем-то помочь вам сегодня?",
    cannedGoodbye: "Спасибо, что обратились к нам. Хорошего дня!",
  },
  ar: {
    noneOnline: "لا يوجد الآن أحد متصل يمكنه المساعدة في هذا. أرسل CALLBACK وسنتواصل معك هنا عندما يتوفر أحد، أو إلغاء لمتابعة الدردشة معي. إذا اتصل أحد قبل ذلك فسيرد عليك هنا.",
    connecting: 'أقوم بتوصيلك بأحد أعضاء فريقنا. سيطّلع على محادثتنا حتى الآن.',
    joined: 'انضم {agent} من فريقنا وسيرد عليك هنا.',
    noAgents: "كل من يمكنه المساعدة في هذا مشغول الآن ({online} متصل). أنت رقم {position} في قائمة الانتظار؛ مدة الانتظار المتوقعة حوالي {wait}. أرسل CALLBACK وسنتواصل معك، أو إلغاء لمتابعة الدردشة معي.",
    closed: "فريقنا غير متاح الآن ({hours}). أرسل CALLBACK وسنتواصل معك فور افتتاحنا، أو إلغاء لمتابعة الدردشة معي.",
    slaOffer: 'نعتذر عن الانتظار، الأمر يستغرق وقتًا أطول من المعتاد. يمكنك متابعة الانتظار أو إرسال CALLBACK وسنتواصل معك.',
    waiting: "ما زلت في قائمة الانتظار: رقم {position}، والانتظار المتوقع حوالي {wait} ({online} من فريقنا متصلون). أرسل CALLBACK إذا كنت تفضّل أن نتواصل معك، أو إلغاء للعودة إلى المساعد.",
    callback: 'تم: سنتواصل معك هنا بمجرد أن يتفرغ أحد. في هذه الأثناء أنا هنا إذا احتجت إلى أي شيء.',
    back: 'عدت إلى المساعد الآلي. هل يمكنني مساعدتك في شيء آخر؟',
    emailSummary: "إليك ملخص طلبك الذي حله فريقنا الآن:\n\n{summary}",
    transferring: 'سأحوّلك إلى زميل يستطيع مساعدتك في هذا الأمر.',
    agentLost: 'عذرًا، انقطع اتصال الموظف. أبحث لك عن شخص آخر.',
    noDesk: 'عذرًا، لا أستطيع الوصول إلى أحد الموظفين من هنا بعد.',
    noTeam: "عذرًا — لا يوجد بعد أحد من فريقنا يستقبل الدردشات هنا، لذلك لا يمكنني تحويلك إلى شخص. ما زلت هنا: اسألني ما تشاء.",
    noSkilled: "عذرًا — لا يوجد بعد أحد من فريقنا يتولى هذا النوع من الطلبات هنا، لذلك لا يمكنني تحويلك إلى شخص. ما زلت هنا: اسألني ما تشاء.",
    cancelled: "حسنًا، ألغيت طلبك للتحدث إلى شخص. عدت إلى المساعد — كيف يمكنني مساعدتك؟",
    waitingHelp: "أنت بانتظار شخص من فريقنا؛ سيرى كل ما تكتبه هنا. أرسل إلغاء للعودة إلى المساعد، أو CALLBACK وسنتواصل معك.",
    callbackAt: "حسنًا — سيتواصل معك أحد من فريقنا هنا حوالي {time}. وحتى ذلك الحين أنا هنا إن احتجت شيئًا.",
    callbackJoined: "{agent} من فريقنا يتواصل معك كما طلبت.",
    cannedGreeting: "مرحبًا، شكرًا على الانتظار. أنا أطّلع على محادثتك الآن.",
    cannedOneMoment: "شكرًا، امنحني لحظة حتى أتحقق من ذلك.",
    cannedOrderNumber: "هل يمكنك إرسال رقم طلبك من فضلك؟",
    cannedAnythingElse: "هل هناك أي شيء آخر يمكنني مساعدتك فيه اليوم؟",
    cannedGoodbye: "شكرًا لتواصلك معنا. نتمنى لك يومًا سعيدًا!",
  },
  zh: {
    noneOnline: "目前没有能处理此问题的同事在线。回复 CALLBACK，有人上线后我们会在这里联系您；或回复 取消，继续和我聊天。如果有人先上线，会直接在这里回复您。",
    connecting: '正在为您联系我们团队的工作人员，对方可以看到我们之前的对话。',
    joined: '我们团队的{agent}已加入，将在这里回复您。',
    noAgents: "能处理此问题的同事目前都在忙（{online} 人在线）。您在队列中排第{position}位，预计等待约{wait}。回复 CALLBACK，我们会主动联系您；或回复 取消，继续和我聊天。",
    closed: "我们的团队目前不在线（{hours}）。回复 CALLBACK，我们会在上班后第一时间联系您；或回复 取消，继续和我聊天。",
    slaOffer: '抱歉让您久等了，这次比平时慢。您可以继续等待，或回复 CALLBACK，我们会主动联系您。',
    waiting: "您仍在排队：第{position}位，预计等待约{wait}（团队中 {online} 人在线）。如果希望我们主动联系您，请回复 CALLBACK；回复 取消 可返回助手。",
    callback: '好的，一有人空闲我们就会在这里联系您。在此期间，如有需要我随时在这里。',
    back: '您已回到智能助手。还有什么可以帮您？',
    emailSummary: "以下是您的请求摘要，我们的团队已处理完毕：\n\n{summary}",
    transferring: '正在为您转接能处理此问题的同事。',
    agentLost: '抱歉，客服连接已断开。正在为您寻找其他人。',
    noDesk: '抱歉，目前还无法从这里为您联系人工客服。',
    noTeam: "抱歉，这里暂时还没有团队成员可以接待聊天，所以我无法为您转接人工。我仍在这里，欢迎随时提问。",
    noSkilled: "抱歉，这里暂时还没有团队成员处理这类请求，所以我无法为您转接人工。我仍在这里，欢迎随时提问。",
    cancelled: "好的，已取消您的人工服务请求。您已回到助手，请问还有什么可以帮您？",
    waitingHelp: "您正在等待我们的团队成员，对方会看到您在这里写的所有内容。回复 取消 返回助手，或回复 CALLBACK 让我们主动联系您。",
    callbackAt: "好的，我们的团队成员会在 {time} 左右在这里联系您。在此期间，如有需要我随时在。",
    callbackJoined: "我们团队的 {agent} 按您的要求来联系您了。",
    cannedGreeting: "您好，感谢您的耐心等待。我正在查看您的对话。",
    cannedOneMoment: "谢谢，请稍等，我帮您查一下。",
    cannedOrderNumber: "请问能把您的订单号发给我吗？",
    cannedAnythingElse: "今天还有什么可以帮您的吗？",
    cannedGoodbye: "感谢您联系我们，祝您生活愉快！",
  },
  ja: {
    noneOnline: "現在、このご用件に対応できる担当者がオンラインにいません。CALLBACK と返信いただければ、担当者がつき次第ここでご連絡します。キャンセル と返信すると、このまま私とお話しいただけます。先に担当者がオンラインになれば、ここで返信します。",
    connecting: '担当者におつなぎしています。これまでの会話は担当者にも表示されます。',
    joined: '担当の{agent}が参加しました。こちらで返信いたします。',
    noAgents: "対応できる担当者は全員対応中です（オンライン {online} 名）。お客様は{position}番目で、待ち時間は約{wait}の見込みです。CALLBACK と返信いただければ折り返しご連絡します。キャンセル と返信すると、このまま私とお話しいただけます。",
    closed: "ただいま営業時間外です（{hours}）。CALLBACK と返信いただければ営業開始後にご連絡します。キャンセル と返信すると、このまま私とお話しいただけます。",
    slaOffer: 'お待たせして申し訳ありません。通常より時間がかかっています。このままお待ちいただくか、CALLBACK と返信いただければ折り返しご連絡します。',
    waiting: "まだ順番待ちです：{position}番目、待ち時間は約{wait}（担当者 {online} 名がオンライン）。折り返しをご希望の場合は CALLBACK、アシスタントに戻る場合は キャンセル と返信してください。",
    callback: '承知しました。担当者の手が空き次第、こちらでご連絡します。それまでの間、何かあれば私がお手伝いします。',
    back: 'アシスタントとの会話に戻りました。ほかにお手伝いできることはありますか？',
    emailSummary: "チームが解決したお問い合わせの概要です：\n\n{summary}",
    transferring: 'この件に対応できる担当者におつなぎします。',
    agentLost: '申し訳ありません、担当者との接続が切れました。別の担当者を探しています。',
    noDesk: '申し訳ありません、ここからはまだ担当者におつなぎできません。',
    noTeam: "申し訳ありません。ここではまだチャットに対応できる担当者がいないため、担当者におつなぎできません。引き続き私がお手伝いします。何でもお尋ねください。",
    noSkilled: "申し訳ありません。ここではまだこの種類のご用件に対応できる担当者がいないため、担当者におつなぎできません。引き続き私がお手伝いします。何でもお尋ねください。",
    cancelled: "承知しました。担当者へのおつなぎをキャンセルしました。アシスタントに戻りました。ほかにお手伝いできることはありますか？",
    waitingHelp: "担当者をお待ちいただいています。ここに書いた内容はすべて担当者に表示されます。アシスタントに戻る場合は キャンセル、折り返しをご希望の場合は CALLBACK と返信してください。",
    callbackAt: "承知しました。{time}ごろ、担当者からここでご連絡します。それまでの間、何かあれば私がお手伝いします。",
    callbackJoined: "ご希望どおり、担当の{agent}からご連絡します。",
    cannedGreeting: "お待たせしました。ただいまお問い合わせ内容を確認しております。",
    cannedOneMoment: "ありがとうございます。確認いたしますので、少々お待ちください。",
    cannedOrderNumber: "恐れ入りますが、ご注文番号を送っていただけますか？",
    cannedAnythingElse: "本日、ほかにお手伝いできることはございますか？",
    cannedGoodbye: "お問い合わせいただきありがとうございました。良い一日をお過ごしください。",
  },
});

/**
 * The text for a locale through the one text lookup (`core/texts.ts`), `{placeholders}` filled:
 * the bot's `messages.<locale>.handoff.<key>` (its config is `source`) win over the built-in text.
 */
export function handoffText(source: TextSource, locale: string | undefined, key: keyof HandoffTexts, values: TextValues = {}): string {
  return handoffTexts(source, key, locale, values);
}

/**
 * The console's canned replies for a customer who reads `locale`, through the same lookup as the
 * bot's texts: a bot overrides one in `bot.yaml` (`messages.es: { handoff.cannedGreeting: … }`).
 */
export function cannedReplies(source: TextSource, locale: string | undefined): CannedReply[] {
  return CANNED_REPLIES.map(({ key, title }) => ({ id: key, title, text: handoffText(source, locale, key) }));
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
