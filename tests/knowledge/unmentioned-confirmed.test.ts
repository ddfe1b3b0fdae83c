import type { Candidate } from '../../knowledge/confidence';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { Hit, Passage } from '../../knowledge/types';
import { namesUnmentioned, namesUnmentionedAcross } from '../../knowledge/unmentioned';

const passage = (articleId: string, locale: string, title: string, text: string): Passage => ({ id: `${articleId}.${locale}#0`, articleId, locale, title, text });

const PASSAGES = [
  passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended.'),
  passage('shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days.'),
  passage('payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal.'),
];

/** The repair article as the best candidate, its hit confirmed by `confirmedBy` (or by no question when absent). */
const repairs = (confirmedBy?: string[]): Candidate => {
  const hit: Hit = { passage: PASSAGES[0]!, score: 1, confirmed: true, ...(confirmedBy ? { confirmedBy } : {}) };
  return { articleId: 'repairs', locale: 'en', title: 'Repair service', score: 1, best: PASSAGES[0]!, hits: [hit] };
};

/**
 * A confirmed question explains the words it holds, not the ones it lacks: an out-of-scope
 * look-alike of a confirmed question still names something the knowledge base never mentions.
 */
describe('unmentioned words with a confirmed question', () => {
  const retriever = new LexicalRetriever();
  const passagesOf = async (id: string, locale: string) => PASSAGES.filter((p) => p.articleId === id && p.locale === locale);
  beforeAll(() => retriever.add(PASSAGES));

  test('without a confirmed question, "repair my scooter" names something no article mentions', async () => {
    const plain: Candidate = { ...repairs(), hits: [{ passage: PASSAGES[0]!, score: 1 }] };
    expect(await namesUnmentioned('repair my scooter', plain, retriever, passagesOf)).toBe(true);
  });

  test('a word the confirmed question holds is explained by it ("scooter" confirmed for repairs)', async () => {
    expect(await namesUnmentioned('repair my scooter', repairs(['can you repair my scooter']), retriever, passagesOf)).toBe(false);
  });

  test('a word the confirmed question lacks still needs the article ("helmet" beside a confirmed "scooter")', async () => {
    expect(await namesUnmentioned('repair my scooter helmet', repairs(['can you repair my scooter']), retriever, passagesOf)).toBe(true);
  });

  test('a hit confirmed without its questions keeps every word explained', async () => {
    expect(await namesUnmentioned('repair my scooter helmet', repairs(), retriever, passagesOf)).toBe(false);
  });

  test('across languages, the confirmed question explains the customer\'s words it holds and no others', async () => {
    const translate = async (q: string) => (q.startsWith('repar') ? 'repair' : q);
    const confirmed = repairs(['reparáis patinetes']);
    expect(await namesUnmentionedAcross('reparar patinetes', 'es', confirmed, retriever, translate, passagesOf)).toBe(false);
    expect(await namesUnmentionedAcross('reparar cascos', 'es', confirmed, retriever, translate, passagesOf)).toBe(true);
  });
});
