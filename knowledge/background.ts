import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/errors';
import { base } from '../core/language';
import { analyze, askingStems } from './analysis/analyzer';
import { commonStems } from './analysis/common-words';
import { stemsHeld } from './analysis/thesaurus';
import { groupByArticle } from './confidence';
import type { Explains } from './rivals';
import { LexicalRetriever } from './retrieval/lexical';
import { searchableText, topicText, type Passage } from './types';

/*
 * The background: requests customers make of other businesses (a bank, a restaurant, a travel
 * agent, an app), for telling a question that shares two or three words with an article from one
 * the shop answers. "best place to exchange dollars to euros" holds two words of the exchanges
 * article, and no rule about unknown words sees that "dollars" is a bank's: a bank's requests
 * do ("what's the exchange rate between dollars and euros").
 */

/** The background shipped with Switchboard: CLINC150's and Banking77's train requests (`background/README.md`). */
export const SHIPPED_BACKGROUND = join(__dirname, 'background');

/**
 * The background folder `knowledge.background` names: the shipped one for true, none for false, or
 * the operator's own folder (relative to the bot folder), which must exist.
 */
export function backgroundFolder(setting: boolean | string, botDir: string): string | undefined {
  if (setting === false) return undefined;
  if (setting === true) return SHIPPED_BACKGROUND;
  const dir = resolve(botDir, setting);
  if (!existsSync(dir)) throw new ConfigError(`knowledge.background: no folder ${dir} (a folder of <name>.<locale>.txt request lists, or true for the shipped one, false for none)`);
  return dir;
}

/** One kind of request of another business, with examples of it, in one language. */
export interface BackgroundIntent {
  /** `domain/intent`, e.g. `banking/transfer`. */
  intent: string;
  locale: string;
  requests: string[];
}

/**
 * Reads a background folder: every `<name>.<locale>.txt` in it, each a list of `[intent]` headers
 * with one request a line under them (`#` starts a comment line).
 */
export function readBackground(dir: string): BackgroundIntent[] {
  return readdirSync(dir)
    .map((file) => /^.+\.([a-z]{2}(?:-[A-Za-z]+)?)\.txt$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .flatMap((m) => parseBackground(readFileSync(join(dir, m[0]), 'utf8'), m[1]!, join(dir, m[0])));
}

/** Parses one background file's text (see {@link readBackground}). */
export function parseBackground(text: string, locale: string, file = 'background'): BackgroundIntent[] {
  const intents: BackgroundIntent[] = [];
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) intents.push({ intent: header[1]!.trim(), locale, requests: [] });
    else if (intents.length) intents[intents.length - 1]!.requests.push(line);
    else throw new ConfigError(`${file}:${n + 1}: a request before any [intent] header`);
  }
  return intents.filter((i) => i.requests.length > 0);
}

/** How many of an intent's requests are searched to tell whether the bot's articles cover it. */
const SAMPLE = 20;
/**
 * How much of a request (a share of its idf weight, `explains`) one article must explain for the
 * request to be the bot's own, and the share of an intent's sampled requests that must be, for
 * the intent to be the bot's own ({@link Background.build}).
 */
const OWN_REQUEST = 0.6;
const OWN_INTENT = 1 / 3;
/**
 * How much more of a question (a share of its idf weight) the nearest requests of another
 * business must explain than the best article does, for the question to be that business's.
 */
export const CLAIM_MARGIN = 0.2;
/**
 * The least share of an intent's requests that hold a stem for it to be one of the intent's topic
 * words: "dollars" of a bank's exchange-rate requests, not the "stuff" one request says in passing.
 */
const TOPIC_SHARE = 0.1;
/** The nearest intents weighed, and the nearest requests of each read together. */
const INTENTS = 3;
const NEAREST = 3;

/**
 * The background requests a bot does not answer itself, searched like its articles. Built when the
 * bot's index is, from its articles: an intent whose requests the articles explain (a shop's
 * articles say most of "where is my package") is the bot's own, not another business's.
 */
export class Background {
  private constructor(
    private readonly index: LexicalRetriever,
    /** The background's language (its requests are searched with the question translated into it). */
    readonly locale: string,
    /** The intents the bot's articles cover (left out of the index). */
    readonly covered: readonly string[],
    /** Per intent left in, its words: the stems its requests hold, and its topic words, those many hold ({@link TOPIC_SHARE}). */
    private readonly words: ReadonlyMap<string, { all: ReadonlySet<string>; topic: ReadonlySet<string> }>,
  ) {}

  /**
   * The background without the intents the bot's articles cover: for each intent, its first
   * requests are searched among the articles' passages in its language, and when one article
   * explains most of a third of them ({@link OWN_REQUEST}, {@link OWN_INTENT}) the intent is the
   * bot's own. Undefined when nothing is left. The articles are searched in an index of their own,
   * lexical and of one language (the bot's may hold embeddings, and reads each query's language).
   */
  static async build(all: BackgroundIntent[], passages: Passage[]): Promise<Background | undefined> {
    // One language: the first one's (the shipped background is English).
    const intents = all.filter((i) => i.locale === all[0]?.locale);
    if (!intents.length) return undefined;
    const locale = intents[0]!.locale;
    const articles = new LexicalRetriever();
    articles.addSync(passages.filter((p) => base(p.locale) === base(locale)));
    const covered: string[] = [];
    const words = new Map<string, { all: Set<string>; topic: Set<string> }>();
    const index = new LexicalRetriever();
    for (const intent of intents) {
      let own = 0;
      const sample = intent.requests.slice(0, SAMPLE);
      for (const request of sample) {
        const [best] = groupByArticle(await articles.search(request, { locale, lang: locale, limit: 20 }));
        if (best && articles.explains(request, locale, best.hits.map((h) => searchableText(h.passage))) >= OWN_REQUEST) own++;
      }
      if (own >= OWN_INTENT * sample.length) {
        covered.push(intent.intent);
        continue;
      }
      index.addSync(intent.requests.map((text, n) => ({ id: `${intent.intent}.${locale}#${n}`, articleId: intent.intent, locale, title: '', text })));
      words.set(intent.intent, intentWords(intent));
    }
    return index.size ? new Background(index, locale, covered, words) : undefined;
  }

  /**
   * The intent of another business that claims a question (in the background's language) over
   * the bot's best article (`article`, its passages there): one of the nearest intents whose
   * nearest requests explain clearly more of the question than the article does
   * ({@link CLAIM_MARGIN}), and hold beyond the article one of the intent's topic words that no
   * article mentions: "best place to exchange dollars to euros" holds the exchanges article's
   * "exchange", and a bank's exchange-rate requests hold that and "dollars", which the shop never
   * says. Not when the question asks, in a word none of the intent's requests say, what the
   * article is about (its title, tags, headings, alternative questions). Both are weighed by the
   * bot's own retriever (`explains`, its idf weights, so a word no article has weighs most),
   * question words aside. Undefined when no intent does.
   */
  async claims(query: string, article: readonly Passage[], judge: BackgroundJudge): Promise<{ intent: string; explains: number } | undefined> {
    const lang = base(this.locale);
    const articleTexts = article.map(searchableText);
    const asking = askingStems(lang);
    const explained = judge.explains(query, lang, articleTexts, asking);
    const stems = analyze(query, lang).word;
    const byArticle = stemsHeld(stems, lang, articleTexts);
    // What the question asks that the article is about: stems its title, tags, headings or
    // alternative questions hold ("money back" of the refunds article's title), everyday words aside.
    const common = commonStems(lang);
    const asksAbout = [...stemsHeld(stems, lang, article.map(topicText))].filter((s) => !asking.has(s) && !common.has(s));
    const near = await this.index.search(query, { locale: this.locale, lang: this.locale, limit: 30 });
    for (const intent of [...new Set(near.map((h) => h.passage.articleId))].slice(0, INTENTS)) {
      const texts = near.filter((h) => h.passage.articleId === intent).slice(0, NEAREST).map((h) => h.passage.text);
      const theirs = judge.explains(query, lang, texts, asking);
      if (theirs < explained + CLAIM_MARGIN) continue;
      const { all, topic } = this.words.get(intent)!;
      // A question that asks what the article is about in a word these requests never say is the
      // shop's, whatever else they share: "will i get paid back the shipping fee" holds a bank's
      // "paid" and "fee", and "back" of the refunds article's "when will I get my money back".
      if (asksAbout.some((s) => !all.has(s))) continue;
      // What the requests hold beyond the article: one of their topic words that no article mentions.
      const held = [...stemsHeld(stems, lang, texts)].filter((s) => !byArticle.has(s) && topic.has(s));
      for (const stem of held) if (await judge.unknown(stem)) return { intent, explains: theirs };
    }
    return undefined;
  }
}

/** How the bot's own knowledge weighs a question against the background (`answers.ts` gives its retriever's). */
export interface BackgroundJudge {
  explains: Explains['explains'];
  /** Whether a stem names a topic no article in the background's language mentions. */
  unknown(stem: string): Promise<boolean>;
}

/** An intent's words: every stem its requests hold, and its topic words, those at least {@link TOPIC_SHARE} of them hold. */
function intentWords(intent: BackgroundIntent): { all: Set<string>; topic: Set<string> } {
  const lang = base(intent.locale);
  const counts = new Map<string, number>();
  for (const request of intent.requests) for (const stem of new Set(analyze(request, lang).word)) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const topic = [...counts].filter(([, n]) => n >= TOPIC_SHARE * intent.requests.length).map(([stem]) => stem);
  return { all: new Set(counts.keys()), topic: new Set(topic) };
}
