import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Bot } from '../core/bot';
import type { TurnContext } from '../core/context';
import { base, detectLanguage } from '../core/language';
import type { Button, KnowledgeTrace } from '../core/message';
import type { Answer, Answerer, AnswerFromOptions, AnswerOptions, Assessment, Rival } from '../core/services';
import { score } from '../core/trace';
import { CLOSE_CALL } from './close-calls';
import { bestPassage, groupByArticle, type Candidate, type ConfidenceFn } from './confidence';
import { citationLine, citationOf, DEFAULT_MAX_ANSWER_CHARS, trimPassage } from './extract';
import { generateAnswer } from './generative';
import type { Insights } from './insights';
import { translate } from '../core/llm';
import { kbText, languageName } from './messages';
import type { Background } from './background';
import { beatsRivals, explainsOf } from './rivals';
import { answerable, offerable, QuestionSearch, type ClarifyReason, type Found, type QueryTranslator, type Searched } from './search';
import type { Passage, Retriever } from './types';
import { namesAnotherBusiness, namesNewTopic, namesUnmentioned, namesUnmentionedAcross } from './unmentioned';

/** Least confidence to offer another language's article in a clarifying question (dev set; see docs/knowledge.md). */
export const FOREIGN_CLARIFY = 0.3;

/**
 * At or above this confidence in its own language, an article missing in the customer's turns
 * their sure native answer into a clarifying question offering both (dev set; see docs/knowledge.md),
 * unless customers confirmed the native one for questions like this ({@link confirmedBest}).
 */
export const FOREIGN_RIVAL = 0.5;

/** How sure an article is for offering it (another language's: among the articles the customer lacks). */
function offerOf(found: Found): number {
  return found.offerConfidence ?? found.confidence;
}

/**
 * Whether a question like this one was confirmed for the best article (learned evidence or an
 * editor's alternative question, `Hit.confirmed`). A foreign rival does not turn such an answer
 * into a clarifying question: the rival is a guess through translated words ("ainda nao recebi o
 * reembolso" → "not received" → missing-parcel), the confirmation a customer's own choice.
 */
function confirmedBest(found: Found): boolean {
  return Boolean(found.candidates[0]?.hits.some((h) => h.confirmed));
}

/** Payload prefixes of the knowledge base's buttons. */
export const PAYLOAD = { article: 'kb:article:', none: 'kb:none', helpful: 'kb:helpful:' } as const;

/** How the answerer decides; everything but `retriever` has a default. */
export interface AnswererOptions {
  retriever: Retriever;
  /** The passages of a published article (to answer from the article a customer chose). */
  passagesOf?: (articleId: string, locale: string) => Promise<Passage[]>;
  /** Records questions for coverage and gaps reports. */
  insights?: Insights;
  /** At or above: answer. Default 0.5. */
  answerThreshold?: number;
  /** At or above (and below `answerThreshold`): offer the closest articles. Default 0.2. */
  clarifyThreshold?: number;
  maxAnswerChars?: number;
  /** A chat model: translates fallback answers and, with `generative`, writes grounded answers. */
  llm?: BaseChatModel;
  generative?: boolean;
  /** Overrides the retriever's (or the default) confidence estimate. */
  confidence?: ConfidenceFn;
  /** Which languages each article exists in (other languages are tried for articles missing in the customer's). */
  catalog?: () => Promise<Map<string, Set<string>>>;
  /** Translates a question's words for another language's articles (see `crosslingual.ts`). */
  translate?: QueryTranslator;
  /** Other businesses' requests the bot does not answer (`background.ts`): a question they explain clearly better than the best article is not answered. */
  background?: () => Promise<Background | undefined>;
}

/** An `Answer` with what the knowledge base needs to follow it up. */
export interface KnowledgeAnswer extends Answer {
  /** The recorded question, for "Did this help?" feedback. */
  questionId?: string;
  articleId?: string;
  /** The language of the article answered from (differs from `askedIn` after a fallback). */
  articleLocale?: string;
  /** The customer's language (`locale` is the answer's, which differs after a fallback). */
  askedIn: string;
}

/**
 * The knowledge base's `Answerer`: searches the customer's language, then the bot's default
 * locale; answers with the best passage and a citation when confident, offers the closest
 * articles when unsure, and abstains (so the caller falls back or hands off) when nothing fits.
 */
export class KnowledgeAnswerer implements Answerer {
  private readonly answerThreshold: number;
  private readonly clarifyThreshold: number;
  private readonly searcher: QuestionSearch;
  /** This turn's search, so `assess` (dialogs) and `answer` search a question once. */
  private readonly searched = new WeakMap<TurnContext, { question: string; result: Searched }>();
  /** Per native search result, whether another language's search contradicts it, so `assess` and `answer` search that language once more at most. */
  private readonly twinVerdicts = new WeakMap<Found, Promise<boolean>>();

  constructor(private readonly options: AnswererOptions) {
    this.answerThreshold = options.answerThreshold ?? 0.5;
    this.clarifyThreshold = options.clarifyThreshold ?? 0.2;
    this.searcher = new QuestionSearch({ ...options, answerThreshold: this.answerThreshold });
  }

  async assess(question: string, ctx: TurnContext, rivals?: Rival[]): Promise<Assessment> {
    const { found, foreign, runnerUp, locale: searchedLocale } = await this.search(question, ctx);
    const top = found.candidates[0];
    const sure = Boolean(top) && answerable(found, this.answerThreshold);
    // Another language's article may turn a sure native answer into a clarifying question (`rivalledAbroad`).
    const rivalled = sure && !foreign && (await this.rivalledAbroad(found, searchedLocale, runnerUp));
    const wouldAnswer = sure && !rivalled;
    const wouldReply = Boolean(top) && (foreign ? offerOf(found) >= Math.max(this.clarifyThreshold, FOREIGN_CLARIFY) : offerable(found, this.clarifyThreshold));
    const anotherBusiness = wouldReply && (await namesAnotherBusiness(question, searchedLocale, this.options.retriever));
    const assessment: Assessment = { confidence: found.confidence, wouldAnswer, wouldReply, anotherBusiness, articleId: top?.articleId };
    if (wouldReply && rivals?.length) {
      const asked = foreign ? { question, locale: searchedLocale } : undefined;
      // When the articles' topics overruled the retriever in a close call, either article may be
      // meant: the message is the knowledge base's only if both explain it better than the dialog's examples.
      const leaders = found.passedOver ? [top!, found.passedOver] : [top!];
      const verdicts = await Promise.all(leaders.map((c) => beatsRivals(this.options.retriever, found.query, found.locale, c.hits, rivals, asked)));
      assessment.beatsRivals = verdicts.includes(undefined) ? undefined : verdicts.every(Boolean);
    }
    return assessment;
  }

  private async search(question: string, ctx: TurnContext): Promise<Searched> {
    const cached = this.searched.get(ctx);
    if (cached?.question === question) return cached.result;
    const result = await this.searcher.search(question, questionLocale(question, ctx, await this.articleLocales()));
    const top = result.found.candidates[0];
    if (top && answerable(result.found, this.answerThreshold)) {
      const clarifyOnly = await this.onlyToOffer(question, result, top);
      if (clarifyOnly) result.found = { ...result.found, clarifyOnly };
    }
    this.searched.set(ctx, { question, result });
    return result;
  }

  /**
   * Why a result sure enough to answer may only be offered: one matched word and one the knowledge
   * base never mentions, or a question another business's requests explain better. Undefined
   * when it may be answered.
   */
  private async onlyToOffer(question: string, result: Searched, top: Candidate): Promise<ClarifyReason | undefined> {
    if (await this.namesUnmentioned(question, result.locale, top, result.foreign)) return 'unmentioned';
    if (await this.claimedElsewhere(question, result)) return 'another-business';
    return undefined;
  }

  /** Whether the question names what the knowledge base never mentions (`unmentioned.ts`), read across languages for another language's article. */
  private async namesUnmentioned(question: string, locale: string, top: Candidate, foreign: boolean): Promise<boolean> {
    const { retriever, passagesOf, translate } = this.options;
    if (!foreign) return namesUnmentioned(question, top, retriever, passagesOf, (l) => this.articlesIn(l));
    return translate !== undefined && (await namesUnmentionedAcross(question, locale, top, retriever, translate, passagesOf));
  }

  /**
   * Whether another business's requests (`background.ts`) explain clearly more of the question than
   * its best article does: both read in the background's language, the question translated into it
   * as the cross-language search translates it, the article in its translation there when it has one.
   */
  private async claimedElsewhere(question: string, { locale, found }: Searched): Promise<boolean> {
    const { retriever, passagesOf, translate } = this.options;
    const [background, explains, top] = [await this.options.background?.(), explainsOf(retriever), found.candidates[0]];
    if (!background || !explains || !top) return false;
    const same = base(locale) === base(background.locale);
    if (!same && !translate) return false;
    const query = same ? question : await translate!(question, locale, background.locale);
    // Read in the background's language: an article without a translation there is not weighed.
    const twin = (await passagesOf?.(top.articleId, background.locale)) ?? [];
    if (!twin.length) return false;
    const unknown = (stem: string) => namesNewTopic(stem, background.locale, retriever);
    return (await background.claims(query, twin, { explains, unknown })) !== undefined;
  }

  /** How many articles exist in `locale` (0 without a catalog). */
  private async articlesIn(locale: string): Promise<number> {
    const catalog = await this.options.catalog?.();
    return catalog ? [...catalog.values()].filter((l) => l.has(locale)).length : 0;
  }

  private async articleLocales(): Promise<string[]> {
    const catalog = await this.options.catalog?.();
    return catalog ? [...new Set([...catalog.values()].flatMap((l) => [...l]))] : [];
  }

  async answer(question: string, ctx: TurnContext, options: AnswerOptions = {}): Promise<KnowledgeAnswer> {
    const searched = await this.search(question, ctx);
    // The customer's language: the question's own, unless the caller wrote the question (a
    // dialog's template) and says whom it is for.
    const locale = options.locale ?? searched.locale;
    const found = await this.inLanguage(searched.found, locale);
    const runnerUp = searched.runnerUp && (await this.inLanguage(searched.runnerUp, locale));
    const fromDefault = searched.foreign;
    const decided = await this.decide(question, found, locale, fromDefault, ctx, runnerUp);
    const result: KnowledgeAnswer = { ...decided, askedIn: locale, knowledge: traceOf(decided) };
    const top = found.candidates[0];
    ctx.trace.knowledge = {
      status: result.status,
      confidence: score(result.confidence),
      locale: found.locale,
      articles: found.candidates.slice(0, 3).map((c) => ({ id: c.articleId, locale: c.locale, title: c.title, score: score(c.score) })),
    };
    result.questionId = await this.options.insights?.recordQuestion({
      conversationId: ctx.conversation.id,
      text: question,
      locale,
      status: result.status,
      articleId: result.status === 'answered' ? result.articleId : undefined,
      answerLocale: result.status === 'answered' ? top?.locale : undefined,
      confidence: result.confidence,
      fromDefaultLocale: fromDefault,
    });
    return result;
  }

  /**
   * Answers from one article the customer chose (after a clarifying question), or another caller
   * named: `confidence` is how sure that choice is (default 1: the customer's own).
   */
  async answerFromArticle(articleId: string, articleLocale: string, question: string, ctx: TurnContext, locale = ctx.locale, confidence = 1): Promise<KnowledgeAnswer> {
    const passages = (await this.options.passagesOf?.(articleId, articleLocale)) ?? [];
    if (!passages.length) return { status: 'abstain', confidence: 0, locale, askedIn: locale };
    const hits = await this.options.retriever.search(question, { locale: articleLocale, limit: 50 });
    const best = hits.find((h) => h.passage.articleId === articleId)?.passage ?? passages[0];
    const candidate: Candidate = { articleId, locale: articleLocale, title: best.title, url: best.url, score: 1, best, hits: [{ passage: best, score: 1 }] };
    const extracted = await this.extractive(question, candidate, locale, base(articleLocale) !== base(locale), ctx, confidence);
    const answer: KnowledgeAnswer = { ...extracted, askedIn: locale, knowledge: traceOf(extracted) };
    answer.questionId = await this.options.insights?.recordQuestion({
      conversationId: ctx.conversation.id, text: question, locale, status: 'answered', articleId, answerLocale: articleLocale,
      confidence, fromDefaultLocale: base(articleLocale) !== base(locale),
    });
    return answer;
  }

  /** Answers from article `articleId` in the customer's language where it has it (see `Answerer.answerFrom`). */
  async answerFrom(articleId: string, question: string, ctx: TurnContext, options: AnswerFromOptions = {}): Promise<KnowledgeAnswer> {
    const locales = (await this.options.catalog?.())?.get(articleId);
    const articleLocale = locales && pickLocale([...locales], ctx.locale, ctx.bot.config.defaultLocale);
    if (!articleLocale) return { status: 'abstain', confidence: 0, locale: ctx.locale, askedIn: ctx.locale };
    return this.answerFromArticle(articleId, articleLocale, question, ctx, ctx.locale, options.confidence);
  }

  private async decide(question: string, found: Found, locale: string, fromDefault: boolean, ctx: TurnContext, also?: Found): Promise<Omit<KnowledgeAnswer, 'askedIn'>> {
    const [top] = found.candidates;
    const confidence = found.confidence;
    if (top && offerable(found, this.clarifyThreshold) && this.options.llm && this.options.generative) {
      try {
        const generated = await this.generative(question, found, locale, fromDefault, ctx);
        if (generated) return generated;
        // The model found no answer in the passages: the closest articles are offered instead.
        return this.clarify(found, locale, confidence, ctx.bot);
      } catch (err) {
        // The model is down or slow: the extractive answer is still a good one.
        ctx.log.warn({ err }, 'generative answer failed; answering extractively');
      }
    }
    if (top && answerable(found, this.answerThreshold)) {
      // An article the customer's language lacks is about as sure in its own: the customer tells
      // which is meant ("wie ändere ich meine E-Mail-Adresse" is not change-address).
      if (!fromDefault && (await this.rivalledAbroad(found, locale, also))) return this.clarify(found, locale, confidence, ctx.bot, also);
      return this.extractive(question, top, locale, fromDefault, ctx, confidence);
    }
    // Another language's articles are offered only on firmer ground: a question about nothing
    // the shop does matches some foreign word by chance more easily than a native article.
    const foreignBar = Math.max(this.clarifyThreshold, FOREIGN_CLARIFY);
    if (top && (fromDefault ? offerOf(found) >= foreignBar : offerable(found, this.clarifyThreshold))) return this.clarify(found, locale, confidence, ctx.bot, also);
    // Nothing close in the customer's language, something in another: offer that.
    if (also?.candidates.length && offerOf(also) >= foreignBar) return this.clarify(also, locale, also.confidence, ctx.bot, found);
    return { status: 'abstain', confidence, locale };
  }

  /**
   * Whether a sure native answer must become a clarifying question offering, beside it, the best
   * article the customer's language lacks (`abroad`, another language's search): when that article
   * is itself sure (`FOREIGN_RIVAL`), or when that language's search clearly prefers it to the
   * native answer's own translation there ({@link outscoresTwin}). Never when customers confirmed
   * the native article for questions like this ({@link confirmedBest}).
   */
  private async rivalledAbroad(found: Found, locale: string, abroad: Found | undefined): Promise<boolean> {
    if (!abroad?.candidates.length || confirmedBest(found)) return false;
    if (abroad.confidence >= FOREIGN_RIVAL) return true;
    if (offerOf(abroad) < this.clarifyThreshold) return false;
    let verdict = this.twinVerdicts.get(found);
    if (!verdict) this.twinVerdicts.set(found, (verdict = this.outscoresTwin(found, locale, abroad)));
    return verdict;
  }

  /**
   * Whether, searched in `abroad`'s language, the article the customer's language lacks clearly
   * beats the native best article's own translation there (the translation scores below
   * `CLOSE_CALL` of it, the retriever's bar for telling two articles apart; or not among the hits
   * at all). The two searches then disagree about the same question: the native article won at
   * home only because the article that fits is missing there ("wie ändere ich meine
   * E-Mail-Adresse" is change-address in German, change-email in English, where change-address
   * trails it). An article with no translation in that language cannot be compared: no verdict.
   */
  private async outscoresTwin(found: Found, locale: string, abroad: Found): Promise<boolean> {
    const [native] = found.candidates;
    const [rival] = abroad.candidates;
    const catalog = await this.options.catalog?.();
    const twinLocale = native && [...(catalog?.get(native.articleId) ?? [])].find((l) => base(l) === base(abroad.locale));
    if (!rival || !twinLocale) return false;
    // The same search as the one that found `abroad` (its candidates hold only the missing articles).
    const hits = await this.options.retriever.search(abroad.query, { locale: abroad.locale, limit: 20, translatedFrom: locale });
    const twin = groupByArticle(hits).find((c) => c.articleId === native.articleId);
    return (twin?.score ?? 0) < CLOSE_CALL * rival.score;
  }

  /** The best passage of the top article, trimmed, with its citation (translated or flagged after a fallback). */
  private async extractive(
    question: string,
    top: Candidate,
    locale: string,
    fromDefault: boolean,
    ctx: TurnContext,
    confidence: number,
  ): Promise<Omit<KnowledgeAnswer, 'askedIn'>> {
    const passage = bestPassage(top, question);
    const citation = citationOf(passage);
    const max = Math.min(this.options.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS, ctx.channel.capabilities.maxTextLength - 200);
    let body = trimPassage(passage.text, question, base(passage.locale), Math.max(120, max));
    let note = '';
    let translated = false;
    // Whatever led here (another language's search, a dialog's template in the bot's language),
    // an article the customer cannot be assumed to read comes with a note in their language.
    const foreign = fromDefault || base(top.locale) !== base(locale);
    if (foreign) {
      const from = languageName(top.locale, locale);
      const translation = this.options.llm
        ? await translate(this.options.llm, body, languageName(top.locale, 'en'), languageName(locale, 'en')).catch((err) => {
            ctx.log.warn({ err }, 'translation failed; answering in the original language');
            return '';
          })
        : '';
      translated = Boolean(translation);
      if (translated) {
        body = translation;
        note = `\n\n${kbText(ctx.bot, 'translated', locale, { language: from })}`;
      } else {
        body = `${kbText(ctx.bot, 'onlyIn', locale, { language: from })}\n\n${body}`;
      }
    }
    const text = `${body}${note}\n\n${citationLine(kbText(ctx.bot, 'source', locale), [citation])}`;
    return {
      status: 'answered',
      text,
      citations: [citation],
      confidence,
      locale: foreign && !translated ? top.locale : locale,
      ...(foreign ? { fromDefaultLocale: true } : {}),
      articleId: top.articleId,
      articleLocale: top.locale,
    };
  }

  private async generative(question: string, found: Found, locale: string, fromDefault: boolean, ctx: TurnContext) {
    const passages = found.candidates.flatMap((c) => c.hits.map((h) => h.passage)).slice(0, 5);
    const generated = await generateAnswer(this.options.llm!, question, passages, {
      language: languageName(locale, 'en'),
      botName: ctx.bot.config.name,
      maxChars: this.options.maxAnswerChars,
    });
    if (generated.status === 'refused') {
      ctx.log.info({ reason: generated.reason }, 'generative answer refused');
      return undefined;
    }
    const label = kbText(ctx.bot, generated.citations.length > 1 ? 'sources' : 'source', locale);
    const answer: Omit<KnowledgeAnswer, 'askedIn'> = {
      status: 'answered',
      text: `${generated.text}\n\n${citationLine(label, generated.citations)}`,
      citations: generated.citations,
      confidence: found.confidence,
      locale,
      articleId: generated.citations[0].articleId,
      articleLocale: found.locale,
      ...(fromDefault ? { fromDefaultLocale: true } : {}),
    };
    return answer;
  }

  /**
   * The candidates, each in the customer's language where its article has a translation in it:
   * a dialog's template in the bot's language, or another language's search, must not show a
   * German customer the English text of an article that exists in German. The translation's
   * section matching the one found answers (translations keep their sections in order).
   */
  private async inLanguage(found: Found, locale: string): Promise<Found> {
    const passagesOf = this.options.passagesOf;
    const offered = found.candidates.slice(0, 3);
    if (!passagesOf || offered.every((c) => base(c.locale) === base(locale))) return found;
    const catalog = await this.options.catalog?.();
    const translated = await Promise.all(
      offered.map(async (c): Promise<Candidate> => {
        if (base(c.locale) === base(locale)) return c;
        const tag = catalog ? [...(catalog.get(c.articleId) ?? [])].find((l) => base(l) === base(locale)) : locale;
        const passages = tag ? await passagesOf(c.articleId, tag) : [];
        if (!passages.length) return c;
        const twin = (p: Passage) => passages.find((q) => section(q.id) === section(p.id)) ?? passages[0];
        const seen = new Set<string>();
        const hits = c.hits.map((h) => ({ ...h, passage: twin(h.passage) })).filter((h) => !seen.has(h.passage.id) && seen.add(h.passage.id));
        const [first] = passages;
        return { ...c, locale: first.locale, title: first.title, url: first.url, best: twin(c.best), hits };
      }),
    );
    return { ...found, candidates: [...translated, ...found.candidates.slice(3)] };
  }

  private clarify(found: Found, locale: string, confidence: number, bot: Bot, also?: Found): Omit<KnowledgeAnswer, 'askedIn'> {
    // The runner-up language's best article joins the three closest: the customer tells which is
    // meant. It goes first when it is surer than the best of them (a strong article the customer's
    // language lacks above a weak native guess: "can I pay with Bizum?"), else last: the native
    // runners-up come with no confidence of their own, it with one.
    const second = also && offerOf(also) >= this.clarifyThreshold ? also.candidates[0] : undefined;
    const closest = found.candidates.slice(0, 3);
    const offered = !second ? closest : offerOf(also!) > offerOf(found) ? [second, ...closest] : [...closest, second];
    const options: Button[] = offered.map((c) => ({ title: c.title, payload: `${PAYLOAD.article}${c.articleId}:${c.locale}` }));
    options.push({ title: kbText(bot, 'none', locale), payload: PAYLOAD.none });
    const foreign = offered.some((c) => base(c.locale) !== base(locale));
    return { status: 'clarify', text: kbText(bot, 'clarify', locale), options, confidence, locale, ...(foreign ? { fromDefaultLocale: true } : {}) };
  }
}

/** The section number of a passage id (`<articleId>.<locale>#<n>`). */
function section(passageId: string): string {
  return passageId.slice(passageId.lastIndexOf('#') + 1);
}

/** What a reply carrying `answer` tells clients on the wire (see `KnowledgeTrace`). */
export function traceOf(answer: Pick<KnowledgeAnswer, 'status' | 'articleId' | 'articleLocale' | 'locale' | 'options'>): KnowledgeTrace {
  if (answer.status === 'answered') return { outcome: 'answer', article: answer.articleId, locale: answer.articleLocale ?? answer.locale };
  if (answer.status === 'clarify') {
    const offered = (answer.options ?? [])
      .flatMap((o) => (o.payload?.startsWith(PAYLOAD.article) ? [o.payload] : []))
      .map((payload) => {
        const [article, locale] = payload.slice(PAYLOAD.article.length).split(':');
        return { article, locale };
      });
    return { outcome: 'clarify', offered };
  }
  return { outcome: 'none' };
}

/**
 * The language to search first: the one the question is written in, when a detector is sure and
 * the bot speaks it (customers often write in their language whatever the page's), else the turn's.
 */
export function questionLocale(question: string, ctx: TurnContext, articleLocales: string[] = []): string {
  // Languages the knowledge base has articles in count as spoken: a Portuguese question finds the
  // Portuguese articles even before the bot lists pt among its locales.
  const supported = [...new Set([...ctx.bot.config.locales, ...articleLocales])];
  const current = ctx.locale;
  const detected = detectLanguage(question, { candidates: supported, current });
  if (detected) return detected;
  return supported.includes(current) ? current : (supported.find((l) => l === current.split('-')[0]) ?? current);
}

/** The customer's locale, its base language, the default locale, or else the first there is. */
function pickLocale(available: string[], wanted: string, fallback: string): string | undefined {
  return (
    available.find((l) => l.toLowerCase() === wanted.toLowerCase()) ??
    available.find((l) => base(l) === base(wanted)) ??
    available.find((l) => l.toLowerCase() === fallback.toLowerCase()) ??
    available.sort()[0]
  );
}

/** "Did this help?" buttons for an answer, in the customer's language. */
export function feedbackButtons(answer: KnowledgeAnswer, bot: Bot, locale: string): Button[] {
  if (!answer.questionId) return [];
  return [
    { title: kbText(bot, 'yes', locale), payload: `${PAYLOAD.helpful}${answer.questionId}:yes` },
    { title: kbText(bot, 'no', locale), payload: `${PAYLOAD.helpful}${answer.questionId}:no` },
  ];
}
