import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { shopPassage } from './helpers';

const SHOP: Array<[string, string, string, string]> = [
  ['shipping', 'en', 'Delivery times', 'Standard delivery takes 3 to 5 days; express arrives the next day.'],
  ['declined', 'en', 'Card payment declined', 'If your card is declined at checkout, check the card details and try again.'],
  ['takeback', 'en', 'Taking away your old appliance', 'When we deliver a new fridge or washing machine we take the old one away for free.'],
  ['repairs', 'en', 'Repair service', 'We repair fridges, sofas and chairs after the guarantee has ended, at a fixed price.'],
  ['stores', 'en', 'Our stores', 'Our stores in Berlin and Munich are open Monday to Saturday.'],
  ['privacy', 'en', 'Your personal data', 'You can see all the personal data we have stored about you under My Account > Privacy.'],
  ['faulty', 'en', 'Faulty items', 'If an item is faulty or breaks within two years, we replace it.'],
];

/** How much of a question an article of {@link SHOP} explains (the retriever's idf-weighted share of its words, synonyms included). */
function explainedBy(question: string, article: string): number {
  const retriever = new LexicalRetriever();
  retriever.addSync(SHOP.map(([id, , title, text]) => shopPassage(id, title, text)));
  const [, , title, text] = SHOP.find(([id]) => id === article)!;
  return retriever.explains(question, 'en', [title, text]);
}

/** A thesaurus phrase is read within one sentence. */
describe('phrases do not span sentences', () => {
  test('"… or not. Working …" is no "not working": the faulty-items article explains none of it', () => {
    expect(explainedBy('Is it open on Saturday or not. Working late today', 'faulty')).toBe(0);
  });

  test('within a sentence "not working" is what the faulty-items article explains', () => {
    expect(explainedBy('not working', 'faulty')).toBe(1);
  });
});
