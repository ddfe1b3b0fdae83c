import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { KnowledgeSearch } from '../../core/services';

/** The demo bot as it ships (default modules, its knowledge/ folder), over the web chat HTTP API. */
let app: App;
// The first demo bot of a process reads the installed dictionaries and trains the intents: seconds
// of CPU, stretched past Jest's 30 s default on a loaded machine. One app serves the whole file.
beforeAll(async () => {
  app = await createApp({ botDir: join(__dirname, '..', '..', 'bots', 'demo'), databaseUrl: ':memory:', env: {}, logger: silentLogger() });
}, 120_000);
afterAll(() => app?.close());

describe('demo bot knowledge base', () => {
  async function chat(text: string, locale: string, userId = `visitor-${locale}`) {
    const res = await app.fetch(
      new Request('http://local/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, locale }) }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Array<{ text?: string; buttons?: Array<{ title: string }> }> };
    return body.messages.filter((m) => m.text !== text);
  }

  test.each([
    ['en', 'How long does standard delivery take?', /3 to 5 working days/, /Source: \[Shipping times and costs\]\(https:\/\/northwind.example\/en\/help\/shipping-times\)/],
    ['es', '¿Cuánto tarda el reembolso en llegar a mi tarjeta?', /de 3 a 5 días laborables/, /Fuente: \[Reembolsos: ¿cuándo recibo mi dinero\?\]\(https:\/\/northwind.example\/es\/help\/refunds\)/],
    ['de', 'Wie lange ist eine Geschenkkarte gültig?', /2 Jahre/, /Quelle: \[Geschenkkarten\]\(https:\/\/northwind.example\/de\/help\/gift-cards\)/],
    ['fr', 'Quels moyens de paiement acceptez-vous ?', /PayPal/, /Source: \[Moyens de paiement\]\(https:\/\/northwind.example\/fr\/help\/payment-methods\)/],
  ])('answers in %s with a citation', async (locale, question, fact, citation) => {
    const [reply] = await chat(question, locale);
    expect(reply.text).toMatch(fact);
    expect(reply.text).toMatch(citation);
    expect(reply.buttons).toHaveLength(2);
  });

  test('a question without an article in the customer’s language is answered from English, saying so', async () => {
    const [reply] = await chat('¿Qué es el Trail Club?', 'es', 'visitor-club');
    expect(reply.text).toMatch(/^Solo tengo esto en inglés:\n\nTrail Club is our free membership programme/);
    expect(reply.text).toMatch(/Fuente: \[Trail Club membership and rewards\]/);
  });

  test.each([
    ['en', 'purple elephant quantum banana', /can't help with that yet/],
    ['es', '¿Quién ganó el mundial de fútbol de 1998?', /todavía no puedo ayudarte/],
    ['de', 'Wer hat das Fußballspiel gewonnen?', /kann ich noch nicht helfen/],
    ['fr', 'Quelle est la capitale de l’Australie ?', /ne peux pas encore vous aider/],
  ])('abstains on nonsense in %s: the fallback, no citation', async (locale, question, fallback) => {
    const replies = await chat(question, locale, `nonsense-${locale}`);
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(fallback)]);
  });

  test('a question between weather and delivery time is never answered: at most the closest articles are offered', async () => {
    // "tiempo" is both weather and (delivery) time, "mañana" both tomorrow and next-day delivery.
    const [reply] = await chat('¿Qué tiempo hará mañana en Madrid?', 'es', 'weather-es');
    expect(reply.text).not.toMatch(/Fuente:/);
    expect(reply.text).toMatch(/todavía no puedo ayudarte|¿Se trata de alguno de estos temas\?/);
  });

  test('the demo articles load: 30+ articles, 12+ in each of es, de, fr', async () => {
    const rows = await app.store.sql.all<{ locale: string; n: number }>('SELECT locale, COUNT(*) AS n FROM kb_articles WHERE published_version IS NOT NULL GROUP BY locale');
    const counts = Object.fromEntries(rows.map((r) => [r.locale, Number(r.n)]));
    expect(counts.en).toBeGreaterThanOrEqual(30);
    for (const locale of ['es', 'de', 'fr']) expect(counts[locale]).toBeGreaterThanOrEqual(12);
  });
});

describe('knowledge suggestions for agents', () => {
  test('the knowledge module offers the closest articles to a question, one per article', async () => {
    const search = app.bot.services.require(KnowledgeSearch);
    const found = await search('how long does standard shipping take?', 'en');
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((f) => f.articleId)).size).toBe(found.length);
    expect(found[0].title).toMatch(/ship|deliver/i);
  });
});
