import { registerTexts, type TextSource } from './texts';

/**
 * CSAT, the 1–5 "how did we do?" rating, as every module that asks for one speaks it: handoff
 * asks when an agent resolves a conversation, analytics when the bot resolved it alone. The
 * question, its buttons, the thanks and the reading of an answer live here, in core, so neither
 * feature reaches into the other (each keeps its own answers in its own table).
 */

/** A CSAT answer: the button payload `csat:4` or a lone digit 1–5; undefined for anything else. */
export function csatScore(text: string, payload?: string): number | undefined {
  const m = /^csat:([1-5])$/.exec(payload ?? '') ?? /^\s*([1-5])\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The rating buttons 1–5 (payloads `csat:1`…`csat:5`, which {@link csatScore} reads). */
export function csatButtons(): Array<{ title: string; payload: string }> {
  return [1, 2, 3, 4, 5].map((n) => ({ title: String(n), payload: `csat:${n}` }));
}

/** The built-in texts (full keys `csat.ask`, `csat.thanks`) in the one text lookup (`core/texts.ts`). */
const csatTexts = registerTexts<'ask' | 'thanks'>('csat', {
  en: {
    ask: 'How did we do? Reply with a number from 1 (poor) to 5 (great).',
    thanks: 'Thanks for your feedback!',
  },
  es: {
    ask: '¿Qué tal te hemos atendido? Responde con un número del 1 (mal) al 5 (genial).',
    thanks: '¡Gracias por tu opinión!',
  },
  de: {
    ask: 'Wie zufrieden warst du? Antworte mit einer Zahl von 1 (schlecht) bis 5 (super).',
    thanks: 'Danke für dein Feedback!',
  },
  fr: {
    ask: 'Comment avons-nous fait ? Répondez par un chiffre de 1 (mauvais) à 5 (excellent).',
    thanks: 'Merci pour votre avis !',
  },
  pt: {
    ask: 'Como foi o atendimento? Responda com um número de 1 (ruim) a 5 (ótimo).',
    thanks: 'Obrigado pela sua avaliação!',
  },
  it: {
    ask: 'Come ti abbiamo assistito? Rispondi con un numero da 1 (male) a 5 (ottimo).',
    thanks: 'Grazie per il tuo feedback!',
  },
  nl: {
    ask: 'Hoe hebben we het gedaan? Antwoord met een cijfer van 1 (slecht) tot 5 (geweldig).',
    thanks: 'Bedankt voor je feedback!',
  },
  pl: {
    ask: 'Jak oceniasz obsługę? Odpowiedz liczbą od 1 (słabo) do 5 (świetnie).',
    thanks: 'Dziękujemy za opinię!',
  },
  tr: {
    ask: 'Hizmetimizi nasıl buldunuz? 1 (kötü) ile 5 (harika) arasında bir sayıyla yanıtlayın.',
    thanks: 'Geri bildiriminiz için teşekkürler!',
  },
  ru: {
    ask: 'Как мы справились? Ответьте числом от 1 (плохо) до 5 (отлично).',
    thanks: 'Спасибо за отзыв!',
  },
  ar: {
    ask: 'كيف كانت خدمتنا؟ أجب برقم من 1 (سيئة) إلى 5 (ممتازة).',
    thanks: 'شكرًا على ملاحظاتك!',
  },
  zh: {
    ask: '您对我们的服务满意吗？请回复 1（差）到 5（很好）之间的数字。',
    thanks: '感谢您的反馈！',
  },
  ja: {
    ask: '対応はいかがでしたか？ 1（不満）から 5（大変満足）の数字で返信してください。',
    thanks: 'ご評価ありがとうございます！',
  },
});

/**
 * The CSAT question (`ask`) or the thanks for an answer (`thanks`) in `locale`: the bot's
 * `messages.<locale>.csat.ask` / `csat.thanks` (its config is `source`) win over the built-in text.
 */
export function csatText(source: TextSource, locale: string | undefined, key: 'ask' | 'thanks'): string {
  return csatTexts(source, key, locale);
}
