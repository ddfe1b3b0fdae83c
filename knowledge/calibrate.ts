import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { base } from '../core/language';
import { analyze, questionStems } from './analysis/analyzer';
import { heldBy } from './article-words';
import { topicOf } from './close-calls';
import { ANSWER_THRESHOLD } from './config';
import { ownWords } from './own-word';
import { explainsOf } from './rivals';
import { namesUnmentioned } from './unmentioned';
import { readPassages } from './articles/import';
import { ANSWER_CALIBRATION, CALIBRATION, confidenceFeatures } from './confidence';
import { TermTable } from './crosslingual';
import { LexicalRetriever } from './retrieval/lexical';
import type { Agreement } from './agreement';
import { QuestionSearch, type Found } from './search';
import { translatorsFromConfig, TranslatorSet } from './translation';
import { catalogOf, searchableText, type Hit, type Passage } from './types';

/** One labelled question: `article` null when nothing in the knowledge base answers it. */
interface Question {
  text: string;
  lang: string;
  article: string | null;
}

/** One question's confidence features and whether the top article was the right one. */
export interface Row {
  x: [number, number];
  correct: number;
  answerable: boolean;
  /** The search may offer its top article but not answer it (`Found.clarifyOnly`), whatever the confidence. */
  clarifyOnly: boolean;
  /** A close call the topics settled (`Found.answerOutright`): answered whatever the confidence, unless `clarifyOnly`. */
  settled?: boolean;
}

/** A logistic function's weights: one per feature, then the bias. */
export type Weights = [number, number, number];

/**
 * The confidences `calibrate` fits, each a logistic function of two features:
 * - `lexical`: `ANSWER_CALIBRATION`, the lexical retriever's own (`LexicalRetriever.signals`);
 * - `default`: `CALIBRATION`, the retriever-independent `defaultConfidence` (`confidenceFeatures`:
 *   question coverage and lead), which retrievers without a confidence of their own get.
 */
const CONFIDENCES = {
  lexical: {
    features: ['relative', 'lead'],
    shipped: [ANSWER_CALIBRATION.relative, ANSWER_CALIBRATION.lead, ANSWER_CALIBRATION.bias] as Weights,
    of(retriever: LexicalRetriever, query: string, hits: Hit[]): [number, number] {
      const f = retriever.signals(query, hits);
      return [f.relative, f.lead];
    },
  },
  default: {
    features: ['coverage', 'margin'],
    shipped: [CALIBRATION.coverage, CALIBRATION.margin, CALIBRATION.bias] as Weights,
    of(_retriever: LexicalRetriever, query: string, hits: Hit[]): [number, number] {
      const f = confidenceFeatures(query, hits);
      return [f.coverage, f.margin];
    },
  },
} as const;

/** Which confidence to fit (see {@link CONFIDENCES}). */
export type CalibratedConfidence = keyof typeof CONFIDENCES;

/**
 * Fits one of the answer layer's confidences ({@link CONFIDENCES}; by default `ANSWER_CALIBRATION`
 * in knowledge/confidence.ts): a logistic regression of "the top article is the right one" on its
 * two features, over labelled question sets, searched the way the answer layer searches
 * (`QuestionSearch`: the question's language, then the others). Prints the weights, recall@1,
 * and for a few thresholds the share of answerable questions answered right and wrong and of
 * unanswerable ones answered, as JSON, for the fitted weights and for the shipped ones (`shipped`),
 * so a refit can be compared with what the bot runs. A question the search may only offer
 * (`Found.clarifyOnly`: a close call its topics reordered) counts as not answered at any threshold,
 * a close call its topics settled (`Found.answerOutright`) as answered at every threshold.
 *
 *     npx tsx knowledge/calibrate.ts tests/fixtures/helpcentre/knowledge tests/fixtures/helpcentre/dev.jsonl [more.jsonl …] [--default]
 */
export async function calibrate(kbDir: string, questionsFiles: string[], confidence: CalibratedConfidence = 'lexical', retriever = new LexicalRetriever()) {
  const fitted = CONFIDENCES[confidence];
  const passages = readPassages(kbDir);
  await retriever.add(passages);
  const catalog = catalogOf(passages);
  // Native only (threshold above 1): the features of the customer's own language are what the
  // calibration weighs; other languages are tried by the same function at answer time.
  const search = new QuestionSearch({ retriever, answerThreshold: 2 });
  const questions = questionsFiles.flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Question));
  const rows: Row[] = [];
  for (const q of questions) {
    // Questions whose article exists only in another language are the cross-language path's.
    if (q.article && !catalog.get(q.article)?.has(q.lang)) continue;
    const found = await search.find(q.text, q.text, q.lang);
    const x = fitted.of(retriever, q.text, found.candidates.flatMap((c) => c.hits));
    rows.push({
      x,
      correct: found.candidates[0]?.articleId === q.article ? 1 : 0,
      answerable: q.article !== null,
      clarifyOnly: Boolean(found.clarifyOnly),
      settled: found.answerOutright === 'topic-settled',
    });
  }
  const w = fitLogistic(rows.map((r) => r.x), rows.map((r) => r.correct));
  const answerable = rows.filter((r) => r.answerable);
  return {
    weights: named(w, fitted.features),
    questions: rows.length,
    recall_at_1: round(answerable.filter((r) => r.correct).length / answerable.length),
    thresholds: thresholds(rows, w),
    shipped: { weights: named(fitted.shipped, fitted.features), thresholds: thresholds(rows, fitted.shipped) },
  };
}

function named(w: Weights, features: readonly [string, string]) {
  return { [features[0]]: round(w[0]), [features[1]]: round(w[1]), bias: round(w[2]) };
}

/** For a few answer thresholds: answerable questions answered right and wrong, unanswerable ones answered. */
export function thresholds(rows: Row[], w: Weights) {
  const p = (x: [number, number]) => 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
  const answered = (r: Row, t: number) => !r.clarifyOnly && (p(r.x) >= t || Boolean(r.settled));
  const answerable = rows.filter((r) => r.answerable);
  const unanswerable = rows.filter((r) => !r.answerable);
  return [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => ({
    threshold: t,
    answered_right: round(answerable.filter((r) => answered(r, t) && r.correct).length / answerable.length),
    answered_wrong: round(answerable.filter((r) => answered(r, t) && !r.correct).length / answerable.length),
    unanswerable_answered: round(unanswerable.filter((r) => answered(r, t)).length / Math.max(1, unanswerable.length)),
  }));
}

/** Plain gradient descent on the log loss; the data are a few hundred rows. */
function fitLogistic(xs: Array<[number, number]>, ys: number[]): Weights {
  const w: Weights = [0, 0, 0];
  for (let it = 0; it < 40_000; it++) {
    const g = [0, 0, 0];
    xs.forEach((x, i) => {
      const e = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2]))) - ys[i];
      g[0] += e * x[0];
      g[1] += e * x[1];
      g[2] += e;
    });
    for (let k = 0; k < 3; k++) w[k] -= (0.3 * g[k]) / xs.length;
  }
  return w;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** What the answer decision can read about one question's search in its own language (see {@link features}). */
export interface QuestionFeatures {
  text: string;
  lang: string;
  gold: string | null;
  /** The search's best article, best first (at most three). */
  top: string[];
  confidence: number;
  /** The whole message's relative score and lead (`LexicalRetriever.signals`), and its focus's. */
  relative: number;
  lead: number;
  focusRelative: number;
  focusLead: number;
  /** The next article's score over the best one's (0 when alone). */
  nextRatio: number;
  /** The question's own stems, and how many of them the best and the next article hold. */
  stems: number;
  heldBest: number;
  heldNext: number;
  /** Question stems the best article holds that no other article of its language uses. */
  ownWords: number;
  /** Question stems no passage of the language holds. */
  unknown: number;
  /** The idf share of the question the best and the next article's topics say (`close-calls.ts`). */
  topicBest: number;
  topicNext: number;
  /** `defaultConfidence`'s features. */
  coverage: number;
  margin: number;
  answerOutright?: string;
  clarifyOnly?: string;
  /** The unmentioned check (`unmentioned.ts`) on the best article. */
  unmentioned: boolean;
  /** Whether the answer layer chose another language's article over this search's best. */
  foreign: boolean;
  /** How the other languages' searches rank the best article (`Found.agreement`). */
  agreement?: Agreement;
  /** The best article the customer's language lacks, when the search chose its own: how sure, and how sure to offer. */
  abroad?: { confidence: number; offer: number; ownWords: number };
}

/**
 * FreeDict and Apertium where Debian installed them, as the demo bot's `translation: auto` reads
 * them (a longer wait than a customer's turn: the features must not depend on the machine's load).
 */
function botTranslators(): TranslatorSet {
  const quiet = { info: () => undefined, warn: () => undefined } as unknown as Parameters<typeof translatorsFromConfig>[2];
  return translatorsFromConfig({ freedict: 'auto', apertium: 'auto', timeoutMs: 20_000, warm: 'first-use' }, '.', quiet);
}

/** How sure the best article the customer's language lacks is, and how many of its own words the translated question holds. */
async function abroadOf(found: Found | undefined, retriever: LexicalRetriever) {
  const [best] = found?.candidates ?? [];
  if (!found || !best) return undefined;
  const own = await ownWords(questionStems(found.query, base(best.locale)), best, retriever);
  return { confidence: found.confidence, offer: found.offerConfidence ?? found.confidence, ownWords: own.length };
}

/**
 * For every question of some sets, the features of its own-language search ({@link QuestionFeatures}),
 * searched as the answer layer searches it (`QuestionSearch` at the default threshold, other
 * languages translated with the articles' word pairs and `translators`; the answer layer's
 * unmentioned check applied to the best article whatever its confidence): the data a decision
 * between answering and clarifying is fitted on (docs/knowledge.md, "Calibration"). A question
 * whose search settled on another language's article is described by its own language's search
 * all the same. `--features` prints them as JSON lines:
 *
 *     npx tsx knowledge/calibrate.ts tests/fixtures/helpcentre/knowledge tests/fixtures/helpcentre/dev.jsonl [more.jsonl …] --features
 */
export async function features(kbDir: string, questionsFiles: string[], translators: TranslatorSet = botTranslators()): Promise<Array<QuestionFeatures & { set: string }>> {
  const retriever = new LexicalRetriever();
  const passages = readPassages(kbDir);
  await retriever.add(passages);
  const byArticle = new Map<string, Passage[]>();
  const vocabulary = new Map<string, Set<string>>();
  for (const p of passages) {
    const key = `${p.articleId}\u0000${p.locale}`;
    byArticle.set(key, [...(byArticle.get(key) ?? []), p]);
    const lang = base(p.locale);
    const words = vocabulary.get(lang) ?? new Set<string>();
    for (const w of analyze(searchableText(p), lang).word) words.add(w);
    vocabulary.set(lang, words);
  }
  const passagesOf = async (articleId: string, locale: string) => byArticle.get(`${articleId}\u0000${locale}`) ?? [];
  const articlesIn = async (locale: string) => [...byArticle.keys()].filter((k) => k.endsWith(`\u0000${locale}`)).length;
  const catalog = catalogOf(passages);
  // The bot's translation: words learned from the articles' translations, with the dictionaries'
  // and machine translation's words (`translators`).
  const terms = TermTable.learn(passages);
  const translate = terms.translatorWith(translators);
  const search = new QuestionSearch({ retriever, answerThreshold: ANSWER_THRESHOLD, catalog: async () => catalog, translate });
  const explains = explainsOf(retriever)!;
  const out: Array<QuestionFeatures & { set: string }> = [];
  for (const file of questionsFiles) {
    const set = basename(file, '.jsonl');
    for (const q of readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Question)) {
      const searched = await search.search(q.text, q.lang);
      const found = searched.foreign ? searched.runnerUp : searched.found;
      if (!found) continue;
      const [best, next] = found.candidates;
      if (!best) continue;
      const lang = base(best.locale);
      const hits = found.candidates.flatMap((c) => c.hits);
      const whole = retriever.signals(q.text, hits, false);
      const focused = retriever.signals(q.text, hits);
      const stems = questionStems(q.text, lang);
      const cf = confidenceFeatures(q.text, hits);
      const words = vocabulary.get(lang) ?? new Set<string>();
      out.push({
        set,
        text: q.text,
        lang: q.lang,
        gold: q.article,
        top: found.candidates.slice(0, 3).map((c) => c.articleId),
        confidence: found.confidence,
        relative: whole.relative,
        lead: whole.lead,
        focusRelative: focused.relative,
        focusLead: focused.lead,
        nextRatio: next && best.score > 0 ? next.score / best.score : 0,
        stems: stems.length,
        heldBest: heldBy(stems, lang, best),
        heldNext: next ? heldBy(stems, lang, next) : 0,
        ownWords: (await ownWords(stems, best, retriever)).length,
        unknown: [...new Set(stems)].filter((s) => !words.has(s)).length,
        topicBest: explains(q.text, lang, topicOf(best)),
        topicNext: next ? explains(q.text, lang, topicOf(next)) : 0,
        coverage: cf.coverage,
        margin: cf.margin,
        answerOutright: found.answerOutright,
        clarifyOnly: found.clarifyOnly,
        unmentioned: await namesUnmentioned(q.text, best, retriever, passagesOf, articlesIn),
        foreign: searched.foreign,
        agreement: found.agreement,
        abroad: searched.foreign ? undefined : await abroadOf(searched.runnerUp, retriever),
      });
    }
  }
  await translators.close();
  return out;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const [kbDir = 'tests/fixtures/helpcentre/knowledge', ...files] = args.filter((a) => !a.startsWith('--'));
  if (args.includes('--features')) {
    features(kbDir, files).then((rows) => rows.forEach((r) => console.log(JSON.stringify(r))));
  } else calibrate(kbDir, files.length ? files : ['tests/fixtures/helpcentre/dev.jsonl'], args.includes('--default') ? 'default' : 'lexical').then((r) => console.log(JSON.stringify(r, null, 2)));
}
