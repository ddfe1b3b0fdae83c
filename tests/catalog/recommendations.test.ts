import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
