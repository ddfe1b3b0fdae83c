import { join } from 'node:path';
import { agreedAbroad, allAgree, countReading, holdsMoreThanNext, leadsOutOfCloseCall, type Agreement } from '../../knowledge/agreement';
import { readPassages } from '../../knowledge/articles/import';
import { CLOSE_CALL } from '../../knowledge/close-calls';
import { groupByArticle, type Candidate } from '../../knowledge/confidence';
import { TermTable } from '../../knowledge/crosslingual';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { answerable, CLEAR_LEAD_CONFIDENCE, QuestionSearch, wordsHeldFloor } from '../../knowledge/search';
import { shopPassage as passage } from './helpers';
import { catalogOf } from '../../knowledge/types';

const SHOP = [
  passage('cancel', 'Cancel an order', 'You can cancel an order within one hour of placing it, from your account.'),
  passage('returns', 'Returns', 'Return an order within 30 days for a refund.'),
];

/** The shop's candidates, best first, with the given scores. */
function candidates(...scored: Array<[string, number]>): Candidate[] {
  return groupByArticle(scored.map(([id, score]) => ({ passage: SHOP.find((p) => p.articleId === id)!, score })));
}

/** Two other languages searched, both putting the article first clearly, sure enough. */
const AGREED: Agreement = { languages: 2, first: 2, clearly: 2, confidence: CLEAR_LEAD_CONFIDENCE + 0.05 };

describe('other languages agreeing on the best article answer a result below the answer threshold', () => {
  const question = 'can I cancel my order placed an hour ago';
  const led = candidates(['cancel', 10], ['returns', 6]);

  test('every language that has the article puts it first clearly, not unsure, and it holds more words than the next: answered', () => {
    expect(agreedAbroad(question, led, AGREED, CLEAR_LEAD_CONFIDENCE)).toBe(true);
  });

  test('one language putting another article first, or only in a close call, leaves the question open', () => {
    expect(agreedAbroad(question, led, { ...AGREED, first: 1, clearly: 1 }, CLEAR_LEAD_CONFIDENCE)).toBe(false);
    expect(agreedAbroad(question, led, { ...AGREED, clearly: 1 }, CLEAR_LEAD_CONFIDENCE)).toBe(false);
    expect(allAgree({ languages: 0, first: 0, clearly: 0, confidence: 0 })).toBe(false);
  });

  test('an unsure reading abroad, or none at all, leaves the question open', () => {
    expect(agreedAbroad(question, led, { ...AGREED, confidence: CLEAR_LEAD_CONFIDENCE - 0.05 }, CLEAR_LEAD_CONFIDENCE)).toBe(false);
    expect(agreedAbroad(question, led, undefined, CLEAR_LEAD_CONFIDENCE)).toBe(false);
  });

  test('a best article that holds no more of the question\'s words than the next is not answered, whatever the other languages say', () => {
    // "order" is all either article holds of this question.
    const tied = candidates(['cancel', 10], ['returns', 6]);
    expect(holdsMoreThanNext('where is my order', tied)).toBe(false);
    expect(agreedAbroad('where is my order', tied, AGREED, CLEAR_LEAD_CONFIDENCE)).toBe(false);
  });

  test('a close call is a runner-up at or above CLOSE_CALL of the best score', () => {
    const [best, next] = candidates(['cancel', 10], ['returns', 10 * CLOSE_CALL]);
    expect(leadsOutOfCloseCall(best!, next)).toBe(false);
    expect(leadsOutOfCloseCall(best!, { ...next!, score: 10 * CLOSE_CALL - 0.1 })).toBe(true);
    expect(leadsOutOfCloseCall(best!, undefined)).toBe(true);
  });

  test('each language\'s reading counts: first, first clearly (no close call), and its confidence', () => {
    const agreement: Agreement = { languages: 0, first: 0, clearly: 0, confidence: 0 };
    countReading(agreement, 'cancel', candidates(['cancel', 10], ['returns', 5]), 0.5);
    countReading(agreement, 'cancel', candidates(['cancel', 10], ['returns', 9]), 0.4);
    countReading(agreement, 'cancel', candidates(['returns', 10], ['cancel', 9]), 0.2);
    expect(agreement).toEqual({ languages: 3, first: 2, clearly: 1, confidence: expect.closeTo(1.1, 5) });
  });

  describe('the answer layer\'s search on the help-centre articles, other languages translated with the articles\' own word pairs', () => {
    const ANSWER = 0.6;
    const started = (async () => {
      const passages = readPassages(join(__dirname, '..', 'fixtures', 'helpcentre', 'knowledge'));
      const retriever = new LexicalRetriever();
      await retriever.add(passages);
      const catalog = catalogOf(passages);
      const terms = TermTable.learn(passages);
      const translate = (q: string, from: string, to: string) => terms.translate(q, from, to);
      return {
        withOthers: new QuestionSearch({ retriever, answerThreshold: ANSWER, catalog: async () => catalog, translate }),
        alone: new QuestionSearch({ retriever, answerThreshold: ANSWER }),
      };
    })();

    test('a question every other language reads the same way is answered from its article ("puedo anular una compra")', async () => {
      const { withOthers, alone } = await started;
      const { found, foreign } = await withOthers.search('puedo anular una compra que hice hoy', 'es');
      expect({ foreign, best: found.candidates[0]?.articleId, reason: found.answerOutright, answered: answerable(found, ANSWER) }).toEqual({ foreign: false, best: 'cancel-order', reason: 'agreed-abroad', answered: true });
      expect(found.confidence).toBeGreaterThanOrEqual(wordsHeldFloor(ANSWER));
      expect(found.confidence).toBeLessThan(ANSWER);
      // Without the other languages' searches, the same result is only offered.
      const own = await alone.search('puedo anular una compra que hice hoy', 'es');
      expect(answerable(own.found, ANSWER)).toBe(false);
    });

    test('words two articles hold alike are no ground, however the other languages agree ("open a savings account")', async () => {
      const { found } = await (await started).withOthers.search('want to open a savings account', 'en');
      expect(found.agreement && allAgree(found.agreement)).toBe(true);
      expect(found.answerOutright).toBeUndefined();
    });

    test('a language where the article is only a close call is no agreement (bizum\'s own language, for paying with bizum)', async () => {
      const { found } = await (await started).withOthers.search('how does paying with bizum work at checkout, do i need my phone number', 'en');
      expect(found.agreement!.clearly).toBeLessThan(found.agreement!.languages);
      expect(found.answerOutright).toBeUndefined();
    });
  });
});
