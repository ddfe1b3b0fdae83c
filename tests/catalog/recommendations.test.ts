import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Card, WireMessage } from '../../core/message';
import { DAY, SHOP_BOT, shopApp, T0 } from '../journeys/support';

type Shop = Awaited<ReturnType<typeof shopApp>>;

const CATALOG = [
  { id: 'tent', title: 'Ridgeline Tent', price: 229, currency: 'EUR', image: 'https://shop.example/tent.jpg', url: 'https://shop.example/tent', locale: 'es' },
  { id: 'mat', title: 'Esterilla Cloud', description: 'Esterilla hinchable', price: 49.5, currency: 'EUR', image: 'https://shop.example/mat.jpg', locale: 'es' },
  { id: 'stove', title: 'Hornillo Basecamp', price: 59, currency: 'EUR', locale: 'es' },
];

/** Journeys' "bought together" recommendations, with a catalog: cards beside the names. */
describe('recommendations as cards', () => {
  let dir: string;
  let shop: Shop;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-reco-'));
    cpSync(SHOP_BOT, dir, { recursive: true });
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(CATALOG));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => (shop = await shopApp({ botDir: dir })));
  afterEach(async () => shop.app.close());

  test('care tips after a delivery carry what others bought with it as cards, in the customer’s locale', async () => {
    const { message } = await shop.app.engine.receive({ channel: 'web', address: 'visitor-77', text: 'hola' });
    await shop.app.engine.idle();
    const id = message.customerId;
    await shop.app.store.updateProfile(id, { consent: { web: true }, locale: 'es' });
    shop.web.sent.length = 0;
    const track = (customerId: string, type: string, at: number, properties: Record<string, unknown>) => shop.journeys.track([{ customerId, type, properties, source: 'api', at }]);
    await track('someone-1', 'order_placed', T0 - DAY, { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }, { id: 'stove', name: 'hornillo' }] });
    await track('someone-2', 'order_placed', T0 - DAY, { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }] });
    await track(id, 'order_placed', T0 - DAY, { items: [{ id: 'tent', name: 'tienda' }] });
    await track(id, 'order_delivered', T0, {});

    shop.clock.t = T0 + 3 * DAY;
    const decisions = await shop.journeys.proactive.tick(shop.clock.t);
    expect(decisions.map((d) => [d.rule, d.decision, d.channel])).toEqual([['care-tips', 'sent', 'web']]);
    await shop.app.engine.idle();
    await shop.app.engine.outbox.idle();

    const [sent] = shop.web.sent;
    expect(sent.text).toMatch(/Otros también compraron: esterilla, hornillo\./);
    expect(sent.cards?.map((c) => [c.title, c.price, c.imageUrl, c.buttons?.[0]])).toEqual([
      ['Esterilla Cloud', { amount: 49.5, currency: 'EUR' }, 'https://shop.example/mat.jpg', { title: 'Detalles', payload: 'product:mat' }],
      ['Hornillo Basecamp', { amount: 59, currency: 'EUR' }, undefined, { title: 'Detalles', payload: 'product:stove' }],
    ]);
  });
});

/**
 * The same end to end over HTTP with the real web channel: the visitor writes in web chat, the
 * shop sets consent and posts its events with its API key, the rule comes due, and the visitor's
 * transcript holds the proactive message with the cards; the shop reads the same cards on
 * `GET /api/journeys/:id`, and a card's "Detalles" answers with the product.
 */
describe('recommendations as cards, through HTTP', () => {
  const KEY = 'reco-http-key';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-reco-http-'));
    cpSync(SHOP_BOT, dir, { recursive: true });
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(CATALOG));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function started(botDir: string) {
    const shop = await shopApp({ botDir, realChannels: true, env: { SWITCHBOARD_API_KEY: KEY } });
    const call = async (method: string, path: string, body?: unknown, key?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
      return shop.app.fetch(new Request(`http://127.0.0.1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
    };
    /** A visitor who wrote once in web chat, with web consent and Spanish set by the shop; their customer id. */
    const visitor = async (userId: string): Promise<string> => {
      expect((await call('POST', '/api/web/messages', { userId, text: 'hola', locale: 'es' })).status).toBe(200);
      const id = (await shop.app.store.findCustomerByAddress('web', userId))!.id;
      expect((await call('PUT', `/api/customers/${id}`, { consent: { web: true }, locale: 'es' }, KEY)).status).toBe(200);
      return id;
    };
    /** What others bought together, their order and its delivery, posted by the shop (no orderId: behaviour events, no receipts). */
    const history = async (customerId: string) => {
      const events = [
        { userId: 'shopper-1', type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }, { id: 'stove', name: 'hornillo' }] } },
        { userId: 'shopper-2', type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }] } },
        { customerId, type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }] } },
        { customerId, type: 'order_delivered', at: T0 },
      ];
      expect((await call('POST', '/api/events', { events }, KEY)).status).toBe(202);
    };
    const journey = async (customerId: string) => {
      const res = await call('GET', `/api/journeys/${customerId}`, undefined, KEY);
      expect(res.status).toBe(200);
      return ((await res.json()) as { recommendations: { viewed: unknown[]; recommended: Array<{ id: string; name: string }>; cards?: Card[] } }).recommendations;
    };
    const transcript = async (userId: string) => ((await (await call('GET', `/api/web/messages?userId=${userId}`)).json()) as { messages: WireMessage[] }).messages;
    return { ...shop, call, visitor, history, journey, transcript };
  }

  test('with a catalog: the journey API and the proactive message in web chat carry the products as cards', async () => {
    const shop = await started(dir);
    try {
      const id = await shop.visitor('visitor-88');
      await shop.history(id);
      const cardsShown = (cards?: Card[]) => cards?.map((c) => [c.title, c.price, c.imageUrl, c.buttons?.[0]]);
      const expected = [
        ['Esterilla Cloud', { amount: 49.5, currency: 'EUR' }, 'https://shop.example/mat.jpg', { title: 'Detalles', payload: 'product:mat' }],
        ['Hornillo Basecamp', { amount: 59, currency: 'EUR' }, undefined, { title: 'Detalles', payload: 'product:stove' }],
      ];
      const before = await shop.journey(id);
      expect(before.recommended.map((p) => p.id)).toEqual(['mat', 'stove']);
      expect(cardsShown(before.cards)).toEqual(expected);

      shop.clock.t = T0 + 3 * DAY;
      expect((await shop.journeys.proactive.tick(shop.clock.t)).map((d) => [d.rule, d.decision, d.channel])).toEqual([['care-tips', 'sent', 'web']]);
      await shop.app.engine.idle();
      await shop.app.engine.outbox.idle();
      const proactive = (await shop.transcript('visitor-88')).filter((m) => m.direction === 'outbound').pop()!;
      expect(proactive.text).toMatch(/Otros también compraron: esterilla, hornillo\./);
      expect(cardsShown(proactive.cards)).toEqual(expected);

      // The visitor presses the first card's "Detalles": the product, in their language.
      const res = await shop.call('POST', '/api/web/messages', { userId: 'visitor-88', text: 'Detalles', payload: 'product:mat', locale: 'es' });
      const [details] = ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
      expect(details.text).toMatch(/^\*\*Esterilla Cloud\*\* — 49,50\s€\n\nEsterilla hinchable$/);
    } finally {
      await shop.app.close();
    }
  });

  test('a bot without a catalog file: names only, on the API and in the message', async () => {
    const shop = await started(SHOP_BOT);
    try {
      const id = await shop.visitor('visitor-89');
      await shop.history(id);
      const reco = await shop.journey(id);
      expect([reco.recommended.map((p) => p.name), reco.cards]).toEqual([['esterilla', 'hornillo'], []]);
      shop.clock.t = T0 + 3 * DAY;
      await shop.journeys.proactive.tick(shop.clock.t);
      await shop.app.engine.idle();
      await shop.app.engine.outbox.idle();
      const proactive = (await shop.transcript('visitor-89')).filter((m) => m.direction === 'outbound').pop()!;
      expect([proactive.text, proactive.cards]).toEqual([expect.stringMatching(/Otros también compraron: esterilla, hornillo\./), undefined]);
    } finally {
      await shop.app.close();
    }
  });
});
