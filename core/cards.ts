import type { Capabilities } from './channel';
import type { Button, Card, Message, Price } from './message';
import { registerTexts, type TextSource } from './texts';

/**
 * Card helpers every channel shares: prices in the customer's locale, and the text a card becomes
 * where a channel has no cards (SMS, WhatsApp Web) or needs words beside it (notifications).
 */

/** Formatters by locale and currency: `Intl.NumberFormat` is costly to build, cheap to reuse. */
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A price for the customer's locale: `£89.50` in en-GB, `89,50 £` in de, `89,50 £GB` in fr.
 * A locale the runtime does not know falls back to English; a currency code it does not know
 * is shown as the code beside the number.
 */
export function formatPrice(price: Price, locale = 'en'): string {
  const key = `${locale}|${price.currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = currencyFormat(locale, price.currency);
    formatters.set(key, format);
  }
  return format.format(price.amount);
}

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  for (const tag of [locale, 'en']) {
    try {
      return new Intl.NumberFormat(tag, { style: 'currency', currency });
    } catch {
      // An unknown locale tag, or a malformed currency code: try the next.
    }
  }
  return new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** "Trail Jacket — £89.00": a card's title with its price, as one line. */
export function cardHeadline(card: Card, locale?: string): string {
  return card.price ? `${card.title} — ${formatPrice(card.price, locale)}` : card.title;
}

/**
 * "Reply 1 for Details": how a card's payload button is offered where it cannot be pressed (SMS,
 * e-mail, WhatsApp Web). Overridable in `bot.yaml` `messages:` as `cards.reply`.
 */
const cardTexts = registerTexts<'reply'>('cards', {
  en: { reply: 'Reply {number} for {choice}' },
  es: { reply: 'Responde {number} para {choice}' },
  de: { reply: 'Antworte {number} für {choice}' },
  fr: { reply: 'Répondez {number} pour {choice}' },
  pt: { reply: 'Responda {number} para {choice}' },
  it: { reply: 'Rispondi {number} per {choice}' },
  nl: { reply: 'Antwoord {number} voor {choice}' },
  pl: { reply: 'Odpowiedz {number}: {choice}' },
  tr: { reply: '{choice} için {number} yazın' },
  ru: { reply: 'Ответьте {number}: {choice}' },
  ar: { reply: 'أرسل {number} لـ {choice}' },
  zh: { reply: '回复 {number}：{choice}' },
  ja: { reply: '{choice}は {number} と返信' },
});

/** Where numbered cards start and how their texts are looked up. */
export interface CardTextOptions {
  /**
   * Numbers already taken by the message's own buttons, listed before the cards (default 0): the
   * first card is then `first + 1`, so "2" never means both a button and a card.
   */
  first?: number;
  /** The bot's own texts (`bot.yaml` `messages:`), over the built-in ones. */
  texts?: TextSource;
}

/** A card's number and the numbers that pick its payload buttons ("Reply 3 for Details"). */
export interface NumberedCard {
  card: Card;
  number: number;
  picks: Array<{ number: number; button: Button }>;
}

/**
 * Numbers cards for text: card k is `first + k`, and that number picks its first payload button;
 * a card's further payload buttons take the numbers after the last card. The same numbering is
 * what a numeric reply is matched against next turn (`offeredChoices`).
 */
export function numberCards(cards: Card[], first = 0): NumberedCard[] {
  let extra = first + cards.length;
  return cards.map((card, i) => {
    const number = first + i + 1;
    const payloads = (card.buttons ?? []).filter((b) => !b.url);
    return { card, number, picks: payloads.map((button, j) => ({ number: j === 0 ? number : ++extra, button })) };
  });
}

/**
 * Cards as numbered text for channels without cards:
 * "1. Trail Jacket — £89.00\nWaterproof, breathable\nhttps://…\nReply 1 for Details". Card
 * buttons that are links appear as links; payload buttons, which cannot be pressed in text, are
 * offered by number, and the customer's "1" next turn chooses them (`offeredChoices`).
 */
export function cardsAsText(cards: Card[], locale?: string, options: CardTextOptions = {}): string {
  return numberCards(cards, options.first)
    .map(({ card, number, picks }) => [`${number}. ${cardHeadline(card, locale)}`, ...cardLines(card, picks, locale, options.texts)].filter(Boolean).join('\n'))
    .join('\n\n');
}

/** A numbered card's lines after its headline: subtitle, page, link buttons, then what to reply for each choice. */
export function cardLines(card: Card, picks: NumberedCard['picks'], locale?: string, texts?: TextSource): string[] {
  const links = (card.buttons ?? []).filter((b) => b.url && b.url !== card.url).map((b) => `${b.title}: ${b.url}`);
  const replies = picks.map((p) => cardTexts(texts, 'reply', locale, { number: p.number, choice: p.button.title }));
  return [card.subtitle, card.url, ...links, ...replies].filter((line): line is string => Boolean(line));
}

/**
 * What a numbered or typed reply to `message` can choose, in number order, as the channel shows
 * it: its buttons, then — where cards are shown as numbered text (`cards` absent, or
 * `cardsAsText`) and some card has a payload button — one entry per card number (its first
 * payload button; a card without one is a choice titled like the card, whose payload is that
 * title, as for a button without payload), then the cards' further payload buttons. The engine
 * keeps this list for the next turn (`chooseButton`).
 */
export function offeredChoices(message: Pick<Message, 'buttons' | 'cards'>, caps: Pick<Capabilities, 'cards' | 'cardsAsText'>): Button[] {
  const buttons = message.buttons ?? [];
  const cards = message.cards ?? [];
  const numbered = !caps.cards || caps.cardsAsText;
  if (!numbered || !cards.some((c) => c.buttons?.some((b) => !b.url))) return buttons;
  const numberedCards = numberCards(cards, buttons.length);
  const byNumber = numberedCards.map(({ card, picks }) => picks[0]?.button ?? { title: card.title });
  const further = numberedCards.flatMap(({ picks }) => picks.slice(1)).sort((a, b) => a.number - b.number).map((p) => p.button);
  return [...buttons, ...byNumber, ...further];
}
