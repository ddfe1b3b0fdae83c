import { LETTERS, SCRIPTS, WORDS } from './language-clues';
import { lazy } from './lazy';

// tinyld's statistics tables cost about 45 MB of memory once loaded: read by the first text that
// needs them, so a bot that speaks one language (nothing to detect, below) never loads them.
const tinyld = lazy(() => require('tinyld') as typeof import('tinyld'));

/**
 * The one language detector. Statistics alone fail on what customers write first ("hola",
 * "grazie mille", "Wie lange dauert die Lieferung?" comes out as Afrikaans), so it adds up three
 * kinds of evidence — the script, everyday words and telling letters, and tinyld's statistics —
 * among the languages the bot speaks only, and weighs them against what it already knows: the
 * conversation's language so far (a Spanish conversation stays Spanish on "ok") and the
 * channel's hint (the browser's or phone's language).
 */

/** What the detector may use besides the text. */
export interface LanguageContext {
  /** The bot's languages (`locales:`): only these can be detected; absent = any. */
  candidates?: string[];
  /** The conversation's language from earlier turns. */
  current?: string;
  /** A language the channel or the customer's profile gives (weaker than `current`). */
  hint?: string;
}

/** The conversation's language so far, in words of evidence: one clear word ("thanks") does not switch it, two do. */
const CURRENT_WEIGHT = 2;
/** The channel's hint: it breaks ties, a single clear word overrides it. */
const HINT_WEIGHT = 0.3;
/** The least evidence (in words) that counts. */
const MIN_EVIDENCE = 0.5;
/** tinyld's top score (0–1) counts as this many words. */
const STATS_WEIGHT = 2;
/**
 * Letters from which tinyld's statistics weigh in fully (below, in proportion): on fewer they
 * are noise ("grazie mille" scores Polish, "gift card balance" French).
 */
const STATS_FULL_LETTERS = 20;
/**
 * How much likelier than the known language (the conversation's or the hint's) tinyld must find
 * another one on a short text for its statistics alone to count. On short help-desk messages its
 * scores between languages that both fit stay within about 3× ("gift card balance", "change
 * address": 2.8×), while a message in another language leaves the hint's language 8× behind or
 * more (tests/fixtures/language: "fui cobrado duas vezes" 36×, "twee keer afgeschreven" 10×).
 */
const PRIOR_ODDS = 4;

const LEXICON = buildLexicon();

/**
 * The language of `text` among `candidates`, as the candidate's own tag (`es-MX` when that is
 * what the bot lists); `current`, else the hint, else undefined when the text gives no evidence.
 * With candidates of one language only, that language whatever the text.
 */
export function detectLanguage(message: string, context: LanguageContext = {}): string | undefined {
  const candidates = context.candidates?.length ? context.candidates : undefined;
  // One language to choose from: whatever the text says, the answer is that language (its first
  // tag). Weighing the evidence would only cost every turn of a one-language bot
  // the statistics (a third of what an echo bot's turn allocates).
  if (candidates && new Set(candidates.map(base)).size === 1) return candidates[0];
  const tagOf = (lang: string) => (candidates ? candidates.find((c) => base(c) === lang) : lang);
  const allowed = (lang: string) => tagOf(lang) !== undefined;
  const current = context.current ? base(context.current) : undefined;
  const hint = context.hint ? base(context.hint) : undefined;

  const text = withoutCodes(message);
  const held = current ?? hint;
  let evidence = candidates && outsideCandidates(text, allowed) ? new Map<string, number>() : heldAgainst(textEvidence(text, allowed, held), held);
  // A whiff of statistics on one unknown word ("contact") is no evidence at all.
  if (Math.max(0, ...evidence.values()) < MIN_EVIDENCE) evidence = new Map();
  const scores = new Map(evidence);
  if (current && allowed(current)) scores.set(current, (scores.get(current) ?? 0) + CURRENT_WEIGHT);
  else if (hint && allowed(hint)) scores.set(hint, (scores.get(hint) ?? 0) + HINT_WEIGHT);
  if (!evidence.size) return (current && tagOf(current)) || (hint && tagOf(hint)) || undefined;

  let best: string | undefined;
  let bestScore = 0;
  for (const [lang, score] of scores) if (score > bestScore) [best, bestScore] = [lang, score];
  // Ties keep the conversation's language: switching needs more evidence, not as much.
  if (held && allowed(held) && (scores.get(held) ?? 0) >= bestScore) best = held;
  return best ? tagOf(best) : undefined;
}

/** Evidence per base language from the text alone (no priors), among allowed languages. */
export function scoreText(text: string, allowed: (lang: string) => boolean, prefer?: string): Map<string, number> {
  return heldAgainst(textEvidence(text, allowed, prefer), undefined);
}

/**
 * A text's evidence in its two kinds: clues (the script, everyday words, telling letters), each
 * worth what it says, and tinyld's statistics, worth as much as the text is long; and whether the
 * text is too short for the statistics to weigh in fully.
 */
interface TextEvidence {
  clues: Map<string, number>;
  stats: Map<string, number>;
  /** tinyld's own scores, over every language it knows (not renormalised). */
  likelihood: Map<string, number>;
  short: boolean;
}

function textEvidence(text: string, allowed: (lang: string) => boolean, prefer?: string): TextEvidence {
  const clues = new Map<string, number>();
  const stats = new Map<string, number>();
  const add = (to: Map<string, number>, lang: string, value: number) => {
    if (value > 0 && allowed(lang)) to.set(lang, (to.get(lang) ?? 0) + value);
  };
  for (const script of SCRIPTS) {
    if (!script.pattern.test(text)) continue;
    // A script shared by several languages: the preferred one if it is among them, else the first allowed.
    const lang = (prefer && script.langs.includes(prefer) && allowed(prefer) ? prefer : script.langs.find(allowed)) ?? script.langs[0]!;
    add(clues, lang, 10);
    return { clues, stats, likelihood: new Map(), short: false };
  }
  const lower = text.toLowerCase();
  for (const token of tokens(lower)) {
    const langs = (LEXICON.get(token) ?? []).filter(allowed);
    for (const lang of langs) add(clues, lang, 1 / langs.length);
  }
  for (const clue of LETTERS) if (clue.pattern.test(lower)) for (const [lang, value] of Object.entries(clue.langs)) add(clues, lang, value);
  const all = tinyld().detectAll(text);
  const found = all.filter((d) => allowed(d.lang));
  const total = found.reduce((sum, d) => sum + d.accuracy, 0);
  // Renormalised among the allowed languages: tinyld spreads its scores over ~60 languages.
  // Statistics on a few letters are noise: they weigh in with length.
  const letters = (lower.match(/\p{L}/gu) ?? []).length;
  const weight = STATS_WEIGHT * Math.min(1, letters / STATS_FULL_LETTERS);
  for (const d of found) if (total > 0) add(stats, d.lang, (weight * d.accuracy) / Math.max(total, 0.1));
  return { clues, stats, likelihood: new Map(all.map((d) => [d.lang, d.accuracy])), short: letters < STATS_FULL_LETTERS };
}

/**
 * The evidence that may outweigh a language already known (the conversation's, else the
 * channel's hint), summed per language. On a short text, statistics alone are weak: for a
 * language no clue points at, they count only when tinyld finds it {@link PRIOR_ODDS} times
 * likelier than the known one ("tamanho errado" from an English browser is Portuguese), not when
 * it hesitates between them ("gift card balance": French 0.067, English 0.024 — it stays English).
 */
function heldAgainst({ clues, stats, likelihood, short }: TextEvidence, held: string | undefined): Map<string, number> {
  const scores = new Map(clues);
  const heldLikelihood = held ? (likelihood.get(held) ?? 0) : 0;
  const counts = (lang: string) =>
    !held || !short || lang === held || clues.has(lang) || (likelihood.get(lang) ?? 0) >= PRIOR_ODDS * heldLikelihood;
  for (const [lang, value] of stats) if (counts(lang)) scores.set(lang, (scores.get(lang) ?? 0) + value);
  return scores;
}

/**
 * True when the text is clearly in a language the bot does not speak (Italian to an en/es/de/fr
 * bot): its evidence is then no reason to switch among the bot's languages.
 */
function outsideCandidates(text: string, allowed: (lang: string) => boolean): boolean {
  // A script shared by languages is settled among the candidates (Han to a Japanese-speaking bot).
  if (SCRIPTS.some((script) => script.pattern.test(text))) return false;
  let best: string | undefined;
  let bestScore = 0;
  let bestAllowed = 0;
  for (const [lang, score] of scoreText(text, () => true)) {
    if (score > bestScore) [best, bestScore] = [lang, score];
    if (allowed(lang)) bestAllowed = Math.max(bestAllowed, score);
  }
  return best !== undefined && !allowed(best) && bestScore > 1.5 * bestAllowed;
}

/**
 * The text without the tokens that are codes rather than words — an order number, a tracking or
 * linking code ("NW-1001", "4K7Q-Z9MN", "link abcd-efgh"): a random string is no evidence of a
 * language, yet its letters would feed the statistics, and its lone letters split off ("y", "e")
 * are everyday words of some languages. A code is a token that mixes letters and digits, or
 * joins groups of plain letters (no accents) with hyphens when no group is an everyday word of any
 * language or one group has no vowel, as no word has.
 */
function withoutCodes(text: string): string {
  return text
    .split(/\s+/)
    .filter((token) => !isCode(token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')))
    .join(' ');
}

function isCode(token: string): boolean {
  if (/\p{L}/u.test(token) && /\p{N}/u.test(token)) return true;
  const groups = token.toLowerCase().split('-');
  // Codes are written in plain letters: "cartão-presente" is a word.
  if (groups.length < 2 || !groups.every((group) => /^[a-z]+$/.test(group))) return false;
  // "avez-vous" and "e-mail" are words; "zlwj-jest" is a code that happens to hold one ("jest").
  return groups.every((group) => !LEXICON.has(group)) || groups.some((group) => !/[aeiouy]/.test(group));
}

/** The base language of a locale tag: `es-MX` → `es`. */
export function base(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

/** Words of a lower-cased text without accents (customers often skip them). */
function tokens(lower: string): string[] {
  return lower
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

function buildLexicon(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [lang, list] of Object.entries(WORDS)) {
    for (const word of list.split(/\s+/).filter(Boolean)) {
      const langs = map.get(word) ?? [];
      if (!langs.includes(lang)) langs.push(lang);
      map.set(word, langs);
    }
  }
  return map;
}
