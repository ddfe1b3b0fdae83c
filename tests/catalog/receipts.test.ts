import { nextId, startHarness, type ChannelHarness } from '../channels/conformance';
import { until } from '../channels/fake-provider';
import { smsFixture, smsSender } from '../channels/sms.fixture';

const KEY = 'receipts-key';

/**
 * Receipts end to end: the shop posts `order_placed` to `POST /api/events`, the receipt leaves by
 * SMS through the Twilio SDK to a fake Twilio, the order is kept; a STOP still holds.
 */
describe('order receipts over SMS, through HTTP', () => {
  let h: ChannelHarness;
  beforeAll(async () => {
    h = await startHarness(smsFixture, { SWITCHBOARD_API_KEY: KEY });
  });
  afterAll(async () => h?.close());

  const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
    orderId,
    items: [
      { id: 'jacket', name: 'Storm Shell Jacket', price: 89, quantity: 2 },
      { id: 'stove', name: 'Basecamp Stove', price: 59 },
    ],
    total: 241.95,
    shipping: 4.95,
    currency: 'gbp',
    shippingAddress: '12 Mill Lane, Leeds',
    ...extra,
  });
  const post = (events: unknown[]) =>
    h.deliver({ path: '/api/events', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ events }) });
  const count = async (table: string) => Number((await h.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  const textsTo = (from: string) => h.sends().filter((s) => s.to === from).map((s) => s.text ?? '');

  /** A customer who has texted the shop once (no consent to marketing given). */
  async function customer(): Promise<{ from: string; customerId: string }> {
    const from = smsSender();
    await h.deliver(smsFixture.inbound({ id: nextId('in'), from, text: 'hello' }, h.urls));
    await until(() => textsTo(from).length === 1 || undefined, 'the echo');
    const inbound = (await h.messages()).find((m) => m.address === from && m.direction === 'inbound');
    return { from, customerId: inbound!.customerId };
  }

  test('an order gets its receipt by SMS at once, as numbered lines with prices, without marketing consent', async () => {
    const { from, customerId } = await customer();
    const res = await post([{ id: 'ord-1-placed', customerId, type: 'order_placed', properties: order('NW-2001') }]);
    expect(res.status).toBe(202);
    const receipt = await until(() => textsTo(from)[1], 'the receipt');
    expect(receipt).toBe(
      [
        'Thank you for your order NW-2001! Here is your receipt:',
        'Total paid: £241.95 (including £4.95 shipping)',
        'Shipping to: 12 Mill Lane, Leeds',
        '',
        '1. Storm Shell Jacket — £178.00',
        '2 × £89.00',
        '',
        '2. Basecamp Stove — £59.00',
        '1 × £59.00',
      ].join('\n'),
    );
    const stored = await h.app.store.sql.get<Record<string, unknown>>(`SELECT * FROM catalog_orders WHERE id = 'NW-2001'`);
    expect(stored).toMatchObject({ customer_id: customerId, currency: 'GBP', total_amount: 241.95, receipt_status: 'sent', receipt_channel: 'sms' });

    // The shop retries (same event), and sends the order again under a new event id: one receipt.
    expect((await post([{ id: 'ord-1-placed', customerId, type: 'order_placed', properties: order('NW-2001') }])).status).toBe(202);
    expect((await post([{ id: 'ord-1-again', customerId, type: 'order_placed', properties: order('NW-2001') }])).status).toBe(202);
    await h.app.engine.outbox.idle();
    expect(textsTo(from)).toHaveLength(2);
  });

  test('a malformed order is refused with the field named, and nothing is stored', async () => {
    const { customerId } = await customer();
    const before = { events: await count('journey_events'), orders: await count('catalog_orders') };
    const res = await post([
      { customerId, type: 'page_view' },
      { customerId, type: 'order_placed', properties: order('NW-2002', { currency: 'pounds', items: [{ name: 'Tent', price: -5 }] }) },
    ]);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/events\.1\.properties\.items\.0\.price: .*>=0/);
    expect(error).toMatch(/events\.1\.properties\.currency: must be an ISO 4217 code like GBP/);
    expect({ events: await count('journey_events'), orders: await count('catalog_orders') }).toEqual(before);
  });

  test('an order_placed without an orderId stays a behaviour event: no order, no receipt', async () => {
    const { from, customerId } = await customer();
    expect((await post([{ customerId, type: 'order_placed', properties: { total: 20 } }])).status).toBe(202);
    await h.app.engine.outbox.idle();
    expect(textsTo(from)).toHaveLength(1);
    expect(await h.app.store.sql.get(`SELECT id FROM catalog_orders WHERE customer_id = ?`, [customerId])).toBeUndefined();
  });

  test('a number that sent STOP gets no receipt; the order is kept and says why', async () => {
    const { from, customerId } = await customer();
    await h.deliver(smsFixture.inbound({ id: nextId('in'), from, text: 'STOP' }, h.urls));
    await until(() => textsTo(from).length === 2 || undefined, 'the STOP confirmation');
    expect((await post([{ customerId, type: 'order_placed', properties: order('NW-2003') }])).status).toBe(202);
    await h.app.engine.outbox.idle();
    expect(textsTo(from)).toHaveLength(2);
    const stored = await h.app.store.sql.get<Record<string, unknown>>(`SELECT * FROM catalog_orders WHERE id = 'NW-2003'`);
    expect(stored).toMatchObject({ receipt_status: 'skipped', receipt_reason: `${from} opted out on sms` });
  });
});
