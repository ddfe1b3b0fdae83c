import { EvidenceStore } from '../../knowledge/learning/evidence';
import { LearnedRetriever } from '../../knowledge/learning/retriever';
import { beatsRivals } from '../../knowledge/rivals';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { SqlDriver } from '../../core/storage/sql';

// The evidence store is not reached by `explains`; a driver that fails loudly proves it.
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not expected')) }) as unknown as SqlDriver;

describe('LearnedRetriever keeps what the wrapped retriever can do', () => {
  const lexical = new LexicalRetriever();
  lexical.addSync([
    { id: 'returns#0', articleId: 'returns-policy', locale: 'en', title: 'Returns policy', text: 'You have 60 days to send furniture back for a full refund.' },
  ]);
  const learned = new LearnedRetriever(lexical, new EvidenceStore(unused), async () => []);

  test('explains is passed on, so dialogs can still weigh an article against an intent', async () => {
    const texts = ['You have 60 days to send furniture back for a full refund.'];
    expect(learned.explains).toBeDefined();
    expect(learned.explains!('how many days to send furniture back', 'en', texts)).toBe(lexical.explains('how many days to send furniture back', 'en', texts));
    const hits = [{ passage: { id: 'returns#0', articleId: 'returns-policy', locale: 'en', title: 'Returns policy', text: texts[0]! }, score: 1 }];
    // Through the wrapper the contest is decided (true or false), never "cannot tell" (undefined).
    const verdict = await beatsRivals(learned, 'how many days to send furniture back', 'en', hits, [{ text: 'I want to return an item', locale: 'en' }]);
    expect(typeof verdict).toBe('boolean');
  });
});
