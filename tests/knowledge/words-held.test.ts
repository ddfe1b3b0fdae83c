import { groupByArticle, type Candidate } from '../../knowledge/confidence';
import { answerable, holdsMostWords, QuestionSearch, wordsHeldFloor } from '../../knowledge/search';
import { helpCentreSearch, shopPassage as passage } from './helpers';

const SHOP = [
  passage('large-items', 'Delivering large items', 'Two people carry sofas and wardrobes to the room you choose, up the stairs when there is no lift.'),
  passage('delivery-times', 'Delivery times', 'Most orders arrive in three to five working days; large items take longer.'),
  passage('stairs-and-lifts', 'Stairs and lifts', 'Tell us about stairs, lifts and narrow doors so that the team carries your sofa safely up to your room.'),
];

/** The shop's candidates, best first, with the scores a retriever would give. */
function candidates(...ids: string[]): Candidate[] {
  return groupByArticle(ids.map((id, i) => ({ passage: SHOP.find((p) => p.articleId === id)!, score: 10 - i })));
}

describe('an article that holds many of the question\'s words is answered at middling confidence', () => {
  const story = 'we live on the fourth floor with no lift, will the team carry our new sofa up the stairs to the living room';

  test('the best article holds WORDS_HELD of the question\'s words or more, and more than the next one', () => {
    expect(holdsMostWords(story, candidates('large-items', 'delivery-times'))).toBe(true);
    expect(holdsMostWords(story, candidates('large-items'))).toBe(true);
  });

  test('the next article holding as many of the words leaves the question open', () => {
    expect(holdsMostWords(story, candidates('large-items', 'stairs-and-lifts'))).toBe(false);
  });

  test('a few words held are no ground, however far the best leads ("when does my sofa arrive")', () => {
    expect(holdsMostWords('when does my sofa arrive', candidates('large-items', 'delivery-times'))).toBe(false);
  });

  test('three words held are not enough, even when they are most of a short question', () => {
    expect(holdsMostWords('who carries sofas without lifts', candidates('large-items', 'delivery-times'))).toBe(false);
  });

  describe('the answer layer\'s search on the help-centre articles', () => {
    const ANSWER = 0.6;
    let search: QuestionSearch;
    beforeAll(async () => {
      search = await helpCentreSearch(ANSWER);
    });

    test('a situation told at length, below the answer threshold, is answered from the article holding its words', async () => {
      const question = 'we bought a big corner sofa and we live on the fourth floor with no lift, will your delivery team carry it up the stairs to the living room';
      const { found } = await search.search(question, 'en');
      expect(found.candidates[0]!.articleId).toBe('large-item-delivery');
      expect(found.confidence).toBeGreaterThanOrEqual(wordsHeldFloor(ANSWER));
      expect(found.confidence).toBeLessThan(ANSWER);
      expect(found.answerOutright).toBe('words-held');
      expect(answerable(found, ANSWER)).toBe(true);
    });

    test('an out-of-scope question sharing a word with an article is still asked about ("do you sell fitted kitchens")', async () => {
      const { found } = await search.search('do you sell fitted kitchens', 'en');
      expect(found.confidence).toBeGreaterThanOrEqual(wordsHeldFloor(ANSWER));
      expect(found.answerOutright).toBeUndefined();
      expect(answerable(found, ANSWER)).toBe(false);
    });

    test('a sure answer needs no flag: the confidence answers by itself', async () => {
      const question = 'my new chair arrived with a broken leg and the box was crushed, can you send a replacement or a refund';
      const { found } = await search.search(question, 'en');
      expect(found.confidence).toBeGreaterThanOrEqual(ANSWER);
      expect(found.answerOutright).toBeUndefined();
    });

    test('a bot that answers more carefully answers on words held more carefully too: the floor follows its threshold', () => {
      expect(wordsHeldFloor(ANSWER)).toBeCloseTo(0.35);
      expect(wordsHeldFloor(0.8)).toBeGreaterThan(wordsHeldFloor(ANSWER));
    });
  });
});
