/**
 * @jest-environment ./tests/knowledge-retrieval/typed-array-environment.js
 */
import { join } from 'node:path';
import { DenseRetriever, loadLocalEmbedder, type Embedder } from '../../knowledge/retrieval/dense';
import { denseConfidence, HybridRetriever } from '../../knowledge/retrieval/hybrid';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { Passage } from '../../knowledge/types';

// The tiny model maps translations of a few help-centre words to one vector (see the script).
// It is committed as fixtures/tiny-bert (made by fixtures/make_tiny_model.py) so tests need no Python.
let embedder: Embedder;

beforeAll(async () => {
  embedder = await loadLocalEmbedder(join(__dirname, 'fixtures', 'tiny-bert'));
}, 60_000);

const P = (articleId: string, text: string, locale = 'en'): Passage => ({ id: `${articleId}.${locale}#0`, articleId, locale, title: '', text });
const KB = [P('refund', 'refund policy and refund times'), P('delivery', 'delivery times and delivery areas'), P('password', 'password reset'), P('invoice', 'invoice copies')];

describe('dense retrieval from a local ONNX model', () => {
  test('loads the real model through @huggingface/transformers and embeds to unit vectors', async () => {
    const [a, b, c] = await embedder.embed(['refund', 'Reembolso', 'delivery']);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(a).toHaveLength(8);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(0.95); // translations meet
    expect(dot(a!, c!)).toBeLessThan(0.2);
  });

  test('finds passages across languages with no word in common, with locale filter and removal', async () => {
    const r = new DenseRetriever(embedder, { batchSize: 3 });
    await r.add([...KB, P('refund', 'reembolso', 'es')]);
    expect(r.size).toBe(5);
    expect((await r.search('wo ist meine lieferung', { locale: 'en' }))[0]!.passage.articleId).toBe('delivery');
    expect((await r.search('contrasena', { locale: 'en' }))[0]!.passage.articleId).toBe('password');
    expect((await r.search('erstattung', { locale: 'es' })).map((h) => h.passage.id)).toEqual(['refund.es#0']);
    await r.remove('refund', 'es');
    expect(r.size).toBe(4);
    await r.add([P('invoice', 'garantia')]); // replaces by id
    expect(r.size).toBe(4);
    expect((await r.search('warranty'))[0]!.passage.articleId).toBe('invoice');
  });

  test('a folder without the model files is a clear error, not a download', async () => {
    await expect(loadLocalEmbedder(join(__dirname, 'fixtures', 'missing'))).rejects.toThrow(/has no config\.json/);
  });
});

describe('the hybrid confidence uses the model too', () => {
  const sure = async (r: LexicalRetriever | HybridRetriever, query: string) => {
    const hits = await r.search(query, { locale: 'en' });
    return { top: hits[0]?.passage.articleId, confidence: r.confidence(query, hits) };
  };
  let lexical: LexicalRetriever;
  let hybrid: HybridRetriever;
  beforeAll(async () => {
    lexical = new LexicalRetriever();
    hybrid = new HybridRetriever([lexical, new DenseRetriever(embedder)]);
    await hybrid.add([...KB, P('tracking', 'parcel tracking number by email')]);
  });

  test('a question in words the articles never use is sure when the model clearly ranks one article first', async () => {
    expect(await sure(lexical, 'erstattung')).toEqual({ top: undefined, confidence: 0 });
    const withModel = await sure(hybrid, 'erstattung');
    expect(withModel.top).toBe('refund');
    expect(withModel.confidence).toBeGreaterThan(0.9);
  });

  test('where the model sees no clear winner, the words decide', async () => {
    // "invoice delivery" is half one article, half another: the model's lead is small.
    const words = await sure(lexical, 'invoice delivery');
    const both = await sure(hybrid, 'invoice delivery');
    expect(both.top).toBe(words.top);
    expect(words.confidence).toBeLessThan(0.7);
    expect(both.confidence).toBeGreaterThanOrEqual(words.confidence);
    expect(both.confidence - words.confidence).toBeLessThan(0.05);
  });

  test('the dense lead is scale-free: no lead is almost nothing, half the way to a perfect match an even chance', () => {
    const hit = (articleId: string, score: number) => ({ passage: P(articleId, ''), score });
    expect(denseConfidence(P('a', ''), [hit('b', 0.9), hit('a', 0.8)])).toBeLessThan(0.02);
    expect(denseConfidence(P('a', ''), [hit('a', 0.9), hit('b', 0.8)])).toBeCloseTo(0.5, 6);
    expect(denseConfidence(P('a', ''), [hit('a', 0.6), hit('b', 0.2)])).toBeCloseTo(0.5, 6);
  });

  test('dialogs and learning can weigh with it: explains comes from the lexical member', () => {
    expect(hybrid.explains?.('refund times', 'en', ['refund policy'])).toBe(lexical.explains('refund times', 'en', ['refund policy']));
    expect(new HybridRetriever([new DenseRetriever(embedder)]).explains).toBeUndefined();
  });
});

describe('hybrid fusion', () => {
  test('reciprocal rank fusion keeps what either retriever finds and ranks agreement first', async () => {
    const lexical = new LexicalRetriever();
    const dense = new DenseRetriever(embedder);
    const hybrid = new HybridRetriever([lexical, dense]);
    await hybrid.add([...KB, P('tracking', 'parcel tracking number by email')]);
    expect(hybrid.size).toBe(5);
    // Lexical alone cannot read German; dense alone knows nothing of "tracking".
    expect((await lexical.search('lieferung', { locale: 'en' })).map((h) => h.passage.articleId)).not.toContain('delivery');
    expect((await hybrid.search('lieferung', { locale: 'en' }))[0]!.passage.articleId).toBe('delivery');
    expect((await hybrid.search('tracking number', { locale: 'en' }))[0]!.passage.articleId).toBe('tracking');
    // Both agree on "refund": it wins with the largest fused score, 2/(60+1).
    const both = await hybrid.search('refund', { locale: 'en' });
    expect(both[0]!.passage.articleId).toBe('refund');
    expect(both[0]!.score).toBeCloseTo(2 / 61, 10);
    // searchDetailed's confidence signals are the lexical ones: calibrated, unlike fused scores.
    const detailed = await hybrid.searchDetailed('refund', { locale: 'en' });
    expect(detailed.hits.map((h) => h.passage.id)).toEqual(both.map((h) => h.passage.id));
    expect(detailed.confidence).toEqual(lexical.searchDetailed('refund', { locale: 'en' }).confidence);
    await expect(new HybridRetriever([dense]).searchDetailed('refund')).rejects.toThrow(/needs a LexicalRetriever/);
    await hybrid.remove('refund');
    expect((await hybrid.search('refund')).map((h) => h.passage.articleId)).not.toContain('refund');
  });
});
