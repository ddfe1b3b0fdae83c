import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../scale/services';
import { FakeClock, HOUR, DAY, shopApp, T0 } from './support';

/** The same journeys on PostgreSQL: portable SQL, BIGINT times, and durable jobs across a restart. */
describe('journeys on PostgreSQL', () => {
  const schema = uniqueName('journeys');
  beforeAll(requireServices);
  afterAll(() => dropSchemas([schema]));

  test('events, standing and a proactive message that survives a restart', async () => {
    const databaseUrl = schemaUrl(schema);
    const clock = new FakeClock();
    const first = await shopApp({ databaseUrl, clock });
    const { message } = await first.app.engine.receive({ channel: 'sms', address: '+15550009999', text: 'hi', identities: [{ kind: 'phone', value: '+15550009999' }] });
    await first.app.engine.idle();
    const id = message.customerId;
    await first.app.store.updateProfile(id, { consent: { sms: true } });
    await first.journeys.track([
      { id: 'pg-1', customerId: id, type: 'order_placed', properties: { total: 700, items: ['a', 'b'] }, source: 'api', at: T0 - DAY },
      { customerId: id, type: 'cart_add', properties: { productId: 'c' }, source: 'api', at: T0 },
    ]);
    expect((await first.journeys.track([{ id: 'pg-1', customerId: id, type: 'order_placed', properties: {}, source: 'api', at: T0 - DAY }])).length).toBe(0);
    expect((await first.app.store.getCustomer(id))!.profile.attributes).toMatchObject({ stage: 'purchase', segment: 'high-value' });
    await first.app.close();

    const second = await shopApp({ databaseUrl, clock });
    try {
      clock.t = T0 + 2 * HOUR;
      expect((await second.journeys.proactive.tick(clock.t)).map((d) => d.decision)).toEqual(['sent']);
      await second.app.engine.idle();
      expect(second.sms.to('+15550009999').map((m) => m.text)).toEqual(['You left something in your cart. As one of our best customers, here is 10% off: VIP10.']);
      expect((await second.journeys.nightly(T0 + 200 * DAY)).deleted).toBe(2);
    } finally {
      await second.app.close();
    }
  });
});
