import type { Bot } from '../core/bot';
import { fallbackLocales, registerTexts } from '../core/texts';
import type { Text } from './schema';

/**
 * Picks the text for `locale` from a per-locale `Text` in the one fallback order of every text
 * (`fallbackLocales`: the exact tag, its base language, the bot's default locale, English), then
 * the first given — so a missing translation never leaves the customer without an answer.
 */
export function pickText(text: Text, locale: string, defaultLocale: string): string {
  if (typeof text === 'string') return text;
  for (const candidate of fallbackLocales(locale, defaultLocale)) if (text[candidate] !== undefined) return text[candidate];
  return Object.values(text)[0] ?? '';
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

/** The dialog runtime's own texts (full keys `dialog.<key>`); bots override them in `bot.yaml` `messages`. */
const dialogTexts = registerTexts<DialogTextKey>('dialog', {
  en: {
    cancelled: 'OK, I stopped that. What else can I help you with?',
    nothingToCancel: 'There is nothing to cancel. What can I help you with?',
    help: 'Say "cancel" to stop, "start over" to begin again, or "talk to a person" for an agent.',
    retry: "Sorry, I didn't get that.",
    gaveUp: "Sorry, I couldn't understand. Let's leave it there for now.",
    noAgent: 'No agent is available right now. Please try again later, or keep chatting with me.',
    handedOff: "I'm passing you to a person. They'll answer here shortly.",
    noAnswer: "Sorry, I don't know the answer to that.",
    resume: "Let's continue.",
    callFailed: 'Sorry, I could not look that up right now.',
    yes: 'Yes',
    no: 'No',
    language: "OK, I'll continue in English.",
  },
  es: {
    cancelled: 'De acuerdo, lo he cancelado. ¿En qué más puedo ayudarte?',
    nothingToCancel: 'No hay nada que cancelar. ¿En qué puedo ayudarte?',
    help: 'Di "cancelar" para parar, "empezar de nuevo" para volver a empezar o "hablar con una persona".',
    retry: 'Perdona, no lo he entendido.',
    gaveUp: 'Lo siento, no lo he entendido. Lo dejamos aquí por ahora.',
    noAgent: 'Ahora mismo no hay ningún agente disponible. Inténtalo más tarde o sigue hablando conmigo.',
    handedOff: 'Te paso con una persona. Te responderá aquí en breve.',
    noAnswer: 'Lo siento, no sé la respuesta.',
    resume: 'Sigamos.',
    callFailed: 'Lo siento, ahora mismo no puedo consultarlo.',
    yes: 'Sí',
    no: 'No',
    language: 'De acuerdo, seguimos en español.',
  },
  de: {
    cancelled: 'Okay, ich habe das abgebrochen. Wobei kann ich sonst helfen?',
    nothingToCancel: 'Es gibt nichts abzubrechen. Wobei kann ich helfen?',
    help: 'Sag "abbrechen" zum Aufhören, "von vorne" zum Neustarten oder "mit einem Menschen sprechen".',
    retry: 'Entschuldigung, das habe ich nicht verstanden.',
    gaveUp: 'Entschuldigung, ich habe es nicht verstanden. Belassen wir es vorerst dabei.',
    noAgent: 'Gerade ist niemand verfügbar. Bitte versuche es später noch einmal oder schreib weiter mit mir.',
    handedOff: 'Ich verbinde dich mit einem Menschen. Du bekommst hier gleich eine Antwort.',
    noAnswer: 'Tut mir leid, darauf weiß ich keine Antwort.',
    resume: 'Machen wir weiter.',
    callFailed: 'Tut mir leid, das kann ich gerade nicht nachsehen.',
    yes: 'Ja',
    no: 'Nein',
    language: 'Okay, wir machen auf Deutsch weiter.',
  },
  fr: {
    cancelled: "D'accord, j'ai annulé. Que puis-je faire d'autre pour vous ?",
    nothingToCancel: "Il n'y a rien à annuler. Comment puis-je vous aider ?",
    help: 'Dites « annuler » pour arrêter, « recommencer » pour reprendre depuis le début ou « parler à une personne ».',
    retry: "Désolé, je n'ai pas compris.",
    gaveUp: "Désolé, je n'ai pas compris. Restons-en là pour le moment.",
    noAgent: "Aucun conseiller n'est disponible pour le moment. Réessayez plus tard ou continuez avec moi.",
    handedOff: 'Je vous passe une personne. Elle vous répondra ici dans un instant.',
    noAnswer: 'Désolé, je ne connais pas la réponse.',
    resume: 'Reprenons.',
    callFailed: "Désolé, je ne peux pas vérifier cela pour l'instant.",
    yes: 'Oui',
    no: 'Non',
    language: "D'accord, continuons en français.",
  },
  pt: {
    cancelled: 'Certo, cancelei. Em que mais posso ajudar?',
    nothingToCancel: 'Não há nada para cancelar. Em que posso ajudar?',
    help: 'Diga "cancelar" para parar, "recomeçar" para começar de novo ou "falar com uma pessoa" para um atendente.',
    retry: 'Desculpe, não entendi.',
    gaveUp: 'Desculpe, não consegui entender. Vamos parar por aqui por enquanto.',
    noAgent: 'Nenhum atendente está disponível agora. Tente mais tarde ou continue conversando comigo.',
    handedOff: 'Vou passar você para uma pessoa. Ela responderá aqui em breve.',
    noAnswer: 'Desculpe, não sei a resposta para isso.',
    resume: 'Vamos continuar.',
    callFailed: 'Desculpe, não consegui consultar isso agora.',
    yes: 'Sim',
    no: 'Não',
    language: 'Certo, vou continuar em português.',
  },
  it: {
    cancelled: "Va bene, l'ho annullato. In cos'altro posso aiutarti?",
    nothingToCancel: 'Non c’è niente da annullare. Come posso aiutarti?',
    help: 'Scrivi "annulla" per fermarti, "ricomincia" per ripartire da capo o "parlare con una persona" per un operatore.',
    retry: 'Scusa, non ho capito.',
    gaveUp: 'Scusa, non sono riuscito a capire. Fermiamoci qui per ora.',
    noAgent: 'Al momento non c’è nessun operatore disponibile. Riprova più tardi o continua a scrivermi.',
    handedOff: 'Ti passo a una persona. Ti risponderà qui a breve.',
    noAnswer: 'Mi dispiace, non conosco la risposta.',
    resume: 'Continuiamo.',
    callFailed: 'Mi dispiace, in questo momento non riesco a verificarlo.',
    yes: 'Sì',
    no: 'No',
    language: 'Va bene, continuo in italiano.',
  },
  nl: {
    cancelled: 'Oké, ik ben ermee gestopt. Waarmee kan ik je nog meer helpen?',
    nothingToCancel: 'Er is niets om te annuleren. Waarmee kan ik je helpen?',
    help: 'Zeg "annuleren" om te stoppen, "opnieuw beginnen" om opnieuw te starten of "met een medewerker praten".',
    retry: 'Sorry, dat begreep ik niet.',
    gaveUp: 'Sorry, ik begrijp het niet. Laten we het hier voorlopig bij laten.',
    noAgent: 'Er is nu geen medewerker beschikbaar. Probeer het later nog eens of chat verder met mij.',
    handedOff: 'Ik verbind je met een medewerker. Je krijgt hier zo antwoord.',
    noAnswer: 'Sorry, het antwoord daarop weet ik niet.',
    resume: 'Laten we verdergaan.',
    callFailed: 'Sorry, dat kan ik nu niet opzoeken.',
    yes: 'Ja',
    no: 'Nee',
    language: 'Oké, ik ga verder in het Nederlands.',
  },
  pl: {
    cancelled: 'Dobrze, przerwałem. W czym jeszcze mogę pomóc?',
    nothingToCancel: 'Nie ma czego anulować. W czym mogę pomóc?',
    help: 'Napisz "anuluj", aby przerwać, "zacznij od nowa", aby zacząć od początku, lub "rozmowa z konsultantem".',
    retry: 'Przepraszam, nie zrozumiałem.',
    gaveUp: 'Przepraszam, nie udało mi się zrozumieć. Zostawmy to na razie.',
    noAgent: 'Żaden konsultant nie jest teraz dostępny. Spróbuj później albo pisz dalej ze mną.',
    handedOff: 'Przekazuję rozmowę konsultantowi. Wkrótce odpowie tutaj.',
    noAnswer: 'Przepraszam, nie znam odpowiedzi na to pytanie.',
    resume: 'Kontynuujmy.',
    callFailed: 'Przepraszam, nie mogę tego teraz sprawdzić.',
    yes: 'Tak',
    no: 'Nie',
    language: 'Dobrze, kontynuuję po polsku.',
  },
  tr: {
    cancelled: 'Tamam, durdurdum. Başka nasıl yardımcı olabilirim?',
    nothingToCancel: 'İptal edilecek bir şey yok. Nasıl yardımcı olabilirim?',
    help: 'Durdurmak için "iptal", baştan başlamak için "baştan başla", bir temsilci için "biriyle konuşmak istiyorum" yazın.',
    retry: 'Üzgünüm, anlayamadım.',
    gaveUp: 'Üzgünüm, anlayamadım. Şimdilik burada bırakalım.',
    noAgent: 'Şu anda müsait temsilci yok. Lütfen daha sonra tekrar deneyin veya benimle yazışmaya devam edin.',
    handedOff: 'Sizi bir temsilciye aktarıyorum. Kısa süre içinde burada yanıt verecek.',
    noAnswer: 'Üzgünüm, bunun cevabını bilmiyorum.',
    resume: 'Devam edelim.',
    callFailed: 'Üzgünüm, şu anda buna bakamıyorum.',
    yes: 'Evet',
    no: 'Hayır',
    language: 'Tamam, Türkçe devam ediyorum.',
  },
  ru: {
    cancelled: 'Хорошо, я это отменил. Чем ещё могу помочь?',
    nothingToCancel: 'Отменять нечего. Чем могу помочь?',
    help: 'Напишите «отмена», чтобы остановиться, «начать сначала», чтобы начать заново, или «оператор», чтобы поговорить с человеком.',
    retry: 'Извините, я не понял.',
    gaveUp: 'Извините, я не смог понять. Давайте пока на этом остановимся.',
    noAgent: 'Сейчас нет свободных операторов. Попробуйте позже или продолжайте общаться со мной.',
    handedOff: 'Передаю вас сотруднику. Он скоро ответит здесь.',
    noAnswer: 'Извините, я не знаю ответа на этот вопрос.',
    resume: 'Продолжим.',
    callFailed: 'Извините, сейчас не получается это проверить.',
    yes: 'Да',
    no: 'Нет',
    language: 'Хорошо, продолжаю на русском.',
  },
  ar: {
    cancelled: 'حسنًا، أوقفت ذلك. بماذا يمكنني مساعدتك أيضًا؟',
    nothingToCancel: 'لا يوجد شيء لإلغائه. كيف يمكنني مساعدتك؟',
    help: 'اكتب "إلغاء" للتوقف، أو "البدء من جديد" للبدء مرة أخرى، أو "التحدث إلى شخص" للتواصل مع موظف.',
    retry: 'عذرًا، لم أفهم ذلك.',
    gaveUp: 'عذرًا، لم أستطع الفهم. لنتوقف هنا الآن.',
    noAgent: 'لا يوجد موظف متاح الآن. يُرجى المحاولة لاحقًا أو متابعة الدردشة معي.',
    handedOff: 'سأحوّلك إلى أحد موظفينا. سيرد عليك هنا قريبًا.',
    noAnswer: 'عذرًا، لا أعرف الإجابة عن ذلك.',
    resume: 'لنكمل.',
    callFailed: 'عذرًا، لا أستطيع التحقق من ذلك الآن.',
    yes: 'نعم',
    no: 'لا',
    language: 'حسنًا، سأتابع باللغة العربية.',
  },
  zh: {
    cancelled: '好的，已经停止了。还有什么可以帮您？',
    nothingToCancel: '没有需要取消的内容。有什么可以帮您？',
    help: '输入“取消”停止，输入“重新开始”从头开始，或输入“转人工”联系客服。',
    retry: '抱歉，我没有理解。',
    gaveUp: '抱歉，我无法理解。我们先到这里吧。',
    noAgent: '目前没有可用的客服。请稍后再试，或继续和我聊天。',
    handedOff: '正在为您转接人工客服，稍后会在这里回复您。',
    noAnswer: '抱歉，我不知道这个问题的答案。',
    resume: '我们继续吧。',
    callFailed: '抱歉，我现在无法查询。',
    yes: '是',
    no: '否',
    language: '好的，我将继续使用中文。',
  },
  ja: {
    cancelled: '承知しました。中止しました。ほかにお手伝いできることはありますか？',
    nothingToCancel: '取り消すものはありません。どのようなご用件でしょうか？',
    help: '「キャンセル」で中止、「最初から」でやり直し、「担当者と話したい」でスタッフにおつなぎします。',
    retry: '申し訳ありません、よくわかりませんでした。',
    gaveUp: '申し訳ありません、理解できませんでした。いったんここで終わりにしましょう。',
    noAgent: '現在対応できる担当者がいません。後でもう一度お試しいただくか、このまま私とお話しください。',
    handedOff: '担当者におつなぎします。まもなくこちらで返信いたします。',
    noAnswer: '申し訳ありません、その答えはわかりません。',
    resume: '続けましょう。',
    callFailed: '申し訳ありません、現在お調べできません。',
    yes: 'はい',
    no: 'いいえ',
    language: '承知しました。日本語で続けます。',
  },
});

/** The dialog runtime's text keys (in `bot.yaml` as `dialog.<key>`). */
export type DialogTextKey =
  | 'cancelled' | 'nothingToCancel' | 'help' | 'retry' | 'gaveUp' | 'noAgent' | 'handedOff'
  | 'noAnswer' | 'resume' | 'callFailed' | 'yes' | 'no' | 'language';

/**
 * A runtime text by its full key (`dialog.help`) through the one lookup (`core/texts.ts`): the
 * bot's own `messages` or the built-in text, for the locale, its base, the default, then English.
 */
export function runtimeText(bot: Bot, key: string, locale: string): string {
  return key.startsWith('dialog.') ? dialogTexts(bot.config, key.slice('dialog.'.length) as DialogTextKey, locale) : bot.text(key, locale);
}
