import type { KnowledgeTrace, WireMessage } from '../../../core/message';
import { readArticles } from '../../../knowledge/articles/import';
import { classify, kindOf, quantile, rates, type Kind, type Outcome, type OutcomeRates } from './classify';
import { WebChatDriver } from './driver';
import { englishLeak } from './leak';

/** One labelled question (`gold` null when nothing in the knowledge base answers it). */
export interface AnswerQuestion {
  text: string;
  lang?: string;
  gold: string | null;
}

/** How to run the evaluation. */
export interface AnswerEvalOptions {
  botDir: string;
  /** Articles to use instead of the bot's own knowledge folder. */
  knowledgeDir?: string;
  /** Send no locale hint: the bot must tell the language from the text. */
  noLocale?: boolean;
  /** After each reply, give the feedback a customer would (see `feedback`). */
  learn?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** What happened to one question. */
export interface QuestionResult {
  text: string;
  lang: string;
  gold: string | null;
  kind: Kind;
  outcome: Outcome;
  trace?: KnowledgeTrace;
  englishLeak: boolean;
  ms: number;
}

/** The figures `switchboard eval answers` prints. */
export interface AnswerReport {
  questions: number;
  same_language: OutcomeRates;
  other_language: OutcomeRates;
  out_of_scope: OutcomeRates;
  /** Share of non-English questions whose replies hold English bot text. */
  english_leak: number;
  p50_ms: number;
  p95_ms: number;
}

/** Runs every question through the bot as a new web chat customer and classifies each reply. */
export async function evaluateAnswers(questions: AnswerQuestion[], options: AnswerEvalOptions): Promise<QuestionResult[]> {
  const locales = articleLocales(options.knowledgeDir ?? `${options.botDir}/knowledge`);
  const driver = await WebChatDriver.start(options.botDir, { knowledgeDir: options.knowledgeDir, env: options.env });
  const run = Math.random().toString(36).slice(2, 8);
  try {
    const results: QuestionResult[] = [];
    for (const [i, q] of questions.entries()) {
      const lang = q.lang ?? driver.app.bot.config.defaultLocale;
      const userId = `eval-${run}-${i}`;
      const locale = options.noLocale ? undefined : lang;
      const { replies, ms } = await driver.send(userId, { text: q.text, locale });
      const trace = traceOf(replies);
      results.push({ text: q.text, lang, gold: q.gold, kind: kindOf(q.gold, lang, locales), outcome: classify(trace, q.gold), trace, englishLeak: englishLeak(driver.app.bot, lang, replies), ms });
      if (options.learn) await feedback(driver, userId, replies, q.gold, locale);
    }
    return results;
  } finally {
    await driver.close();
  }
}

/** The report of a list of results. */
export function report(results: QuestionResult[]): AnswerReport {
  const foreign = results.filter((r) => !r.lang.toLowerCase().startsWith('en'));
  const ms = results.map((r) => r.ms);
  return {
    questions: results.length,
    ...rates(results),
    english_leak: foreign.length ? Math.round((foreign.filter((r) => r.englishLeak).length / foreign.length) * 1000) / 1000 : 0,
    p50_ms: Math.round(quantile(ms, 0.5) * 10) / 10,
    p95_ms: Math.round(quantile(ms, 0.95) * 10) / 10,
  };
}

/** The knowledge base's trace on a turn's replies: the first reply that carries one. */
function traceOf(replies: WireMessage[]): KnowledgeTrace | undefined {
  return replies.find((m) => m.knowledge)?.knowledge;
}

/**
 * The feedback a customer gives, through the buttons the bot offered: "Did this help?" yes when
 * the answer is the gold article, no otherwise; from a clarifying question, the gold article when
 * offered (then yes), else "None of these".
 */
async function feedback(driver: WebChatDriver, userId: string, replies: WireMessage[], gold: string | null, locale?: string): Promise<void> {
  const trace = traceOf(replies);
  const buttons = replies.flatMap((m) => m.buttons ?? []);
  if (trace?.outcome === 'answer') {
    const verdict = gold !== null && trace.article === gold ? ':yes' : ':no';
    const button = buttons.find((b) => b.payload?.startsWith('kb:helpful:') && b.payload?.endsWith(verdict));
    if (button?.payload) await driver.send(userId, { payload: button.payload, locale });
    return;
  }
  if (trace?.outcome !== 'clarify') return;
  const choice = buttons.find((b) => gold !== null && b.payload?.startsWith(`kb:article:${gold}:`)) ?? buttons.find((b) => b.payload === 'kb:none');
  if (!choice?.payload) return;
  const next = await driver.send(userId, { payload: choice.payload, locale });
  const yes = next.replies.flatMap((m) => m.buttons ?? []).find((b) => b.payload?.startsWith('kb:helpful:') && b.payload?.endsWith(':yes'));
  if (yes?.payload && choice.payload !== 'kb:none') await driver.send(userId, { payload: yes.payload, locale });
}

/** Which locales each article of a knowledge folder exists in. */
function articleLocales(dir: string): Map<string, Set<string>> {
  const { articles } = readArticles(dir);
  const out = new Map<string, Set<string>>();
  for (const { article } of articles) {
    let set = out.get(article.id);
    if (!set) out.set(article.id, (set = new Set()));
    set.add(article.locale);
    set.add(article.locale.toLowerCase().split('-')[0]!);
  }
  return out;
}
