import { groupByArticle, type Candidate } from '../../knowledge/confidence';
import { holdsOwnWord, OWN_WORD_LEAD, ownWords } from '../../knowledge/own-word';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { answerable, wordsHeldFloor } from '../../knowledge/search';
import { questionStems } from '../../knowledge/analysis/analyzer';
import { helpCentreSearch, shopPassage as passage } from './helpers';

const SHOP = [
  passage('curtains', 'Returning curtains', 'Curtains made to measure can be returned within 14 days if the fabric is unused.'),
  passage('returns', 'Returns', 'You can return most items within 30 days; made to measure items are returned only when faulty.'),
  passage('delivery', 'Delivery', 'Orders arrive in three to five working days.'),
];

/** The shop's candidates, best first, with the given scores. */
function candidates(...scored: Array<[string, number]>): Candidate[] {
  return groupByArticle(scored.map(([id, score]) => ({ passage: SHOP.find((p) => p.articleId === id)!, score })));
}

describe('a word only the best article uses decides a result below the answer threshold', () => {
  const retriever = new LexicalRetriever();
  beforeAll(() => retriever.add(SHOP));
  const question = 'can I return made to measure curtains';

  test('the best article\'s own words: those no other article of its language uses', async () => {
    const [best] = candidates(['curtains', 10]);
    expect(await ownWords(questionStems(question, 'en'), best!, retriever)).toEqual(['curtain']);
  });

  test('three words held, one of them its own, with a clear lead: answered', async () => {
    expect(await holdsOwnWord(question, candidates(['curtains', 10], ['returns', 5]), retriever)).toBe(true);
  });

  test('a next article close behind leaves the question open, own word or not', async () => {
    expect(await holdsOwnWord(question, candidates(['curtains', 10], ['returns', 10 * OWN_WORD_LEAD + 1]), retriever)).toBe(false);
  });

  test('words every article shares are no own word ("return … made to measure" is in two articles)', async () => {
    expect(await holdsOwnWord('can I return made to measure things', candidates(['returns', 10], ['delivery', 2]), retriever)).toBe(false);
  });

  describe('the answer layer\'s search on the help-centre articles', () => {
    const ANSWER = 0.6;
    /** Searches the help centre as the answer layer does (started once, for every test here). */
    const helpCentre = helpCentreSearch(ANSWER);
    const search = async (question: string, locale: string) => (await helpCentre).search(question, locale);

    test('a long question the returns policy alone speaks of ("cortinas hechas a medida") is answered from it', async () => {
      const question = 'Hola, compramos unas cortinas hechas a medida para el dormitorio y al final el color no nos gusta, ¿se pueden devolver?';
      const { found } = await search(question, 'es');
      expect({ best: found.candidates[0]?.articleId, reason: found.answerOutright, answered: answerable(found, ANSWER) }).toEqual({ best: 'returns-policy', reason: 'own-word', answered: true });
      // Below the answer threshold, where the confidence alone would only offer it.
      expect(found.confidence).toBeGreaterThanOrEqual(wordsHeldFloor(ANSWER));
      expect(found.confidence).toBeLessThan(ANSWER);
    });

    test('words many articles share are no ground, however many the question holds ("my PayPal got hacked … money back")', async () => {
      const { found } = await search('My PayPal got hacked and someone bought stuff with it, how do I get my money back', 'en');
      expect(found.answerOutright).toBeUndefined();
    });
  });
});
