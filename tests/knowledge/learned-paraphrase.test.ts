import { migrate } from '../../core/storage/sql';
import { SqliteDriver } from '../../core/storage/sqlite';
import { evidenceMigrations, EvidenceStore } from '../../knowledge/learning/evidence';
import { LEARNED_WEIGHT, LearnedRetriever, MIN_SIMILARITY } from '../../knowledge/learning/retriever';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
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
    // Not a near-copy: the old rule (Jaccard over content words ≥ 0.5) finds nothing.
    expect(await store.matches(paraphrase, 0.5)).toEqual([]);
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
