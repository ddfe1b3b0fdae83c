import type { Card, Price } from './message';

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
 * Cards as numbered text for channels without cards:
 * "1. Trail Jacket — £89.00\nWaterproof, breathable\nhttps://…". Card buttons that are links
 * appear as links; payload buttons cannot be pressed in text and are left out.
 */
export function cardsAsText(cards: Card[], locale?: string): string {
  return cards
    .map((card, i) => {
      const links = (card.buttons ?? []).filter((b) => b.url && b.url !== card.url).map((b) => `${b.title}: ${b.url}`);
      return [`${i + 1}. ${cardHeadline(card, locale)}`, card.subtitle, card.url, ...links].filter(Boolean).join('\n');
    })
    .join('\n\n');
}
