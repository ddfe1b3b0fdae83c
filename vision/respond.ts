import type { TurnContext } from '../core/context';
import type { Button, KnowledgeTrace } from '../core/message';
import { photoNotes, type PhotoNote, type PhotoTrace } from '../core/photos';
import { Answerer, ArticleCodes, Escalator, type Answer, type PhotoReading } from '../core/services';
import { CatalogSearch } from '../core/commerce';
import { findCodes, type CodeHit } from './codes';
import { visionText } from './texts';

/** Payloads of the buttons the bot offers after a photo. */
export const PAYLOAD = { article: 'vision:article:', none: 'vision:none' } as const;

/** What the turn keeps between a focused question and the customer's choice: what was read, for a person if none fits. */
interface Pending {
  note: string;
}

/** How the matcher decides; see `VisionConfig`. */
export interface MatchOptions {
  minTextConfidence: number;
}

/**
 * The turn after a photo: the photos' readings (kept on the message by the media module) are
 * matched against the codes articles declare. One article → its answer ("I can see E-17 in your
 * photo: …"); several, or a code read with a doubtful character → a focused question; no code →
 * the text read is a question for the knowledge base; nothing → a person, with what was read.
 */
export function photoMiddleware(options: MatchOptions) {
  return async (ctx: TurnContext, next: () => Promise<void>): Promise<void> => {
    const payload = ctx.message.payload ?? '';
    if (payload.startsWith('vision:')) return onChoice(ctx, payload);
    const notes = photoNotes(ctx.message).filter((n) => n.reading || n.error);
    if (!notes.length) return next();
    await onPhotos(ctx, notes, options);
  };
}

async function onPhotos(ctx: TurnContext, notes: PhotoNote[], options: MatchOptions): Promise<void> {
  const readings = notes.flatMap((n) => (n.reading ? [n.reading] : []));
  const caption = ctx.message.text?.trim() ?? '';
  const read = readText(readings);
  const note = describeReading(readings, notes);
  ctx.trace.photo = { read: read.slice(0, 500), codes: readings.flatMap((r) => r.codes.map((c) => c.value)) };
  if (!readings.length && !caption) return handOff(ctx, note, 'failed');

  const barcodes = readings.flatMap((r) => r.codes.filter((c) => PRODUCT_FORMATS.test(c.format)).map((c) => c.value));
  if (barcodes.length && (await showProduct(ctx, barcodes))) return;

  const codes = ctx.bot.services.get(ArticleCodes);
  const declared = codes ? await codes.declared() : [];
  const hits = findCodes(`${caption}\n${read}`, readings.flatMap((r) => r.codes.map((c) => c.value)), declared);
  const exact = hits.filter((h) => h.exact);
  if (codes && exact.length === 1) return answerWithArticle(ctx, exact[0]);
  if (hits.length) return askWhich(ctx, exact.length ? exact : hits, { note });

  const question = [caption, usableText(readings, options.minTextConfidence)].filter(Boolean).join('\n');
  const answerer = ctx.bot.services.get(Answerer);
  if (question && answerer) {
    const answer = await answerer.answer(question, ctx);
    if (answer.status !== 'abstain') return replyWithAnswer(ctx, answer, readings.some((r) => r.text) ? snippet(question) : undefined);
  }
  return handOff(ctx, note, readings.length ? 'unread' : 'failed');
}

/**
 * "I can see E-17 in your photo:" and the article's answer. The codes found are the question: the
 * article's section about the error (`## E-17: too hot`) is found by them, while a model number
 * alone, in every section's title, leads to the article's opening.
 */
async function answerWithArticle(ctx: TurnContext, hit: CodeHit): Promise<void> {
  const answer = await ctx.bot.services.require(ArticleCodes, 'answering a photo').answerFrom(hit.articleId, hit.codes.join(' '), ctx);
  if (answer.status !== 'answered' || !answer.text) return handOff(ctx, `Photo: code ${hit.code} (article ${hit.articleId} is not published)`, 'unread');
  // The most specific code is named: an error code read after the model number on a display.
  const code = hit.codes[hit.codes.length - 1] ?? hit.code;
  const text = `${visionText(ctx.bot.config, 'seen', ctx.locale, { code })}\n\n${answer.text}`;
  const photo: PhotoTrace = { outcome: 'article', article: hit.articleId, code };
  await ctx.reply({ text, metadata: { photo, knowledge: { outcome: 'answer', article: hit.articleId, locale: answer.locale } satisfies KnowledgeTrace } });
}

/** Barcodes printed on products (EAN, UPC, GTIN): what a catalog's `barcode` column holds. */
const PRODUCT_FORMATS = /^(EAN|UPC|ITF|GTIN)/i;

/**
 * The catalog product under one of the barcodes: "I can see … in your photo:" and the catalog's
 * own card for it (picture, price, page, "Details"), which each channel renders as well as it can
 * (a carousel on the web, numbered text on SMS). False when no barcode is a product's.
 */
async function showProduct(ctx: TurnContext, barcodes: string[]): Promise<boolean> {
  const catalog = ctx.bot.services.get(CatalogSearch);
  if (!catalog) return false;
  for (const code of barcodes) {
    const found = await catalog.byBarcode(code);
    if (!found) continue;
    const product = (await catalog.byId(found.id, ctx.locale)) ?? found;
    const photo: PhotoTrace = { outcome: 'product', product: product.id, code };
    await ctx.reply({ text: visionText(ctx.bot.config, 'seen', ctx.locale, { code: product.title }), cards: catalog.cards([product], ctx.locale), metadata: { photo } });
    return true;
  }
  return false;
}

/** A focused question: which of the codes read (or "is it this one?" for a doubtful reading). */
async function askWhich(ctx: TurnContext, hits: CodeHit[], pending: Pending): Promise<void> {
  const offered = hits.slice(0, 3);
  ctx.state.vision = pending;
  const t = (key: 'which' | 'confirm' | 'yes' | 'none', code = '') => visionText(ctx.bot.config, key, ctx.locale, { code });
  const single = offered.length === 1;
  const buttons: Button[] = [
    ...offered.map((h) => ({ title: single ? t('yes', h.code) : h.code, payload: `${PAYLOAD.article}${h.articleId}` })),
    { title: t('none'), payload: PAYLOAD.none },
  ];
  const photo: PhotoTrace = { outcome: 'question', offered: offered.map((h) => h.articleId) };
  await ctx.reply({ text: single ? t('confirm', offered[0].code) : t('which'), buttons, metadata: { photo } });
}

/** The customer answered a focused question: the chosen article, or a person. */
async function onChoice(ctx: TurnContext, payload: string): Promise<void> {
  const pending = ctx.state.vision as Pending | undefined;
  delete ctx.state.vision;
  const articleId = payload.startsWith(PAYLOAD.article) ? payload.slice(PAYLOAD.article.length) : '';
  const codes = ctx.bot.services.get(ArticleCodes);
  if (articleId && codes) {
    const code = (await codes.declared()).find((d) => d.articleId === articleId)?.code ?? articleId;
    return answerWithArticle(ctx, { code, codes: [code], articleId, exact: true, source: 'text' });
  }
  return handOff(ctx, pending?.note ?? 'Photo: the customer said none of the codes offered was theirs', 'unread');
}

/** A knowledge-base answer to the text read, introduced with what was read. */
async function replyWithAnswer(ctx: TurnContext, answer: Answer, readText?: string): Promise<void> {
  const intro = readText ? `${visionText(ctx.bot.config, 'read', ctx.locale, { text: readText })}\n\n` : '';
  const article = answer.citations?.[0]?.articleId;
  // The articles a clarifying question offers are the knowledge base's top candidates (its trace).
  const offered = (ctx.trace.knowledge?.articles ?? []).slice(0, 3).map((a) => ({ article: a.id, locale: a.locale }));
  const knowledge: KnowledgeTrace = answer.status === 'answered' ? { outcome: 'answer', article, locale: answer.locale } : { outcome: 'clarify', offered };
  const photo: PhotoTrace = answer.status === 'answered' ? { outcome: 'answer', article } : { outcome: 'question', offered: knowledge.offered?.map((o) => o.article) };
  await ctx.reply({ text: `${intro}${answer.text ?? ''}`, buttons: answer.options, metadata: { photo, knowledge } });
}

/** A person takes over with the photo (it is on the conversation) and what was read; without handoff, ask for the code. */
async function handOff(ctx: TurnContext, note: string, why: 'unread' | 'failed'): Promise<void> {
  const escalator = ctx.bot.services.get(Escalator);
  const photo: PhotoTrace = { outcome: escalator ? 'handoff' : 'unread' };
  if (escalator) {
    const before = ctx.outbound.length;
    await escalator.escalate(ctx, { reason: 'low-confidence', note });
    for (const m of ctx.outbound.slice(before)) m.metadata = { ...m.metadata, photo };
    // No one to take it (no agent accounts): the customer can still type what the photo shows.
    if (!ctx.trace.handoff?.unavailable) return;
  }
  await ctx.reply({ text: visionText(ctx.bot.config, why, ctx.locale), metadata: { photo: { outcome: 'unread' } satisfies PhotoTrace } });
}

/** Every photo's text and description, one block each. */
function readText(readings: PhotoReading[]): string {
  return readings.map((r) => [r.text, r.description].filter(Boolean).join('\n')).filter(Boolean).join('\n\n');
}

/** The text worth asking the knowledge base: confident OCR with real words, and descriptions. */
function usableText(readings: PhotoReading[], minConfidence: number): string {
  const parts = readings.flatMap((r) => {
    const words = (r.text.match(/\p{L}{3,}/gu) ?? []).length;
    const text = (r.confidence ?? 1) >= minConfidence && words >= 2 ? [r.text] : [];
    return r.description ? [...text, r.description] : text;
  });
  return parts.join('\n').replace(/\s+/g, ' ').trim();
}

/** For the agent: what each photo showed, or why it could not be read. */
function describeReading(readings: PhotoReading[], notes: PhotoNote[]): string {
  const lines = notes.map((n, i) => {
    if (!n.reading) return `Photo ${i + 1}: not read (${n.error ?? 'no reader'})`;
    const parts = [n.reading.text ? `text “${snippet(n.reading.text, 400)}”` : 'no text'];
    if (n.reading.codes.length) parts.push(`codes ${n.reading.codes.map((c) => `${c.format} ${c.value}`).join(', ')}`);
    if (n.reading.description) parts.push(`shows: ${snippet(n.reading.description, 300)}`);
    return `Photo ${i + 1}: ${parts.join('; ')}`;
  });
  return readings.length || lines.length ? lines.join('\n') : 'Photo: nothing read';
}

function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
