import { registerTexts } from '../../core/texts';

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
    pt: ['SAIR', 'DESCADASTRAR'],
    it: ['BASTA', 'DISISCRIVITI'],
    nl: ['AFMELDEN', 'UITSCHRIJVEN'],
    pl: ['WYPISZ', 'REZYGNUJĘ'],
    tr: ['IPTAL', 'DUR'],
    ru: ['СТОП', 'ОТПИСАТЬСЯ'],
    ar: ['إيقاف', 'الغاء'],
    zh: ['退订', '取消订阅'],
    ja: ['配信停止', '停止'],
  },
  'opt-in': {
    en: ['START', 'UNSTOP', 'YES', 'SUBSCRIBE'],
    es: ['ALTA', 'INICIAR'],
    de: ['ANMELDEN'],
    fr: ['ABONNER', 'REPRENDRE'],
    pt: ['ASSINAR'],
    it: ['ISCRIVITI'],
    nl: ['AANMELDEN'],
    pl: ['ZAPISZ'],
    tr: ['BAŞLA'],
    ru: ['СТАРТ'],
    ar: ['اشتراك'],
    zh: ['订阅'],
    ja: ['配信再開'],
  },
  help: {
    en: ['HELP', 'INFO'],
    es: ['AYUDA'],
    de: ['HILFE'],
    fr: ['AIDE'],
    pt: ['AJUDA'],
    it: ['AIUTO'],
    nl: ['HULP'],
    pl: ['POMOC'],
    tr: ['YARDIM'],
    ru: ['ПОМОЩЬ'],
    ar: ['مساعدة'],
    zh: ['帮助'],
    ja: ['ヘルプ'],
  },
};

const INDEX = new Map<string, { keyword: SmsKeyword; locale: string }>();
for (const [keyword, byLocale] of Object.entries(KEYWORDS) as Array<[SmsKeyword, Record<string, string[]>]>) {
  for (const [locale, words] of Object.entries(byLocale)) for (const w of words) INDEX.set(plain(w), { keyword, locale });
}

/** The keyword a message is, if it is one: the whole text, ignoring case, accents and end punctuation. */
export function smsKeyword(text: string | undefined): { keyword: SmsKeyword; locale: string } | undefined {
  if (!text) return undefined;
  return INDEX.get(plain(text.trim().replace(/[.!?¡¿。！？]+$/u, '')));
}

/** Upper case without accents, as keywords are compared ("Arrêt" = "ARRET", "başla" = "BASLA"). */
function plain(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

/** The keyword replies' text keys (in `bot.yaml` as `sms.<key>`). */
export type SmsTextKey = 'optedOut' | 'optedIn' | 'help';

/** Built-in confirmations in the one text lookup (`core/texts.ts`); a bot overrides them with `messages.<locale>.sms.<key>`. */
export const smsTexts = registerTexts<SmsTextKey>('sms', {
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
  pt: {
    optedOut: 'Sua inscrição foi cancelada e você não receberá mais mensagens. Responda START para se inscrever novamente.',
    optedIn: 'Sua inscrição foi reativada. Responda SAIR para cancelar, AJUDA para obter ajuda.',
    help: 'Responda SAIR para cancelar a inscrição. Podem ser cobradas tarifas de mensagens e dados.',
  },
  it: {
    optedOut: 'Sei stato disiscritto e non riceverai più messaggi. Rispondi START per iscriverti di nuovo.',
    optedIn: 'Sei di nuovo iscritto. Rispondi STOP per disiscriverti, AIUTO per assistenza.',
    help: 'Rispondi STOP per disiscriverti. Potrebbero essere applicati costi per messaggi e dati.',
  },
  nl: {
    optedOut: 'Je bent afgemeld en ontvangt geen berichten meer. Antwoord START om je opnieuw aan te melden.',
    optedIn: 'Je bent weer aangemeld. Antwoord STOP om je af te melden, HULP voor hulp.',
    help: 'Antwoord STOP om je af te melden. Er kunnen kosten voor berichten en data gelden.',
  },
  pl: {
    optedOut: 'Zrezygnowano z subskrypcji i nie otrzymasz więcej wiadomości. Odpowiedz START, aby zapisać się ponownie.',
    optedIn: 'Subskrypcja została wznowiona. Odpowiedz STOP, aby zrezygnować, POMOC, aby uzyskać pomoc.',
    help: 'Odpowiedz STOP, aby zrezygnować z subskrypcji. Mogą obowiązywać opłaty za wiadomości i dane.',
  },
  tr: {
    optedOut: 'Aboneliğiniz iptal edildi, artık mesaj almayacaksınız. Yeniden abone olmak için START yazın.',
    optedIn: 'Aboneliğiniz yeniden başlatıldı. İptal için STOP, yardım için YARDIM yazın.',
    help: 'Aboneliği iptal etmek için STOP yazın. Mesaj ve veri ücretleri uygulanabilir.',
  },
  ru: {
    optedOut: 'Вы отписались и больше не будете получать сообщения. Ответьте START, чтобы подписаться снова.',
    optedIn: 'Вы снова подписаны. Ответьте STOP, чтобы отписаться, или ПОМОЩЬ для справки.',
    help: 'Ответьте STOP, чтобы отписаться. Может взиматься плата за сообщения и передачу данных.',
  },
  ar: {
    optedOut: 'تم إلغاء اشتراكك ولن تتلقى أي رسائل أخرى. أرسل START لإعادة الاشتراك.',
    optedIn: 'تمت إعادة اشتراكك. أرسل STOP لإلغاء الاشتراك، أو مساعدة للحصول على المساعدة.',
    help: 'أرسل STOP لإلغاء الاشتراك. قد يتم تطبيق رسوم الرسائل والبيانات.',
  },
  zh: {
    optedOut: '您已退订，将不再收到消息。回复 START 可重新订阅。',
    optedIn: '您已重新订阅。回复 STOP 退订，回复“帮助”获取帮助。',
    help: '回复 STOP 退订。可能会产生短信和数据费用。',
  },
  ja: {
    optedOut: '配信を停止しました。今後メッセージは届きません。再開するには START と返信してください。',
    optedIn: '配信を再開しました。停止するには STOP、ヘルプは「ヘルプ」と返信してください。',
    help: '配信停止は STOP と返信してください。メッセージ・通信料がかかる場合があります。',
  },
});
