import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from '../core/bot';
import type { ModuleContext } from '../core/module';
import type { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { KnowledgeTrace } from '../core/message';
import { ConfigError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Migration, SqlDriver } from '../core/storage/sql';
import { KnowledgeAnswerer, feedbackButtons, PAYLOAD, traceOf, type KnowledgeAnswer } from './answers';
import { describeArticleErrors, importArticles, readArticles } from './articles/import';
import { knowledgeMigrations } from './articles/store';
import { editorApp } from './api';
import { knowledgeConsoleApp, knowledgeConsolePage } from './console';
import { KnowledgeBase } from './base';
import { KnowledgeConfigSchema, knowledgeSettings, translationWarm } from './config';
import { composeKnowledge } from './compose';
import { chatModelFromEnv } from '../core/llm';
import { evidenceApp } from './learning/api';
import { evidenceMigrations, type EvidenceStore } from './learning/evidence';
import { kbText } from './messages';
import { LexicalRetriever } from './retrieval/lexical';
import { TermTable } from './crosslingual';
import { Background, backgroundFolder, readBackground } from './background';
import { translatorsFromConfig, warmTranslators, type TranslatorSet } from './translation';
import { toPassages } from './articles/article';
import type { Retriever } from './types';
import { knowledgeCustomerData } from './customer-data';
import { QuestionAsked, QuestionHistory } from './topics';
import type { EventBus } from '../core/bus';
import { Answerer, ArticleCodes, ConsoleSessions, Escalator, KnowledgeSearch } from '../core/services';
import { KnowledgeCodes } from './codes';

/**
 * The knowledge base's text search, for modules that search texts of their own the same way (the
 * product catalog): BM25 over stems, character n-grams and the thesaurus (`LexicalRetriever`),
 * and query translation learned from translated pairs (`TermTable`).
 */
export { LexicalRetriever, TermTable };
export type { Passage } from './types';

/**
 * Knowledge-gap clustering, for reports of unanswered questions kept elsewhere (analytics' read
 * model of `QuestionAsked`): groups questions by shared content words with the knowledge base's own
 * stemmer, so the dashboard's gaps and the editor's gaps list (`Insights.gaps`) are the same groups.
 * Pure: a list of `{ text, locale, at }` in, `Gap`s out, largest first.
 */
export { clusterQuestions, type Gap } from './insights';

/**
 * The part of the composition root's module context the knowledge module uses (tests and the CLI
 * build just this much): the store only for its SQL driver.
 */
export type KnowledgeModuleContext = Pick<ModuleContext, 'bot' | 'botDir' | 'env' | 'bus' | 'logger' | 'early' | 'late' | 'mount'> & {
  store: { sql: SqlDriver };
};

/** Options for tests and embedders; the environment and bot.yaml supply the rest. */
export interface KnowledgeModuleOptions {
  /** Builds the search index (default: the lexical retriever). */
  retriever?: () => Retriever;
  /** A chat model instead of the one `LLM_PROVIDER` configures. */
  llm?: BaseChatModel;
  /** Receives the knowledge base once set up (tests, the CLI). */
  onReady?: (kb: KnowledgeBase, answerer: KnowledgeAnswerer) => void;
}

/**
 * The knowledge module: its tables, the bot folder's articles synced into them at start-up, the
 * answerer as the `Answerer` service, the default route (answer when no dialog did; abstain into
 * the fallback), the buttons it offers (clarify, "Did this help?"), and the editor API.
 */
export function knowledgeModule(options: KnowledgeModuleOptions = {}) {
  // Dictionaries and Apertium processes, closed when the app stops.
  let translators: TranslatorSet | undefined;
  return {
    name: 'knowledge',
    config: KnowledgeConfigSchema,
    provides: [Answerer, KnowledgeSearch, ArticleCodes, QuestionHistory],
    topics: [QuestionAsked],
    uses: [Escalator, ConsoleSessions],
    migrations: [...knowledgeMigrations, ...evidenceMigrations] as Migration[],
    customerData: [knowledgeCustomerData],
    consolePages: [knowledgeConsolePage],
    async setup(ctx: KnowledgeModuleContext): Promise<void> {
      const config = knowledgeSettings(ctx.bot.config.knowledge);
      const { kb, retriever, evidence, passagesOf, embedder } = await composeKnowledge({
        sql: ctx.store.sql,
        config,
        env: ctx.env,
        botDir: ctx.botDir,
        retriever: options.retriever,
        onQuestion: (question) => ctx.bus.publish(QuestionAsked, { question }),
      });
      if (embedder) ctx.logger.info('knowledge search: lexical + embeddings');
      await syncFolder(kb, join(ctx.botDir, config.folder), ctx.logger);
      const passages = await kb.loadIndex();
      ctx.logger.info({ passages }, 'knowledge base indexed');
      // Other businesses' requests, less those the bot's own articles answer (`background.ts`):
      // weighed against the articles when the first question needs it (a test that starts many bots asks few).
      const backgroundDir = backgroundFolder(config.background, ctx.botDir);
      let background: Promise<Background | undefined> | undefined;
      // Word translations learned from the articles' own translations, for cross-language search.
      const published = (await kb.articles.published()).flatMap(toPassages);
      const terms = TermTable.learn(published);
      // Bilingual dictionaries and machine translation, when bot.yaml asks for them.
      const translation = (translators = translatorsFromConfig(config.translation, ctx.botDir, ctx.logger));
      const articleLocales = [...new Set([...(await kb.catalog()).values()].flatMap((l) => [...l]))];
      // Read at start-up, not in a customer's turn (German's index takes seconds), unless the
      // setting says first use: then a question that needs one reads it (once per process: see freedict.ts).
      if (translationWarm(config, ctx.env) === 'startup') warmTranslators(translation, [...ctx.bot.config.locales, ...articleLocales], articleLocales, ctx.logger);

      const answerer = new KnowledgeAnswerer({
        retriever,
        passagesOf,
        insights: kb.insights,
        answerThreshold: config.answerThreshold,
        clarifyThreshold: config.clarifyThreshold,
        maxAnswerChars: config.maxAnswerChars,
        llm: options.llm ?? chatModelFromEnv(ctx.env),
        generative: config.generative,
        catalog: () => kb.catalog(),
        translate: terms.translatorWith(translation),
        background: () => (background ??= backgroundDir ? Background.build(readBackground(backgroundDir), published) : Promise.resolve(undefined)),
      });
      ctx.bot.services.provide(Answerer, answerer);
      // For photos: the codes articles declare (error codes, model numbers), and answers from the article one led to.
      ctx.bot.services.provide(ArticleCodes, new KnowledgeCodes(kb, answerer));
      // For listeners of `QuestionAsked` that start on a database with questions already (analytics' backfill).
      ctx.bot.services.provide(QuestionHistory, { page: (after, limit) => kb.insights.questionsPage(after, limit) });
      // For the agent console: the closest published passages to a customer's question, one per
      // article — unless the bot provides its own search.
      if (!ctx.bot.services.has(KnowledgeSearch)) ctx.bot.services.provide(KnowledgeSearch, async (question, locale) => {
        const hits = await retriever.search(question, { locale, limit: 10 });
        const seen = new Set<string>();
        return hits
          .filter((h) => !seen.has(h.passage.articleId) && seen.add(h.passage.articleId))
          .slice(0, 3)
          // The question and the article's language go along, so an agent's insert can be learned from.
          .map((h) => ({ articleId: h.passage.articleId, locale: h.passage.locale, question, title: h.passage.title, text: h.passage.text }));
      });
      ctx.early.use(buttonHandler(kb, answerer, config.feedback, evidence));
      ctx.late.use(defaultRoute(answerer, config.feedback));
      ctx.mount({
        path: '/api/kb',
        app: editorApp({
          kb,
          locales: ctx.bot.config.locales,
          apiKey: ctx.env.EDITOR_API_KEY?.trim() || undefined,
          adminKey: ctx.env.ADMIN_API_KEY?.trim() || undefined,
          deskKey: ctx.env.SWITCHBOARD_API_KEY?.trim() || undefined,
          // Editors sign in to the console (the handoff module's sessions), if that module runs.
          consoleSessions: () => ctx.bot.services.get(ConsoleSessions),
        }),
      });
      ctx.mount({
        path: '/api/kb/evidence',
        app: evidenceApp({ evidence, kb, apiKey: ctx.env.EDITOR_API_KEY?.trim() || undefined, consoleSessions: () => ctx.bot.services.get(ConsoleSessions) }),
      });
      // The editor's console page, signed in with the console's sessions like the API above.
      ctx.mount({ path: '/', app: knowledgeConsoleApp(() => ctx.bot.services.get(ConsoleSessions)) });
      options.onReady?.(kb, answerer);
    },
    async stop(): Promise<void> {
      await translators?.close();
    },
  };
}

/** Imports the bot folder's articles, keeping editors' changes made through the API. */
async function syncFolder(kb: KnowledgeBase, dir: string, log: Logger): Promise<void> {
  if (!existsSync(dir)) return;
  const { articles, errors } = readArticles(dir);
  if (errors.length) throw new ConfigError(describeArticleErrors(`Invalid articles in ${dir}:`, errors));
  const summary = await importArticles(kb, articles.map((a) => a.article), { mode: 'sync', author: 'bot-folder' });
  log.info({ dir, ...summary }, 'knowledge articles synced');
}

/** Sends an answer, with "Did this help?" after confident ones. */
async function sendAnswer(ctx: TurnContext, answer: KnowledgeAnswer, feedback: boolean): Promise<void> {
  const metadata = { kb: { status: answer.status, confidence: answer.confidence, citations: answer.citations, questionId: answer.questionId }, knowledge: answer.knowledge ?? traceOf(answer) };
  if (answer.status === 'clarify') {
    await ctx.reply({ text: answer.text, buttons: answer.options, metadata });
    return;
  }
  const buttons = feedback ? feedbackButtons(answer, ctx.bot, answer.askedIn) : [];
  const text = buttons.length ? `${answer.text}\n\n${kbText(ctx.bot, 'helpful', answer.askedIn)}` : answer.text;
  await ctx.reply({ text, buttons: buttons.length ? buttons : undefined, metadata });
}

/** The default route: when nothing before it replied, answer from the knowledge base or pass to the fallback. */
function defaultRoute(answerer: KnowledgeAnswerer, feedback: boolean) {
  return async (ctx: TurnContext, next: () => Promise<void>) => {
    const question = ctx.text.trim();
    if (!question || ctx.outbound.length) return next();
    const answer = await answerer.answer(question, ctx);
    delete ctx.state.kb;
    if (answer.status === 'abstain') {
      const before = ctx.outbound.length;
      await next();
      // The fallback (or a handoff) replied for the knowledge base: say so on the wire.
      for (const m of ctx.outbound.slice(before)) if (!m.metadata?.knowledge) m.metadata = { ...m.metadata, knowledge: { outcome: 'none' } satisfies KnowledgeTrace };
      return;
    }
    // What the knowledge base's buttons need next turn: the question (to answer from a chosen article), the language.
    ctx.state.kb = { question, locale: answer.askedIn };
    await sendAnswer(ctx, answer, feedback);
  };
}

/** The knowledge base's buttons: an article chosen after a clarifying question, "None of these", feedback. */
function buttonHandler(kb: KnowledgeBase, answerer: KnowledgeAnswerer, feedback: boolean, evidence: EvidenceStore) {
  return async (ctx: TurnContext, next: () => Promise<void>) => {
    const payload = ctx.message.payload ?? '';
    if (!payload.startsWith('kb:')) return next();
    const pending = ctx.state.kb as { question?: string; locale?: string } | undefined;
    delete ctx.state.kb;
    if (payload.startsWith(PAYLOAD.helpful)) {
      const [questionId, verdict] = payload.slice(PAYLOAD.helpful.length).split(':');
      // A stale or forged payload names no answer of ours: thank the customer all the same.
      const recorded = await kb.insights.recordFeedback(questionId, verdict === 'yes', payload, ctx.conversation.id).then(
        () => true,
        (err) => ctx.log.warn({ err, payload }, 'feedback not recorded'),
      );
      if (recorded) await evidence.recordFeedback(questionId, verdict === 'yes', who(ctx));
      await ctx.reply(kbText(ctx.bot, verdict === 'yes' ? 'thanks' : 'sorry', pending?.locale ?? ctx.locale));
      return;
    }
    if (payload.startsWith(PAYLOAD.article)) {
      const [id, locale] = payload.slice(PAYLOAD.article.length).split(':');
      // A choice after our clarifying question: that question belongs to the chosen article.
      if (pending?.question && id && locale && (await kb.articles.get(id, locale))) {
        await evidence.record({ ...who(ctx), question: pending.question, locale: pending.locale ?? ctx.locale, articleId: id, articleLocale: locale, helpful: true, source: 'clarify-choice' });
      }
      const answer = await answerer.answerFromArticle(id, locale, pending?.question ?? ctx.text, ctx, pending?.locale);
      if (answer.status === 'answered') return sendAnswer(ctx, answer, feedback);
    }
    // "None of these" (or an article since unpublished): a person if handoff is installed, else the fallback.
    const escalator = ctx.bot.services.get(Escalator);
    if (escalator) return escalator.escalate(ctx, { reason: 'low-confidence', note: pending?.question });
    await ctx.reply(ctx.bot.text('fallback', ctx.locale));
  };
}

/** Whom a piece of evidence came from (kept so erasing the customer erases it). */
function who(ctx: TurnContext): { customerId: string; conversationId: string } {
  return { customerId: ctx.customer.id, conversationId: ctx.conversation.id };
}
