import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../server/app';
import { analyze } from '../../knowledge/analysis/analyzer';
import { ask, startApp } from './helpers';

/**
 * Italian and Dutch customers' own words, through the real answer path: a small it/nl shop
 * (tests/fixtures/thesaurus-it-nl) whose articles share no word with these questions — only the
 * shipped thesaurus (knowledge/analysis/thesaurus/it.txt, nl.txt) ties them together.
 */
const BOT = join(__dirname, '..', 'fixtures', 'thesaurus-it-nl');

const PARAPHRASES: Array<[string, string, string, string]> = [
  // [a customer's question, its locale, the article it is about, how that article's text begins]
  ['quando mi tornano i soldi indietro?', 'it', 'refunds', 'Il rimborso viene accreditato'],
  ['quando arriva il corriere?', 'it', 'delivery-times', 'La consegna standard'],
  // Not "wanneer krijg ik mijn geld terug?": its "terug" reaches "terugbetaling" through the character
  // n-grams, which (with everyday verbs no longer counted as unmentioned topics) answer it without a thesaurus.
  ['wanneer krijg ik de restitutie?', 'nl', 'refunds', 'De terugbetaling staat'],
  ['kunnen jullie mijn boekenkast in elkaar zetten?', 'nl', 'assembly', 'Wij bieden montage'],
];

/** The article the bot answered a new customer from (undefined when it clarified or fell back), and its reply. */
async function answered(app: App, text: string, locale: string, address: string) {
  const [reply] = await ask(app, text, { locale, address });
  const kb = reply!.metadata?.kb as { status?: string; citations?: Array<{ articleId: string }> } | undefined;
  return { article: kb?.status === 'answered' ? kb.citations?.[0]?.articleId : undefined, text: reply!.text ?? '' };
}

describe('Italian and Dutch paraphrases find their article through the thesaurus', () => {
  test.each(PARAPHRASES)('the question shares no word with any article of its language: %s', (text, locale) => {
    const dir = join(BOT, 'knowledge');
    const stems = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith(`.${locale}.md`))
        .flatMap((f) => analyze(readFileSync(join(dir, f), 'utf8'), locale).word),
    );
    expect(analyze(text, locale).word.filter((s) => stems.has(s))).toEqual([]);
  });

  describe('with the shipped thesaurus', () => {
    let app: App;
    beforeAll(async () => ({ app } = await startApp(BOT)), 60_000);
    afterAll(() => app?.close());

    test.each(PARAPHRASES)('%s (%s) is answered from %s', async (text, locale, article, opening) => {
      const reply = await answered(app, text, locale, `with-${text}`);
      expect({ article: reply.article, text: reply.text }).toEqual({ article, text: expect.stringMatching(new RegExp(`^${opening}`)) });
    });
  });

  describe('control: the same bot without any thesaurus', () => {
    let app: App;
    beforeAll(async () => {
      // The thesaurus module emptied, everything else real: what the bot does with the words alone.
      let start!: typeof startApp;
      jest.isolateModules(() => {
        jest.doMock('../../knowledge/analysis/thesaurus', () => ({
          ...jest.requireActual<object>('../../knowledge/analysis/thesaurus'),
          synonymStems: () => [],
          stemsHeldBySynonyms: () => new Set<string>(),
          conceptTranslations: () => [],
          matchedPhrases: () => [],
        }));
        ({ startApp: start } = jest.requireActual<typeof import('./helpers')>('./helpers'));
      });
      ({ app } = await start(BOT));
    }, 60_000);
    afterAll(() => app?.close());

    test.each(PARAPHRASES)('%s (%s) is not answered from %s', async (text, locale, article) => {
      expect((await answered(app, text, locale, `without-${text}`)).article).not.toBe(article);
    });
  });
});
