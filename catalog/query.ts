/**
 * The price part of a product query, in the bot's languages: "under £100", "menos de 50 €",
 * "zwischen 20 und 40 Euro", "à partir de 30". What is read is taken out of the text, so
 * "waterproof jackets under £100" searches "waterproof jackets" with a highest price of 100.
 */

/** Price bounds read from a query. */
export interface PriceBounds {
  maxPrice?: number;
  minPrice?: number;
}

const AMOUNT = String.raw`(?:[£$€]\s*)?(\d+(?:[.,]\d{1,2})?)\s*(?:[£$€]|gbp|eur|usd|pounds?|quid|euros?|dollars?|libras?|pfund|dólares?|dollari|sterline)?`;

/** "under", "menos de", "unter"… — phrases before a highest price. */
const AT_MOST = [
  'under', 'below', 'less than', 'cheaper than', 'up to', 'no more than', 'max', 'maximum', 'at most', 'within',
  'menos de', 'por debajo de', 'hasta', 'máximo', 'como máximo', 'por menos de',
  'unter', 'bis', 'höchstens', 'weniger als', 'maximal', 'für unter',
  'moins de', 'sous', "jusqu'à", 'au plus', 'maximum', 'pour moins de', 'en dessous de',
  'abaixo de', 'até', 'no máximo', 'por menos de',
  'meno di', 'sotto', 'fino a', 'al massimo', 'massimo', 'per meno di', 'sotto i',
];

/** "over", "más de", "ab"… — phrases before a lowest price. */
const AT_LEAST = [
  'over', 'above', 'more than', 'at least', 'from', 'min', 'minimum',
  'más de', 'desde', 'mínimo', 'como mínimo', 'por encima de',
  'über', 'ab', 'mindestens', 'mehr als',
  'plus de', 'au moins', 'à partir de', 'au-dessus de',
  'mais de', 'acima de', 'a partir de', 'pelo menos',
  'più di', 'sopra', 'almeno', 'a partire da',
];

/** "between 20 and 40", "entre 20 y 40"… */
const BETWEEN = String.raw`(?:between|entre|zwischen|tra|fra)\s+${AMOUNT}\s+(?:and|y|und|et|e|-)\s+${AMOUNT}`;

const phrases = (list: string[]) => [...new Set(list)].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
// A phrase starts at a word boundary (Unicode-aware: "más" and "über" are words too).
const bounded = (inner: string) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${inner})(?![\p{L}\p{N}])`, 'giu');
const BETWEEN_RE = bounded(BETWEEN);
const AT_MOST_RE = bounded(String.raw`(?:${phrases(AT_MOST)})\s+${AMOUNT}`);
const AT_LEAST_RE = bounded(String.raw`(?:${phrases(AT_LEAST)})\s+${AMOUNT}`);
/** A bare amount with a currency sign ("jackets £100"): not a bound, but not words to search either. */
const PRICE_ALONE_RE = /[£$€]\s*\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s*[£$€]/g;

/** Reads price bounds from a query and returns the rest of its text. */
export function readPrice(query: string): { text: string; bounds: PriceBounds } {
  const bounds: PriceBounds = {};
  const amount = (s: string) => Number(s.replace(',', '.'));
  let text = query.replace(BETWEEN_RE, (_m, low: string, high: string) => {
    bounds.minPrice = Math.min(amount(low), amount(high));
    bounds.maxPrice = Math.max(amount(low), amount(high));
    return ' ';
  });
  text = text.replace(AT_MOST_RE, (_m, n: string) => {
    bounds.maxPrice = amount(n);
    return ' ';
  });
  text = text.replace(AT_LEAST_RE, (_m, n: string) => {
    bounds.minPrice = amount(n);
    return ' ';
  });
  text = text.replace(PRICE_ALONE_RE, ' ').replace(/\s+/g, ' ').trim();
  return { text, bounds };
}
