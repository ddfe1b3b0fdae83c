import { FakeClock, shopApp } from '../journeys/support';

type Shop = Awaited<ReturnType<typeof shopApp>>;
const KEY = 'receipt-channel-key';

/** Which channel a receipt takes: the preferred one where the customer has an address, else the last used. */
describe('the receipt’s channel', () => {
  let shop: Shop;
  beforeEach(async () => (shop = await shopApp({ clock: new FakeClock(Date.now()), env: { SWITCHBOARD_API_KEY: KEY } })));
  afterEach(async () => shop.app.close());

  const placed = (customerId: string, orderId: string) =>
    shop.app.fetch(
      new Request('http://127.0.0.1/api/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ events: [{ customerId, type: 'order_placed', properties: { orderId, items: [{ name: 'Tent', price: 229 }], total: 229, currency: 'EUR' } }] }),
      }),
    );

  test('preferred channel first; without one, where the customer last wrote', async () => {
    const phone = '+34600000001';
    const write = async (channel: string, address: string) => {
      const { message } = await shop.app.engine.receive({ channel, address, text: 'hola', identities: [{ kind: 'phone', value: phone }] });
      await shop.app.engine.idle();
      return message.customerId;
    };
    const id = await write('sms', phone);
    expect(await write('whatsapp', phone.slice(1))).toBe(id);
    await shop.app.store.updateProfile(id, { locale: 'es', preferredChannel: 'sms' });
    for (const c of [shop.sms, shop.whatsapp]) c.sent.length = 0;

    expect((await placed(id, 'A-1')).status).toBe(202);
    await shop.app.engine.outbox.idle();
    expect(shop.sms.sent.map((m) => m.text?.split('\n')[0])).toEqual(['¡Gracias por tu pedido A-1! Este es tu recibo:']);
    expect(shop.whatsapp.sent).toEqual([]);

    await shop.app.store.updateProfile(id, { preferredChannel: undefined });
    expect((await placed(id, 'A-2')).status).toBe(202);
    await shop.app.engine.outbox.idle();
    // WhatsApp was the last channel they wrote on; the receipt's card shows there natively.
    expect(shop.whatsapp.sent.map((m) => [m.text?.split('\n')[0], m.cards?.map((c) => c.title)])).toEqual([['¡Gracias por tu pedido A-2! Este es tu recibo:', ['Tent']]]);
  });
});
