import type { WireMessage } from '../../core/message';
import type { App } from '../../server/app';
import { DEMO_BOT, FakeClock, shopApp } from '../journeys/support';

const KEY = 'catalog-demo-key';
const MINUTE = 60_000;

/** Northwind through its web chat API: the catalog's cards, a card's details, and orders in dialogs. */
describe('the demo shop’s catalog and orders, through HTTP', () => {
  let app: App;
  let clock: FakeClock;
  let fetch: (path: string, init?: RequestInit) => Promise<Response>;
  beforeAll(async () => {
    // The events API refuses times ahead of its clock: it runs on the real time here.
    ({ app, clock } = await shopApp({ botDir: DEMO_BOT, realChannels: true, clock: new FakeClock(Date.now()), env: { SWITCHBOARD_API_KEY: KEY } }));
    fetch = (path, init) => app.fetch(new Request(`http://127.0.0.1${path}`, init));
  }, 120_000);
  afterAll(async () => app?.close());

  async function say(userId: string, text: string, extra: Record<string, string> = {}): Promise<WireMessage[]> {
    const res = await fetch('/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, ...extra }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: WireMessage[] }).messages;
  }

  async function placeOrder(userId: string, orderId: string, minutesAgo: number): Promise<void> {
    // The reply counts minutes from the message's time, which the store takes from the real clock:
    // put the shop's clock on it now (set once in beforeAll, it fell a minute or more behind when a
    // loaded machine took that long to start the app, and "10 minutes ago" read "11").
    clock.t = Date.now();
    const order = {
      orderId,
      items: [{ id: 'nw-jacket-storm', name: 'Storm Shell Jacket', price: 89, quantity: 1 }],
      total: 93.95,
      shipping: 4.95,
      currency: 'GBP',
      shippingAddress: '12 Mill Lane, Leeds LS1 4AB',
    };
    const res = await fetch('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ events: [{ id: `evt-${orderId}`, userId, type: 'order_placed', properties: order, at: clock.now() - minutesAgo * MINUTE }] }),
    });
    expect(res.status).toBe(202);
  }

  test('"show me waterproof jackets under £100" shows the waterproof jackets up to £100 as cards', async () => {
    const [reply] = await say('shopper-1', 'show me waterproof jackets under £100');
    expect(reply.text).toBe('Here is what I found:');
    expect(reply.cards?.map((c) => [c.title, c.price])).toEqual([
      ['Storm Shell Jacket', { amount: 89, currency: 'GBP' }],
      ['Trail Lite Rain Jacket', { amount: 64.99, currency: 'GBP' }],
    ]);
    expect(reply.cards?.[0]).toMatchObject({ imageUrl: '/products/jacket.svg', url: 'https://northwind.example/p/nw-jacket-storm', buttons: [{ title: 'Details', payload: 'product:nw-jacket-storm' }] });
  });

  test('in Spanish, the Spanish rows of the catalog answer', async () => {
    const [reply] = await say('shopper-2', 'muéstrame chaquetas impermeables por menos de 100 libras', { locale: 'es' });
    expect(reply.text).toBe('Esto es lo que he encontrado:');
    expect(reply.cards?.map((c) => c.title)).toEqual(['Chaqueta Storm Shell', 'Chaqueta de lluvia Trail Lite']);
    expect(reply.cards?.[0].buttons?.[0].title).toBe('Detalles');
  });

  test('a card’s Details button answers with that product', async () => {
    await say('shopper-3', 'show me tents');
    const [reply] = await say('shopper-3', 'Details', { payload: 'product:nw-tent-2p' });
    expect(reply.text).toBe('**Ridgeline 2P Tent** — £229.00\n\nWaterproof two-person backpacking tent, 1.9 kg.');
    expect(reply.cards?.[0].buttons).toEqual([{ title: 'Ridgeline 2P Tent', url: 'https://northwind.example/p/nw-tent-2p' }]);
  });

  test('"Can I change my shipping address?" answers from the latest order: ten minutes old, yes', async () => {
    await say('buyer-1', 'hi');
    await placeOrder('buyer-1', 'NW-3001', 10);
    const replies = await say('buyer-1', 'Can I change my shipping address?');
    expect(replies.map((m) => m.text).join('\n')).toMatch(/^Yes: your order NW-3001 was placed 10 minutes ago.*\(now: 12 Mill Lane, Leeds LS1 4AB\)\.$/m);
  });

  test('two hours after ordering, it is too late', async () => {
    await say('buyer-2', 'hi');
    await placeOrder('buyer-2', 'NW-3002', 120);
    const replies = await say('buyer-2', 'Can I change my shipping address?');
    expect(replies.map((m) => m.text).join('\n')).toMatch(/Your order NW-3002 can no longer be changed/);
  });

  test('without an order, the help-centre article answers', async () => {
    const replies = await say('browser-1', 'Can I change my shipping address?');
    const text = replies.map((m) => m.text).join('\n');
    expect(text).toMatch(/choose \*\*Edit order\*\* to change the delivery address/);
    expect(text).toMatch(/Source: \[Changing or cancelling an order\]/);
  });
});
