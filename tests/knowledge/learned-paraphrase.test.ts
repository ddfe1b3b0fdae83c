import { migrate } from '../../core/storage/sql';
import { SqliteDriver } from '../../core/storage/sqlite';
import { evidenceMigrations, EvidenceStore } from '../../knowledge/learning/evidence';
import { EDITOR_WEIGHT, LEARNED_WEIGHT, LearnedRetriever, MIN_SIMILARITY, MIN_TRANSLATED_SIMILARITY } from '../../knowledge/learning/retriever';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { SimilarQuestions } from '../../knowledge/learning/similar';
import type { Passage } from '../../knowledge/types';

const passages: Passage[] = [
  { id: 'sofa-care.en#0', articleId: 'sofa-care', locale: 'en', title: 'Caring for your couch', text: 'Vacuum the couch cushions every week and treat stains on the couch fabric quickly.' },
  { id: 'returns.en#0', articleId: 'returns', locale: 'en', title: 'Returns', text: 'Send items back within 60 days for a full refund.' },
];

describe('a confirmed question helps its paraphrases, not only near-copies', () => {
  const question = 'can I send my couch back if I do not like it';
  // "send … back" would find the returns article by the thesaurus alone; this wording does not.
  const paraphrase = 'couch back if not liked';
  let store: EvidenceStore;
  let learned: LearnedRetriever;
  const lexical = new LexicalRetriever();

  beforeAll(async () => {
    lexical.addSync(passages);
    const db = new SqliteDriver(':memory:');
    await migrate(db, evidenceMigrations);
    store = new EvidenceStore(db);
    learned = new LearnedRetriever(lexical, store, async (id) => passages.filter((p) => p.articleId === id));
  });

  let before = 0;
  test('without evidence the paraphrase is too unsure to answer', async () => {
    const hits = await learned.search(paraphrase, { locale: 'en' });
    before = learned.confidence(paraphrase, hits);
    expect(before).toBeLessThan(0.4);
  });

  test('after a customer confirmed the returns article for a differently worded question, the paraphrase gets it', async () => {
    const evidence = await store.record({ customerId: 'cus_1', conversationId: 'conv_1', question, locale: 'en', articleId: 'returns', articleLocale: 'en', helpful: true, source: 'feedback' });
    // Not a copy: a quarter of the stems differ ("send" is missing), so a strict near-copy rule
    // (Jaccard over question stems ≥ 0.8) finds nothing.
    expect(await store.matches(paraphrase, 0.8)).toEqual([]);
    const hits = await learned.search(paraphrase, { locale: 'en' });
    expect(hits[0]!.passage.articleId).toBe('returns');
    // Down-weighted like an alternative question: at least the learned weight times the threshold.
    expect(learned.confidence(paraphrase, hits)).toBeGreaterThanOrEqual(LEARNED_WEIGHT * MIN_SIMILARITY);
    expect(learned.confidence(paraphrase, hits)).toBeGreaterThan(before + 0.1);
    // An unrelated question is untouched.
    expect((await learned.search('stains on the couch', { locale: 'en' }))[0]!.passage.articleId).toBe('sofa-care');

    // An editor's removal drops it from the learned questions at once.
    await store.remove(evidence.id);
    const after = await learned.search(paraphrase, { locale: 'en' });
    expect(learned.confidence(paraphrase, after)).toBeCloseTo(before, 6);
  });

  test('a "No" to an article for a similar question keeps that article away from the paraphrase', async () => {
    await store.record({ customerId: 'cus_2', conversationId: 'conv_2', question: 'how to clean stains off my couch', locale: 'en', articleId: 'sofa-care', articleLocale: 'en', helpful: false, source: 'feedback' });
    const hits = await learned.search('cleaning couch stains', { locale: 'en' });
    expect(hits.map((h) => h.passage.articleId)).not.toContain('sofa-care');
  });
});

describe('an editor’s alternative question counts like a confirmed one, at full weight', () => {
  const sofa: Passage = { id: 'sofa-care.en#0', articleId: 'sofa-care', locale: 'en', title: 'Caring for your couch', text: 'Vacuum the couch cushions every week.' };
  const returns: Passage = { id: 'returns.en#0', articleId: 'returns', locale: 'en', title: 'Returns', text: 'Send items back within 60 days.', questions: ['can I send my couch back if I do not like it'] };
  const paraphrase = 'couch back if not liked';

  test('a paraphrase of it finds the article, as sure as the likeness; removing the article forgets it', async () => {
    const db = new SqliteDriver(':memory:');
    await migrate(db, evidenceMigrations);
    const learned = new LearnedRetriever(new LexicalRetriever(), new EvidenceStore(db), async (id) => [sofa, returns].filter((p) => p.articleId === id));
    await learned.add([{ ...sofa }, { ...returns, questions: undefined }]);
    const without = await learned.search(paraphrase, { locale: 'en' });
    const before = learned.confidence(paraphrase, without);

    await learned.add([returns]);
    const hits = await learned.search(paraphrase, { locale: 'en' });
    expect(hits[0]!.passage.articleId).toBe('returns');
    expect(learned.confidence(paraphrase, hits)).toBeGreaterThanOrEqual(EDITOR_WEIGHT * MIN_SIMILARITY);
    expect(learned.confidence(paraphrase, hits)).toBeGreaterThan(LEARNED_WEIGHT * MIN_SIMILARITY);
    expect(learned.confidence(paraphrase, hits)).toBeGreaterThan(before + 0.1);

    await learned.remove('returns', 'en');
    await learned.add([{ ...returns, questions: undefined }]);
    expect(learned.confidence(paraphrase, await learned.search(paraphrase, { locale: 'en' }))).toBeCloseTo(before, 6);
  });
});

describe('learned evidence does not override an article that explains the question clearly better', () => {
  const shipping: Passage = { id: 'shipping-times.pt#0', articleId: 'shipping-times', locale: 'pt', title: 'Prazos de entrega', text: 'A entrega standard demora 3 a 5 dias úteis.' };
  const refunds: Passage = { id: 'refunds.pt#0', articleId: 'refunds', locale: 'pt', title: 'Reembolsos', text: 'O reembolso chega ao cartão em 5 a 10 dias úteis depois de recebermos a devolução.' };
  const learnedQuestion = 'quanto tempo demora a entrega';
  const question = 'o reembolso para o cartão demora quanto tempo';

  test('"quanto tempo demora a entrega", confirmed for shipping times, does not take a refund question', async () => {
    const db = new SqliteDriver(':memory:');
    await migrate(db, evidenceMigrations);
    const store = new EvidenceStore(db);
    const lexical = new LexicalRetriever();
    lexical.addSync([shipping, refunds]);
    const learned = new LearnedRetriever(lexical, store, async (id) => [shipping, refunds].filter((p) => p.articleId === id));
    await store.record({ customerId: 'cus_1', conversationId: 'conv_1', question: learnedQuestion, locale: 'pt', articleId: 'shipping-times', articleLocale: 'pt', helpful: true, source: 'feedback' });
    // The learned question is like this one (it shares "quanto tempo demora", similarity 0.6 ≥
    // MIN_SIMILARITY), but the refunds article explains twice as much of it as shipping times.
    expect((await learned.search(question, { locale: 'pt' }))[0]!.passage.articleId).toBe('refunds');
    // …and still finds its paraphrases.
    expect((await learned.search('em quanto tempo chega a entrega', { locale: 'pt' }))[0]!.passage.articleId).toBe('shipping-times');
  });
});

describe('a query translated for another language’s articles', () => {
  test('loses the question words of the language it was translated from, not only of the stored question’s', async () => {
    const lexical = new LexicalRetriever();
    lexical.addSync([{ id: 'pay-later.de#0', articleId: 'pay-later', locale: 'de', title: 'Ratenzahlung', text: 'Mit Klarna zahlen Sie in drei Raten.' }]);
    const db = new SqliteDriver(':memory:');
    await migrate(db, evidenceMigrations);
    const store = new EvidenceStore(db);
    await store.record({ customerId: 'cus_1', conversationId: 'conv_1', question: 'kann ich in Raten zahlen', locale: 'de', articleId: 'pay-later', articleLocale: 'de', helpful: true, source: 'feedback' });
    const similar = new SimilarQuestions(store, lexical.explains.bind(lexical));
    // "je peux payer en raten" → French words kept beside the German ones, as TermTable.translate does.
    const translated = 'peux raten zahlen';
    const [asFrench] = await similar.matches(translated, 0, 'fr');
    const [asIs] = await similar.matches(translated, 0);
    expect(asFrench!.similarity).toBeCloseTo(1, 6);
    // Read with German question words alone, "peux" is a word the stored question lacks: one in three.
    expect(asIs!.similarity).toBeCloseTo(2 / 3, 2);
  });
});

describe('how sure a learned match makes its article', () => {
  const shop: Passage[] = [
    { id: 'returns.en#0', articleId: 'returns', locale: 'en', title: 'Returns', text: 'Send items back within 60 days for a full refund.' },
    { id: 'delivery.en#0', articleId: 'delivery', locale: 'en', title: 'Delivery', text: 'Standard delivery takes 3 working days.' },
  ];
  const question = 'the wardrobe is too big for my bedroom';
  // As alike as the paraphrases customers write: at least MIN_SIMILARITY, under the translated bar.
  const paraphrase = 'wardrobe too big for the stairs and hallway';

  async function learnedShop() {
    const lexical = new LexicalRetriever();
    lexical.addSync(shop);
    const db = new SqliteDriver(':memory:');
    await migrate(db, evidenceMigrations);
    const store = new EvidenceStore(db);
    await store.record({ customerId: 'cus_1', conversationId: 'conv_1', question, locale: 'en', articleId: 'returns', articleLocale: 'en', helpful: true, source: 'clarify-choice' });
    const similarity = (await new SimilarQuestions(store, lexical.explains.bind(lexical)).matches(paraphrase, 0))[0]!.similarity;
    return { learned: new LearnedRetriever(lexical, store, async (id) => shop.filter((p) => p.articleId === id)), similarity };
  }

  test('a customer’s paraphrase of a confirmed question is answered from its article (0.8, above the default answer threshold 0.7)', async () => {
    const { learned, similarity } = await learnedShop();
    expect(similarity).toBeGreaterThanOrEqual(MIN_SIMILARITY);
    expect(similarity).toBeLessThan(MIN_TRANSLATED_SIMILARITY);
    const hits = await learned.search(paraphrase, { locale: 'en' });
    expect(hits[0]).toMatchObject({ passage: { articleId: 'returns' }, confirmed: true });
    // Before: 0.8 × the similarity, 0.4 here — a clarifying question at best.
    expect(learned.confidence(paraphrase, hits)).toBe(LEARNED_WEIGHT);
  });

  test('the same words as a query translated from another language are no match: candidate translations are not a customer’s words', async () => {
    const { learned } = await learnedShop();
    const hits = await learned.search(paraphrase, { locale: 'en', translatedFrom: 'de' });
    expect(hits.some((h) => h.confirmed)).toBe(false);
    expect(learned.confidence(paraphrase, hits)).toBeLessThan(0.5);
  });
});
