import { Bot } from '../../core/bot';
import { TestBot } from '../../core/testing/harness';
import { KnowledgeAnswerer } from '../../knowledge/answers';
import { trimPassage } from '../../knowledge/extract';
import type { Hit, Passage, Retriever } from '../../knowledge/types';

describe('trimming a passage for the channel', () => {
  const sentence = (i: number) => `Sentence number ${i} is filler text about nothing in particular.`;
  const long = [...Array.from({ length: 12 }, (_, i) => sentence(i)), 'Kayaks travel by pallet courier for £29.', ...Array.from({ length: 12 }, (_, i) => sentence(i + 12))].join(' ');

  test('short passages are kept whole', () => {
    expect(trimPassage('One. Two.', 'anything', 'en')).toBe('One. Two.');
  });

  test('long passages start at the sentence that matches the question and end at a sentence boundary', () => {
    const trimmed = trimPassage(long, 'How is a kayak delivered by courier?', 'en', 200);
    expect(trimmed.startsWith('Kayaks travel by pallet courier for £29.')).toBe(true);
    expect(trimmed.length).toBeLessThanOrEqual(200);
    expect(trimmed).toMatch(/\.$/);
  });

  test('sentences are matched in the passage’s language, without its question words', () => {
    // "posso" is how an Italian question is asked, not what it is about.
    const text = ['Posso aiutarti con molte cose nel negozio, dal lunedì al sabato.', ...Array.from({ length: 10 }, (_, i) => sentence(i)), 'Un divano torna con il nostro corriere.'].join(' ');
    expect(trimPassage(text, 'Come posso restituire un divano?', 'it', 120)).toBe('Un divano torna con il nostro corriere.');
  });

  test('list items keep their bullets and lines', () => {
    const text = `Intro line that is long enough to matter here.\n${Array.from({ length: 30 }, (_, i) => `- Item ${i}: something to say.`).join('\n')}`;
    const trimmed = trimPassage(text, 'intro', 'en', 120);
    expect(trimmed.split('\n')[0]).toBe('Intro line that is long enough to matter here.');
    expect(trimmed.split('\n')[1]).toBe('- Item 0: something to say.');
  });
});

/** A retriever that knows its own confidence, as the real ones in `retrieval/` do. */
class ConfidentRetriever implements Retriever {
  size = 1;
  constructor(private readonly sure: number) {}
  private readonly passage: Passage = { id: 'a.en#0', articleId: 'a', locale: 'en', title: 'Parking', text: 'Free parking behind every store.' };
  async add() {}
  async remove() {}
  async search(): Promise<Hit[]> {
    return [{ passage: this.passage, score: 3 }];
  }
  confidence(): number {
    return this.sure;
  }
}

describe('the answerer with a retriever that has its own confidence', () => {
  test.each([
    [0.9, 'answered'],
    [0.3, 'clarify'],
    [0.1, 'abstain'],
  ])('confidence %s → %s', async (sure, status) => {
    const answerer = new KnowledgeAnswerer({ retriever: new ConfidentRetriever(sure) });
    const bot = new Bot({ name: 'b' });
    let result: unknown;
    bot.use(async (ctx) => {
      result = await answerer.answer('parking', ctx);
    });
    const t = await TestBot.create(bot);
    await t.say('ann', 'parking');
    await t.close();
    expect(result).toMatchObject({ status, confidence: sure });
  });
});
