import { DEFAULT_ABSTAIN_THRESHOLD } from '../../knowledge/confidence';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { Passage } from '../../knowledge/types';

const P = (articleId: string, locale: string, title: string, text: string, n = 0): Passage => ({
  id: `${articleId}.${locale}#${n}`,
  articleId,
  locale,
  title,
  text,
});

const KB: Passage[] = [
  P('refunds', 'en', 'Refunds', 'You can ask for a refund within 30 days of delivery. The money returns to your card in 5 business days.'),
  P('shipping', 'en', 'Shipping times', 'Orders ship within 2 days. Delivery takes 3 to 5 days in Europe and up to 10 days elsewhere.'),
  P('password', 'en', 'Reset your password', 'Click "Forgot password" on the sign-in page and follow the link we email you.'),
  P('refunds', 'es', 'Reembolsos', 'Puedes pedir un reembolso dentro de los 30 días posteriores a la entrega.'),
  P('shipping', 'es', 'Plazos de envío', 'Los pedidos se envían en 2 días. La entrega tarda de 3 a 5 días en Europa.'),
  P('refunds', 'de', 'Rückerstattung', 'Eine Rückerstattung können Sie innerhalb von 30 Tagen nach der Lieferung beantragen.'),
  P('tesla', 'en', 'Nikola Tesla', 'Tesla was born in Smiljan in 1856 and worked for Edison in New York.'),
];

async function retriever(): Promise<LexicalRetriever> {
  const r = new LexicalRetriever();
  await r.add(KB);
  return r;
}

describe('lexical ranking', () => {
  test('finds the right article in each language, with typos, restricted by locale', async () => {
    const r = await retriever();
    expect((await r.search('how do I get my mony back? refnud', { locale: 'en' }))[0]!.passage.id).toBe('refunds.en#0');
    expect((await r.search('¿cuánto tarda la entrega de mi pedido?', { locale: 'es' }))[0]!.passage.id).toBe('shipping.es#0');
    expect((await r.search('Ruckerstattung beantragen', { locale: 'de' }))[0]!.passage.id).toBe('refunds.de#0');
    expect((await r.search('forgot my password', { locale: 'en' })).every((h) => h.passage.locale === 'en')).toBe(true);
  });

  test('cross-lingual without a model: a Russian question finds the English page by name and number', async () => {
    const r = await retriever();
    const hits = await r.search('Где родился Никола Тесла в 1856 году?', { locale: 'en' });
    expect(hits[0]!.passage.articleId).toBe('tesla');
  });

  test('incremental add, replace and remove without rebuilding', async () => {
    const r = await retriever();
    expect(r.size).toBe(7);
    await r.add([P('gift', 'en', 'Gift cards', 'Gift cards never expire and can pay for any order.')]);
    expect(r.size).toBe(8);
    expect((await r.search('do gift cards expire', { locale: 'en' }))[0]!.passage.articleId).toBe('gift');
    // Replacing by id: the old text no longer matches.
    await r.add([P('gift', 'en', 'Vouchers', 'Vouchers are valid for one year.')]);
    expect(r.size).toBe(8);
    expect((await r.search('gift cards never expire', { locale: 'en' })).some((h) => h.passage.articleId === 'gift' && h.passage.title === 'Gift cards')).toBe(false);
    // Removing one locale keeps the others; removing the article removes all.
    await r.remove('refunds', 'es');
    expect(r.size).toBe(7);
    expect((await r.search('reembolso', { locale: 'es' })).map((h) => h.passage.articleId)).not.toContain('refunds');
    await r.remove('refunds');
    expect(r.size).toBe(5);
    expect((await r.search('refund money back')).map((h) => h.passage.articleId)).not.toContain('refunds');
  });

  test('many removals compact the postings and searches stay correct', async () => {
    const r = new LexicalRetriever();
    const many = Array.from({ length: 300 }, (_, i) => P(`a${i}`, 'en', `Topic ${i}`, `alpha bravo item${i} charlie`));
    r.addSync(many);
    for (let i = 0; i < 250; i++) await r.remove(`a${i}`);
    expect(r.size).toBe(50);
    const hits = await r.search('item260 alpha', { limit: 100 });
    expect(hits[0]!.passage.articleId).toBe('a260');
    expect(hits.every((h) => Number(h.passage.articleId.slice(1)) >= 250)).toBe(true);
  });

  test('confidence: high for a question the KB answers, below the threshold for one it does not', async () => {
    const r = await retriever();
    const good = r.searchDetailed('how long does delivery take in Europe', { locale: 'en' });
    const bad = r.searchDetailed('what is the capital of Mongolia', { locale: 'en' });
    expect(good.hits[0]!.passage.articleId).toBe('shipping');
    expect(good.confidence.value).toBeGreaterThanOrEqual(DEFAULT_ABSTAIN_THRESHOLD);
    expect(bad.confidence.value).toBeLessThan(DEFAULT_ABSTAIN_THRESHOLD);
    expect(r.searchDetailed('zzzz qqqq', { locale: 'en' }).confidence.value).toBe(0);
  });
});
