import { registerTexts, type TextSource, type TextValues } from '../core/texts';

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

/** The built-in texts (full keys `handoff.<key>`) in the one text lookup (`core/texts.ts`). */
const handoffTexts = registerTexts<keyof HandoffTexts>('handoff', {
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
  pt: {
    noneOnline: 'Ninguém da nossa equipe está online agora. Mantenha este chat aberto e alguém responderá aqui, ou responda CALLBACK e entraremos em contato.',
    connecting: 'Estou conectando você com uma pessoa da nossa equipe. Ela verá nossa conversa até aqui.',
    joined: '{agent}, da nossa equipe, entrou e responderá aqui.',
    noAgents: 'Toda a nossa equipe está ocupada agora. Você é o número {position} na fila; a espera estimada é de cerca de {wait}. Responda CALLBACK e entraremos em contato.',
    closed: 'Nossa equipe está offline agora ({hours}). Responda CALLBACK e entraremos em contato assim que abrirmos, ou continue conversando comigo.',
    slaOffer: 'Desculpe a espera, está demorando mais do que o normal. Você pode continuar esperando ou responder CALLBACK e entraremos em contato.',
    waiting: 'Você ainda está na fila (número {position}). Alguém vai atender você em breve; responda CALLBACK se preferir que entremos em contato.',
    callback: 'Certo, entraremos em contato aqui assim que alguém estiver livre. Enquanto isso, estou aqui se precisar de algo.',
    back: 'Você voltou a falar com o assistente. Posso ajudar com mais alguma coisa?',
    csat: 'Como foi o atendimento? Responda com um número de 1 (ruim) a 5 (ótimo).',
    csatThanks: 'Obrigado pela sua avaliação!',
    transferring: 'Vou passar você para um colega que pode ajudar com isso.',
    agentLost: 'Desculpe, seu atendente foi desconectado. Estou procurando outra pessoa para você.',
    noDesk: 'Desculpe, ainda não consigo falar com uma pessoa daqui.',
  },
  it: {
    noneOnline: 'Al momento nessuno del nostro team è online. Tieni aperta questa chat e qualcuno ti risponderà qui, oppure rispondi CALLBACK e ti ricontatteremo.',
    connecting: 'Ti sto mettendo in contatto con una persona del nostro team. Vedrà la nostra conversazione fin qui.',
    joined: '{agent} del nostro team si è unito e ti risponderà qui.',
    noAgents: 'Al momento tutto il team è occupato. Sei il numero {position} in coda; l’attesa stimata è di circa {wait}. Rispondi CALLBACK e ti ricontatteremo noi.',
    closed: 'Il nostro team al momento non è disponibile ({hours}). Rispondi CALLBACK e ti ricontatteremo appena apriamo, oppure continua a scrivermi.',
    slaOffer: 'Scusa l’attesa, ci vuole più del solito. Puoi continuare ad aspettare oppure rispondere CALLBACK e ti ricontatteremo.',
    waiting: 'Sei ancora in coda (numero {position}). Qualcuno sarà presto da te; rispondi CALLBACK se preferisci essere ricontattato.',
    callback: 'Ricevuto: ti ricontatteremo qui appena qualcuno sarà libero. Nel frattempo sono qui se ti serve qualcosa.',
    back: 'Sei di nuovo con l’assistente. Posso aiutarti con qualcos’altro?',
    csat: 'Come ti abbiamo assistito? Rispondi con un numero da 1 (male) a 5 (ottimo).',
    csatThanks: 'Grazie per il tuo feedback!',
    transferring: 'Ti passo a un collega che può aiutarti con questo.',
    agentLost: 'Scusa, il tuo operatore si è disconnesso. Sto cercando qualcun altro per te.',
    noDesk: 'Mi dispiace, da qui non riesco ancora a contattare una persona.',
  },
  nl: {
    noneOnline: 'Er is nu niemand van ons team online. Houd deze chat open, dan antwoordt hier iemand, of antwoord CALLBACK en we nemen contact met je op.',
    connecting: 'Ik verbind je met iemand van ons team. Die ziet ons gesprek tot nu toe.',
    joined: '{agent} van ons team is erbij en antwoordt hier.',
    noAgents: 'Iedereen in ons team is nu bezet. Je bent nummer {position} in de wachtrij; de verwachte wachttijd is ongeveer {wait}. Antwoord CALLBACK en we nemen contact met je op.',
    closed: 'Ons team is nu niet bereikbaar ({hours}). Antwoord CALLBACK en we nemen contact op zodra we open zijn, of chat verder met mij.',
    slaOffer: 'Sorry voor het wachten, het duurt langer dan normaal. Je kunt blijven wachten of CALLBACK antwoorden, dan nemen we contact met je op.',
    waiting: 'Je staat nog in de wachtrij (nummer {position}). Er komt zo iemand; antwoord CALLBACK als je liever wordt teruggebeld.',
    callback: 'Begrepen: we nemen hier contact met je op zodra er iemand vrij is. Ondertussen ben ik er als je iets nodig hebt.',
    back: 'Je praat weer met de assistent. Kan ik je nog ergens mee helpen?',
    csat: 'Hoe hebben we het gedaan? Antwoord met een cijfer van 1 (slecht) tot 5 (geweldig).',
    csatThanks: 'Bedankt voor je feedback!',
    transferring: 'Ik verbind je door met een collega die je hiermee kan helpen.',
    agentLost: 'Sorry, de verbinding met je medewerker is verbroken. Ik zoek iemand anders voor je.',
    noDesk: 'Sorry, ik kan van hieruit nog geen medewerker bereiken.',
  },
  pl: {
    noneOnline: 'Nikt z naszego zespołu nie jest teraz dostępny. Zostaw czat otwarty, a ktoś odpowie tutaj, albo odpowiedz CALLBACK, a skontaktujemy się z Tobą.',
    connecting: 'Łączę Cię z osobą z naszego zespołu. Zobaczy ona naszą dotychczasową rozmowę.',
    joined: '{agent} z naszego zespołu dołączył(a) i odpowie tutaj.',
    noAgents: 'Wszyscy konsultanci są teraz zajęci. Jesteś numerem {position} w kolejce; przewidywany czas oczekiwania to około {wait}. Odpowiedz CALLBACK, a skontaktujemy się z Tobą.',
    closed: 'Nasz zespół jest teraz niedostępny ({hours}). Odpowiedz CALLBACK, a skontaktujemy się, gdy tylko zaczniemy pracę, albo pisz dalej ze mną.',
    slaOffer: 'Przepraszamy za oczekiwanie, trwa to dłużej niż zwykle. Możesz dalej czekać albo odpowiedzieć CALLBACK, a skontaktujemy się z Tobą.',
    waiting: 'Nadal jesteś w kolejce (numer {position}). Wkrótce ktoś się odezwie; odpowiedz CALLBACK, jeśli wolisz, żebyśmy się z Tobą skontaktowali.',
    callback: 'Jasne, skontaktujemy się tutaj, gdy tylko ktoś będzie wolny. W międzyczasie jestem tu, jeśli czegoś potrzebujesz.',
    back: 'Znowu rozmawiasz z asystentem. Czy mogę w czymś jeszcze pomóc?',
    csat: 'Jak oceniasz obsługę? Odpowiedz liczbą od 1 (słabo) do 5 (świetnie).',
    csatThanks: 'Dziękujemy za opinię!',
    transferring: 'Przekazuję Cię koledze, który pomoże w tej sprawie.',
    agentLost: 'Przepraszamy, konsultant został rozłączony. Szukam kogoś innego.',
    noDesk: 'Przepraszam, stąd nie mogę jeszcze połączyć Cię z konsultantem.',
  },
  tr: {
    noneOnline: 'Şu anda ekibimizden kimse çevrimiçi değil. Bu sohbeti açık tutun, biri burada yanıt verecek; ya da CALLBACK yazın, size geri dönelim.',
    connecting: 'Sizi ekibimizden biriyle bağlıyorum. Şimdiye kadarki konuşmamızı görecek.',
    joined: 'Ekibimizden {agent} katıldı ve burada yanıt verecek.',
    noAgents: 'Ekibimizin tamamı şu anda meşgul. Sırada {position}. sıradasınız; tahmini bekleme süresi yaklaşık {wait}. CALLBACK yazın, size geri dönelim.',
    closed: 'Ekibimiz şu anda çevrimdışı ({hours}). CALLBACK yazın, açılır açılmaz size dönelim ya da benimle yazışmaya devam edin.',
    slaOffer: 'Beklettiğimiz için üzgünüz, her zamankinden uzun sürüyor. Beklemeye devam edebilir veya CALLBACK yazabilirsiniz, size geri döneriz.',
    waiting: 'Hâlâ sıradasınız ({position}. sıra). Birazdan biri ilgilenecek; size dönmemizi tercih ederseniz CALLBACK yazın.',
    callback: 'Anlaşıldı, biri müsait olur olmaz size buradan döneceğiz. Bu arada bir şeye ihtiyacınız olursa buradayım.',
    back: 'Tekrar asistanla görüşüyorsunuz. Başka bir konuda yardımcı olabilir miyim?',
    csat: 'Hizmetimizi nasıl buldunuz? 1 (kötü) ile 5 (harika) arasında bir sayıyla yanıtlayın.',
    csatThanks: 'Geri bildiriminiz için teşekkürler!',
    transferring: 'Sizi bu konuda yardımcı olabilecek bir çalışma arkadaşıma aktarıyorum.',
    agentLost: 'Üzgünüz, temsilcinizin bağlantısı kesildi. Sizin için başka birini arıyorum.',
    noDesk: 'Üzgünüm, buradan henüz bir temsilciye ulaşamıyorum.',
  },
  ru: {
    noneOnline: 'Сейчас никого из нашей команды нет в сети. Оставьте чат открытым, и вам ответят здесь, или напишите CALLBACK, и мы с вами свяжемся.',
    connecting: 'Соединяю вас с сотрудником нашей команды. Он увидит нашу переписку.',
    joined: '{agent} из нашей команды подключился к чату и ответит здесь.',
    noAgents: 'Сейчас все сотрудники заняты. Вы {position}-й в очереди; ожидание примерно {wait}. Напишите CALLBACK, и мы свяжемся с вами сами.',
    closed: 'Сейчас наша команда не работает ({hours}). Напишите CALLBACK, и мы свяжемся с вами, как только начнём работу, или продолжайте общаться со мной.',
    slaOffer: 'Извините за ожидание, сегодня дольше обычного. Можете подождать или написать CALLBACK, и мы свяжемся с вами.',
    waiting: 'Вы всё ещё в очереди (номер {position}). Скоро вам ответят; напишите CALLBACK, если хотите, чтобы мы связались с вами.',
    callback: 'Понял: мы свяжемся с вами здесь, как только кто-то освободится. А пока я здесь, если что-то понадобится.',
    back: 'Вы снова общаетесь с ассистентом. Могу ли я ещё чем-то помочь?',
    csat: 'Как мы справились? Ответьте числом от 1 (плохо) до 5 (отлично).',
    csatThanks: 'Спасибо за отзыв!',
    transferring: 'Передаю вас коллеге, который поможет с этим вопросом.',
    agentLost: 'Извините, ваш оператор отключился. Ищу для вас другого сотрудника.',
    noDesk: 'Извините, отсюда я пока не могу связаться с сотрудником.',
  },
  ar: {
    noneOnline: 'لا يوجد أحد من فريقنا متصل الآن. اترك هذه الدردشة مفتوحة وسيرد عليك أحد هنا، أو أرسل CALLBACK وسنعاود التواصل معك.',
    connecting: 'أقوم بتوصيلك بأحد أعضاء فريقنا. سيطّلع على محادثتنا حتى الآن.',
    joined: 'انضم {agent} من فريقنا وسيرد عليك هنا.',
    noAgents: 'جميع أعضاء فريقنا مشغولون الآن. أنت رقم {position} في قائمة الانتظار؛ مدة الانتظار المتوقعة حوالي {wait}. أرسل CALLBACK وسنتواصل معك.',
    closed: 'فريقنا غير متاح الآن ({hours}). أرسل CALLBACK وسنتواصل معك فور افتتاحنا، أو تابع الدردشة معي.',
    slaOffer: 'نعتذر عن الانتظار، الأمر يستغرق وقتًا أطول من المعتاد. يمكنك متابعة الانتظار أو إرسال CALLBACK وسنتواصل معك.',
    waiting: 'ما زلت في قائمة الانتظار (رقم {position}). سيتواصل معك أحد قريبًا؛ أرسل CALLBACK إذا كنت تفضّل أن نعاود التواصل معك.',
    callback: 'تم: سنتواصل معك هنا بمجرد أن يتفرغ أحد. في هذه الأثناء أنا هنا إذا احتجت إلى أي شيء.',
    back: 'عدت إلى المساعد الآلي. هل يمكنني مساعدتك في شيء آخر؟',
    csat: 'كيف كانت خدمتنا؟ أجب برقم من 1 (سيئة) إلى 5 (ممتازة).',
    csatThanks: 'شكرًا على ملاحظاتك!',
    transferring: 'سأحوّلك إلى زميل يستطيع مساعدتك في هذا الأمر.',
    agentLost: 'عذرًا، انقطع اتصال الموظف. أبحث لك عن شخص آخر.',
    noDesk: 'عذرًا، لا أستطيع الوصول إلى أحد الموظفين من هنا بعد.',
  },
  zh: {
    noneOnline: '目前我们团队没有人在线。请保持此聊天窗口打开，稍后会有人在这里回复您；或回复 CALLBACK，我们会主动联系您。',
    connecting: '正在为您联系我们团队的工作人员，对方可以看到我们之前的对话。',
    joined: '我们团队的{agent}已加入，将在这里回复您。',
    noAgents: '我们的团队目前都在忙。您在队列中排第{position}位，预计等待约{wait}。回复 CALLBACK，我们会主动联系您。',
    closed: '我们的团队目前不在线（{hours}）。回复 CALLBACK，我们会在上班后第一时间联系您，或继续和我聊天。',
    slaOffer: '抱歉让您久等了，这次比平时慢。您可以继续等待，或回复 CALLBACK，我们会主动联系您。',
    waiting: '您仍在排队（第{position}位），很快会有人为您服务；如果希望我们主动联系您，请回复 CALLBACK。',
    callback: '好的，一有人空闲我们就会在这里联系您。在此期间，如有需要我随时在这里。',
    back: '您已回到智能助手。还有什么可以帮您？',
    csat: '您对我们的服务满意吗？请回复 1（差）到 5（很好）之间的数字。',
    csatThanks: '感谢您的反馈！',
    transferring: '正在为您转接能处理此问题的同事。',
    agentLost: '抱歉，客服连接已断开。正在为您寻找其他人。',
    noDesk: '抱歉，目前还无法从这里为您联系人工客服。',
  },
  ja: {
    noneOnline: '現在、対応できる担当者がオンラインにいません。このチャットを開いたままにしていただければ担当者がここで返信します。または CALLBACK と返信いただければ、折り返しご連絡します。',
    connecting: '担当者におつなぎしています。これまでの会話は担当者にも表示されます。',
    joined: '担当の{agent}が参加しました。こちらで返信いたします。',
    noAgents: 'ただいま担当者が全員対応中です。お客様は{position}番目で、待ち時間は約{wait}の見込みです。CALLBACK と返信いただければ、折り返しご連絡します。',
    closed: 'ただいま営業時間外です（{hours}）。CALLBACK と返信いただければ営業開始後にご連絡します。このまま私とお話しいただくこともできます。',
    slaOffer: 'お待たせして申し訳ありません。通常より時間がかかっています。このままお待ちいただくか、CALLBACK と返信いただければ折り返しご連絡します。',
    waiting: 'まだ順番待ちです（{position}番目）。まもなく担当者が対応します。折り返しをご希望の場合は CALLBACK と返信してください。',
    callback: '承知しました。担当者の手が空き次第、こちらでご連絡します。それまでの間、何かあれば私がお手伝いします。',
    back: 'アシスタントとの会話に戻りました。ほかにお手伝いできることはありますか？',
    csat: '対応はいかがでしたか？ 1（不満）から 5（大変満足）の数字で返信してください。',
    csatThanks: 'ご評価ありがとうございます！',
    transferring: 'この件に対応できる担当者におつなぎします。',
    agentLost: '申し訳ありません、担当者との接続が切れました。別の担当者を探しています。',
    noDesk: '申し訳ありません、ここからはまだ担当者におつなぎできません。',
  },
});

/**
 * The text for a locale through the one text lookup (`core/texts.ts`), `{placeholders}` filled;
 * with the bot's config (`source`) its `messages.<locale>.handoff.<key>` win.
 */
export function handoffText(locale: string | undefined, key: keyof HandoffTexts, values: TextValues = {}, source?: TextSource): string {
  return handoffTexts(source, key, locale, values);
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
