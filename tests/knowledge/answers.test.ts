import type { App } from '../../server/app';
import type { EscalationRequest } from '../../core/services';
import { api, ask, botDir, startApp } from './helpers';
import { Escalator } from '../../core/services';

const YAML = `name: Shop
defaultLocale: en
locales: [en, es, de, fr]
knowledge:
  answerThreshold: 0.85
  clarifyThreshold: 0.3
`;

const ARTICLES: Array<[string, string, string, string]> = [
  ['gift-cards', 'en', 'Gift cards', 'Gift cards are valid for two years and cannot be exchanged for cash.\n\n## Balance\nCheck your gift card balance online with the card number and PIN.'],
  ['gift-wrapping', 'en', 'Gift wrapping', 'Gift wrapping costs £3.50 per order: recycled paper and a handwritten card.'],
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
  ['shipping', 'es', 'Plazos de envío', 'El envío estándar tarda de 3 a 5 días laborables y cuesta 4,95 £, gratis a partir de 50 £.'],
  ['trail-club', 'en', 'Trail Club membership', 'Trail Club is our free membership programme: one point per pound spent and free standard delivery.'],
];

describe('answers', () => {
  let app: App;
  const escalations: EscalationRequest[] = [];
  beforeEach(async () => {
    escalations.length = 0;
    ({ app } = await startApp(botDir(ARTICLES, YAML)));
  });
  afterEach(() => app.close());

  test('a confident answer quotes the passage, cites the article and asks "Did this help?"', async () => {
    const [reply] = await ask(app, 'How much does gift wrapping cost?');
    expect(reply.text).toBe(
      'Gift wrapping costs £3.50 per order: recycled paper and a handwritten card.\n\nSource: [Gift wrapping](https://shop.example/en/gift-wrapping)\n\nDid this help?',
    );
    expect(reply.buttons?.map((b) => b.title)).toEqual(['Yes', 'No']);
    expect(reply.metadata?.kb).toMatchObject({ status: 'answered', citations: [{ articleId: 'gift-wrapping', title: 'Gift wrapping' }] });
  });

  test('the customer’s language first: a Spanish question gets the Spanish article', async () => {
    const [reply] = await ask(app, '¿Cuánto tarda el envío estándar?', { locale: 'es' });
    expect(reply.text).toMatch(/^El envío estándar tarda de 3 a 5 días/);
    expect(reply.text).toMatch(/Fuente: \[Plazos de envío\]\(https:\/\/shop.example\/es\/shipping\)/);
    expect(reply.text).toMatch(/¿Te ha sido útil\?$/);
    expect(reply.buttons?.map((b) => b.title)).toEqual(['Sí', 'No']);
  });

  test('no article in the customer’s language: the default locale’s, saying so', async () => {
    const [reply] = await ask(app, '¿Qué es el Trail Club?', { locale: 'es' });
    expect(reply.text).toMatch(/^Solo tengo esto en inglés:\n\nTrail Club is our free membership programme/);
    expect(reply.text).toMatch(/Fuente: \[Trail Club membership\]/);
  });

  test('unsure: a clarifying question lists the closest articles; choosing one answers from it', async () => {
    const [question] = await ask(app, 'gift');
    expect(question.text).toBe("I'm not sure I understood. Is it about one of these?");
    expect(question.buttons?.map((b) => b.title).sort()).toEqual(['Gift cards', 'Gift wrapping', 'None of these']);
    const wrapping = question.buttons!.find((b) => b.title === 'Gift wrapping')!;
    const [answer] = await ask(app, wrapping.title, { payload: wrapping.payload });
    expect(answer.text).toMatch(/^Gift wrapping costs £3.50/);
    expect(answer.text).toMatch(/Source: \[Gift wrapping\]/);
  });

  test('a typed number picks the clarifying option, as on SMS', async () => {
    const [question] = await ask(app, 'gift');
    const index = question.buttons!.findIndex((b) => b.title === 'Gift cards');
    const [answer] = await ask(app, String(index + 1));
    expect(answer.text).toMatch(/^Gift cards are valid for two years/);
  });

  test('"None of these" falls back; nonsense abstains straight into the fallback', async () => {
    const [question] = await ask(app, 'gift');
    const none = question.buttons!.find((b) => b.title === 'None of these')!;
    expect((await ask(app, none.title, { payload: none.payload }))[0].text).toBe("Sorry, I can't help with that yet.");
    const replies = await ask(app, 'purple elephant quantum banana');
    expect(replies.map((r) => r.text)).toEqual(["Sorry, I can't help with that yet."]);
  });

  test('"None of these" hands over to a person when handoff is installed', async () => {
    await app.close();
    ({ app } = await startApp(botDir(ARTICLES, YAML), {
      modules: [
        {
          name: 'fake-handoff',
          setup: ({ bot }) => {
            bot.services.provide(Escalator, {
              escalate: async (ctx, request) => {
                escalations.push(request);
                await ctx.reply('Connecting you to a person.');
              },
            });
          },
        },
      ],
    }));
    const [question] = await ask(app, 'gift');
    const none = question.buttons!.find((b) => b.title === 'None of these')!;
    expect((await ask(app, none.title, { payload: none.payload }))[0].text).toBe('Connecting you to a person.');
    expect(escalations).toEqual([{ reason: 'low-confidence', note: 'gift' }]);
  });

  test('"Did this help?" is stored per answer and summed per article', async () => {
    const [first] = await ask(app, 'How much does gift wrapping cost?', { address: 'ann' });
    const [second] = await ask(app, 'How much does gift wrapping cost?', { address: 'bob' });
    const yes = first.buttons!.find((b) => b.title === 'Yes')!;
    const no = second.buttons!.find((b) => b.title === 'No')!;
    expect((await ask(app, 'Yes', { address: 'ann', payload: yes.payload }))[0].text).toBe('Thanks for letting us know!');
    expect((await ask(app, 'No', { address: 'bob', payload: no.payload }))[0].text).toMatch(/^Sorry that didn't help/);
    // Someone replaying another customer's button is thanked but not counted.
    await ask(app, 'Yes', { address: 'mallory', payload: no.payload!.replace(/:no$/, ':yes') });
    const stats = await (await api(app, 'GET', '/api/kb/feedback')).json();
    expect(stats).toMatchObject({ total: 2, helpful: 1, notHelpful: 1, articles: [{ articleId: 'gift-wrapping', locale: 'en', helpful: 1, notHelpful: 1, helpfulRate: 0.5 }] });
    expect((await app.store.sql.all('SELECT payload FROM kb_feedback ORDER BY payload')).map((r) => r.payload)).toEqual([no.payload, yes.payload].sort());
  });

  test('coverage: missing translations, most asked first', async () => {
    for (const address of ['a', 'b']) await ask(app, '¿Qué es el Trail Club?', { locale: 'es', address });
    await ask(app, 'Was ist der Trail Club?', { locale: 'de', address: 'c' });
    const report = await (await api(app, 'GET', '/api/kb/coverage')).json();
    expect(report).toMatchObject({ locales: ['en', 'es', 'de', 'fr'], articles: 4, complete: 0 });
    expect(report.missing.slice(0, 2)).toEqual([
      { articleId: 'trail-club', title: 'Trail Club membership', locale: 'es', questions: 2, hasDraft: false },
      { articleId: 'trail-club', title: 'Trail Club membership', locale: 'de', questions: 1, hasDraft: false },
    ]);
    expect(report.byArticle.find((a: { articleId: string }) => a.articleId === 'shipping')).toEqual({
      articleId: 'shipping', title: 'Shipping times', locales: ['en', 'es'], missing: ['de', 'fr'],
    });
  });

  test('gaps: unanswered questions grouped by shared words, largest group first', async () => {
    for (const q of ['Do you sell bicycles?', 'bicycles for kids', 'is there a bicycle repair service', 'weather tomorrow in Leeds']) await ask(app, q);
    await ask(app, 'How much does gift wrapping cost?');
    const { gaps } = await (await api(app, 'GET', '/api/kb/gaps')).json();
    expect(gaps.map((g: { count: number }) => g.count)).toEqual([3, 1]);
    expect(gaps[0].terms[0]).toMatch(/^bicycle/);
    expect(gaps[0].examples).toEqual(expect.arrayContaining(['Do you sell bicycles?', 'bicycles for kids']));
    expect(gaps[1]).toMatchObject({ locales: { en: 1 }, examples: ['weather tomorrow in Leeds'] });
  });
});
