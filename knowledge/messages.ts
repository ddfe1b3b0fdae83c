import type { Bot } from '../core/bot';
import { registerTexts } from '../core/texts';

/** The knowledge base's text keys (in `bot.yaml` as `kb.<key>`). */
export type KbTextKey = 'onlyIn' | 'translated' | 'source' | 'sources' | 'clarify' | 'none' | 'helpful' | 'yes' | 'no' | 'thanks' | 'sorry';

/**
 * The knowledge base's own phrases per language, in the one text lookup (`core/texts.ts`). A bot
 * overrides any of them in `bot.yaml` under `messages.<locale>.kb.<key>` (e.g. `messages.es: { "kb.clarify": "…" }`).
 */
const kbTexts = registerTexts<KbTextKey>('kb', {
  en: {
    onlyIn: 'I only have this in {language}:',
    translated: '(Translated from {language}.)',
    source: 'Source',
    sources: 'Sources',
    clarify: "I'm not sure I understood. Is it about one of these?",
    none: 'None of these',
    helpful: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for letting us know!',
    sorry: "Sorry that didn't help. Try asking in other words, or ask for a person.",
  },
  es: {
    onlyIn: 'Solo tengo esto en {language}:',
    translated: '(Traducido del {language}.)',
    source: 'Fuente',
    sources: 'Fuentes',
    clarify: 'No estoy seguro de haberte entendido. ¿Se trata de alguno de estos temas?',
    none: 'Ninguno de estos',
    helpful: '¿Te ha sido útil?',
    yes: 'Sí',
    no: 'No',
    thanks: '¡Gracias por decírnoslo!',
    sorry: 'Siento que no te haya ayudado. Prueba a preguntarlo de otra forma o pide hablar con una persona.',
  },
  de: {
    onlyIn: 'Das habe ich nur auf {language}:',
    translated: '(Aus dem {language} übersetzt.)',
    source: 'Quelle',
    sources: 'Quellen',
    clarify: 'Ich bin nicht sicher, ob ich dich richtig verstanden habe. Geht es um eines dieser Themen?',
    none: 'Nichts davon',
    helpful: 'Hat dir das geholfen?',
    yes: 'Ja',
    no: 'Nein',
    thanks: 'Danke für die Rückmeldung!',
    sorry: 'Schade, dass das nicht geholfen hat. Frag gern mit anderen Worten oder nach einem Menschen.',
  },
  fr: {
    onlyIn: "Je n'ai cette information qu'en {language} :",
    translated: '(Traduit de l’{language}.)',
    source: 'Source',
    sources: 'Sources',
    clarify: "Je ne suis pas sûr d'avoir compris. Est-ce à propos de l'un de ces sujets ?",
    none: 'Aucun de ceux-ci',
    helpful: 'Cette réponse vous a-t-elle aidé ?',
    yes: 'Oui',
    no: 'Non',
    thanks: 'Merci pour votre retour !',
    sorry: "Désolé que cela n'ait pas aidé. Reformulez votre question ou demandez à parler à une personne.",
  },
  pt: {
    onlyIn: 'Só tenho isto em {language}:',
    translated: '(Traduzido do {language}.)',
    source: 'Fonte',
    sources: 'Fontes',
    clarify: 'Não tenho certeza se entendi. É sobre um destes assuntos?',
    none: 'Nenhum destes',
    helpful: 'Isto ajudou?',
    yes: 'Sim',
    no: 'Não',
    thanks: 'Obrigado por nos avisar!',
    sorry: 'Pena que não ajudou. Tente perguntar com outras palavras ou peça para falar com uma pessoa.',
  },
  it: {
    onlyIn: 'Ho questa informazione solo in {language}:',
    translated: '(Tradotto dall’originale in {language}.)',
    source: 'Fonte',
    sources: 'Fonti',
    clarify: 'Non sono sicuro di aver capito. Si tratta di uno di questi argomenti?',
    none: 'Nessuno di questi',
    helpful: 'Ti è stato utile?',
    yes: 'Sì',
    no: 'No',
    thanks: 'Grazie per avercelo detto!',
    sorry: 'Mi dispiace che non sia stato utile. Prova a chiederlo con altre parole o chiedi di parlare con una persona.',
  },
  nl: {
    onlyIn: 'Dit heb ik alleen in het {language}:',
    translated: '(Vertaald uit het {language}.)',
    source: 'Bron',
    sources: 'Bronnen',
    clarify: 'Ik weet niet zeker of ik je goed begrijp. Gaat het over een van deze onderwerpen?',
    none: 'Geen van deze',
    helpful: 'Heeft dit geholpen?',
    yes: 'Ja',
    no: 'Nee',
    thanks: 'Bedankt voor je reactie!',
    sorry: 'Jammer dat dit niet hielp. Stel je vraag anders of vraag naar een medewerker.',
  },
  pl: {
    onlyIn: 'Mam to tylko w języku: {language}.',
    translated: '(Przetłumaczono z języka: {language}.)',
    source: 'Źródło',
    sources: 'Źródła',
    clarify: 'Nie jestem pewien, czy dobrze zrozumiałem. Czy chodzi o któryś z tych tematów?',
    none: 'Żaden z nich',
    helpful: 'Czy to pomogło?',
    yes: 'Tak',
    no: 'Nie',
    thanks: 'Dziękujemy za informację!',
    sorry: 'Przykro mi, że to nie pomogło. Spróbuj zapytać innymi słowami albo poproś o rozmowę z konsultantem.',
  },
  tr: {
    onlyIn: 'Bu bilgi yalnızca şu dilde mevcut: {language}.',
    translated: '(Şu dilden çevrildi: {language}.)',
    source: 'Kaynak',
    sources: 'Kaynaklar',
    clarify: 'Doğru anladığımdan emin değilim. Bu konulardan biriyle mi ilgili?',
    none: 'Hiçbiri',
    helpful: 'Bu yardımcı oldu mu?',
    yes: 'Evet',
    no: 'Hayır',
    thanks: 'Bildirdiğiniz için teşekkürler!',
    sorry: 'Yardımcı olamadığım için üzgünüm. Başka kelimelerle sormayı deneyin veya bir temsilciyle görüşmek isteyin.',
  },
  ru: {
    onlyIn: 'Эта информация есть только на языке: {language}.',
    translated: '(Переведено с языка: {language}.)',
    source: 'Источник',
    sources: 'Источники',
    clarify: 'Не уверен, что правильно понял. Речь об одной из этих тем?',
    none: 'Ничего из этого',
    helpful: 'Это помогло?',
    yes: 'Да',
    no: 'Нет',
    thanks: 'Спасибо, что сообщили!',
    sorry: 'Жаль, что это не помогло. Попробуйте спросить иначе или попросите соединить с оператором.',
  },
  ar: {
    onlyIn: 'هذه المعلومات متوفرة فقط باللغة {language}:',
    translated: '(مترجم من {language}.)',
    source: 'المصدر',
    sources: 'المصادر',
    clarify: 'لست متأكدًا من أنني فهمت. هل الأمر يتعلق بأحد هذه المواضيع؟',
    none: 'لا شيء مما سبق',
    helpful: 'هل كان هذا مفيدًا؟',
    yes: 'نعم',
    no: 'لا',
    thanks: 'شكرًا لإخبارنا!',
    sorry: 'نأسف لأن ذلك لم يساعد. جرّب السؤال بكلمات أخرى، أو اطلب التحدث إلى شخص.',
  },
  zh: {
    onlyIn: '这篇内容只有{language}版本：',
    translated: '（译自{language}。）',
    source: '来源',
    sources: '来源',
    clarify: '我不确定是否理解了您的意思。是关于以下哪个主题吗？',
    none: '都不是',
    helpful: '这对您有帮助吗？',
    yes: '是',
    no: '否',
    thanks: '感谢您的反馈！',
    sorry: '抱歉没能帮到您。请换个说法再问一次，或要求转人工客服。',
  },
  ja: {
    onlyIn: 'この情報は{language}でのみご用意しています：',
    translated: '（{language}から翻訳しました。）',
    source: '出典',
    sources: '出典',
    clarify: 'ご質問の意図がはっきりしませんでした。次のいずれかについてでしょうか？',
    none: 'どれでもない',
    helpful: 'お役に立ちましたか？',
    yes: 'はい',
    no: 'いいえ',
    thanks: 'ご回答ありがとうございます！',
    sorry: 'お役に立てず申し訳ありません。別の言葉で質問するか、担当者との会話をご希望ください。',
  },
});

/** A knowledge-base phrase in `locale` through the one text lookup: the bot's override, else the built-in, else English. */
export function kbText(bot: Bot | undefined, key: KbTextKey, locale: string, vars: Record<string, string> = {}): string {
  return kbTexts(bot?.config, key, locale, vars);
}

/** A language's name in another language: `languageName('en', 'es')` → `inglés`. */
export function languageName(code: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
