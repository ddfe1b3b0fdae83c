import type { TurnContext } from './context';
import { serviceKey } from './services';

/**
 * Scores how a customer feels in one message, from -1 (angry) to 1 (happy). An interface, so a
 * model can replace the built-in lexicon.
 */
export interface SentimentAnalyzer {
  score(text: string, locale?: string): number;
}

// Small hand-made lexicons for the languages the demo speaks; each word scored -3..3.
const LEXICON: Record<string, Record<string, number>> = {
  en: {
    terrible: -3, awful: -3, horrible: -3, worst: -3, useless: -3, scam: -3, furious: -3, hate: -3, ridiculous: -2, angry: -2,
    unacceptable: -3, disappointed: -2, broken: -2, bad: -2, wrong: -1, late: -1, annoyed: -2, frustrated: -2, stupid: -2, never: -1,
    refund: -1, complaint: -2, rude: -2, waste: -2, good: 2, great: 3, thanks: 2, thank: 2, love: 3, perfect: 3, excellent: 3, happy: 2, helpful: 2, nice: 2,
  },
  es: {
    terrible: -3, horrible: -3, pésimo: -3, peor: -3, inútil: -3, estafa: -3, furioso: -3, odio: -3, ridículo: -2, enfadado: -2,
    inaceptable: -3, decepcionado: -2, roto: -2, mal: -2, malo: -2, tarde: -1, harto: -2, frustrado: -2, queja: -2, grosero: -2,
    bueno: 2, genial: 3, gracias: 2, encanta: 3, perfecto: 3, excelente: 3, feliz: 2, amable: 2,
  },
  de: {
    schrecklich: -3, furchtbar: -3, schlimmste: -3, nutzlos: -3, betrug: -3, wütend: -3, hasse: -3, lächerlich: -2, verärgert: -2,
    inakzeptabel: -3, enttäuscht: -2, kaputt: -2, schlecht: -2, spät: -1, genervt: -2, frustriert: -2, beschwerde: -2, unhöflich: -2, frechheit: -3,
    gut: 2, super: 3, danke: 2, toll: 3, perfekt: 3, ausgezeichnet: 3, glücklich: 2, hilfreich: 2,
  },
  fr: {
    terrible: -3, horrible: -3, pire: -3, nul: -3, inutile: -3, arnaque: -3, furieux: -3, déteste: -3, ridicule: -2, énervé: -2,
    inacceptable: -3, déçu: -2, déçue: -2, cassé: -2, mauvais: -2, retard: -1, marre: -2, frustré: -2, plainte: -2, impoli: -2, honte: -3,
    bien: 1, génial: 3, merci: 2, adore: 3, parfait: 3, excellent: 3, content: 2, contente: 2,
  },
};
const NEGATIONS = new Set(['not', "don't", 'no', 'never', 'no', 'nunca', 'nicht', 'kein', 'keine', 'pas', 'jamais', 'ne']);
const INTENSIFIERS = new Set(['very', 'so', 'really', 'totally', 'muy', 'sehr', 'total', 'très', 'vraiment']);

/**
 * A bot's own sentiment analyzer, replacing the lexicon one: provided by the bot
 * (`bot.services.provide(SentimentKey, analyzer)`), read by analytics (which scores each customer
 * message once), surveys and handoff. In core because several modules use the one analyzer.
 */
export const SentimentKey = serviceKey<SentimentAnalyzer>('sentiment');

/** A lexicon analyzer for en/es/de/fr (other languages score 0): negation flips, intensifiers and "!!!"/CAPS amplify. */
export class LexiconSentiment implements SentimentAnalyzer {
  score(text: string, locale = 'en'): number {
    // Own properties only: the customer's words (and locale) must not find `constructor` or `__proto__`.
    const lang = locale.split('-')[0];
    const lexicon = Object.hasOwn(LEXICON, lang) ? LEXICON[lang] : LEXICON.en;
    const words = text.toLocaleLowerCase().match(/[\p{L}']+/gu) ?? [];
    let total = 0;
    let hits = 0;
    words.forEach((word, i) => {
      if (!Object.hasOwn(lexicon, word)) return;
      const value = lexicon[word];
      let v = value;
      if (words.slice(Math.max(0, i - 3), i).some((w) => NEGATIONS.has(w))) v = -v * 0.7;
      if (i > 0 && INTENSIFIERS.has(words[i - 1])) v *= 1.5;
      total += v;
      hits++;
    });
    if (!hits) return 0;
    let score = total / (hits * 3);
    const shouting = (text.match(/!/g)?.length ?? 0) >= 2 || (text.length > 8 && text === text.toUpperCase() && /[A-Z]/.test(text));
    if (shouting && score < 0) score *= 1.5;
    return Math.max(-1, Math.min(1, score));
  }
}

/**
 * The sentiment of the turn's message, scored once per message: the score analytics keeps on it
 * (`metadata.sentiment`, set earlier in the chain) when it ran, else `analyzer`'s.
 */
export function messageSentiment(ctx: Pick<TurnContext, 'message' | 'locale'>, text: string, analyzer: SentimentAnalyzer): number {
  const scored = ctx.message.metadata?.sentiment;
  return typeof scored === 'number' && Number.isFinite(scored) ? scored : analyzer.score(text, ctx.locale);
}
