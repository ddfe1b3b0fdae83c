import type { App } from '../../server/app';
import { DAY, shopAppEach, T0, type FakeClock } from './support';
import type { Journeys } from '../../journeys/service';
import { WEB_RATE } from '../../journeys/api';
import { mergeCustomers } from '../../identity/merge';
import { journeysCustomerData } from '../../journeys/customer-data';

const KEY = 'events-key-for-tests';

describe('events API', () => {
  let app: App;
  let journeys: Journeys;
  let clock: FakeClock;
  let fetch: (path: string, init?: RequestInit) => Promise<Response>;
  shopAppEach(
    () => ({ env: { SWITCHBOARD_API_KEY: KEY } }),
    (shop) => {
      ({ app, journeys, clock } = shop);
      fetch = (path, init) => app.fetch(new Request(`http://127.0.0.1${path}`, init));
    },
  );

  const api = (body: unknown, key = KEY) =>
    fetch('/api/events', { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
  const web = (body: unknown) => fetch('/api/web/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const count = async (table: string) => Number((await app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);

  test('needs the API key', async () => {
    const body = { events: [{ userId: 'v1', type: 'page_view' }] };
    expect((await api(body, '')).status).toBe(401);
    const wrong = await api(body, 'nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/Missing or wrong API key/);
    expect(await count('journey_events')).toBe(0);
  });

  test.each([
    ['an unknown field', { events: [{ userId: 'v1', type: 'page_view', extra: 1 }] }, /extra|Unrecognized/i],
    ['both userId and customerId', { events: [{ userId: 'v1', customerId: 'c', type: 'page_view' }] }, /exactly one of .+userId.+ or .+customerId/],
    ['a bad type name', { events: [{ userId: 'v1', type: 'Page View' }] }, /events\.1\.type/],
    ['an empty batch', { events: [] }, /events/],
    ['oversized properties', { events: [{ userId: 'v1', type: 'page_view', properties: { blob: 'x'.repeat(5000) } }] }, /properties over 4096 bytes/],
    ['a bad date', { events: [{ userId: 'v1', type: 'page_view', at: 'yesterday' }] }, /events\.1\.at/],
  ])('refuses %s, storing nothing of the batch', async (_what, body, reason) => {
    const given = (body as { events: unknown[] }).events;
    // A good event first: the bad one must sink the whole batch.
    const batch = { events: given.length ? [{ userId: 'good-visitor', type: 'page_view' }, ...given] : given };
    const res = await api(batch);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(reason);
    expect(await count('journey_events')).toBe(0);
    expect(await count('customers')).toBe(0);
  });

  test('refuses unknown customers and future times before storing anything', async () => {
    const res = await api({
      events: [
        { userId: 'v1', type: 'page_view' },
        { customerId: 'cus_missing', type: 'cart_add' },
        { userId: 'v1', type: 'page_view', at: T0 + DAY },
      ],
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/events\.1\.customerId: no customer cus_missing/);
    expect(text).toMatch(/events\.2\.at: in the future/);
    expect(await count('journey_events')).toBe(0);
    expect(await count('customers')).toBe(0);
  });

  test('a visitor’s events attach to the customer behind their web address, and stage and segments land in the profile', async () => {
    const res = await api({
      events: [
        { id: 'shop-1', userId: 'visitor-7', type: 'product_view', properties: { productId: 'shirt', name: 'Linen shirt' }, at: new Date(T0 - DAY).toISOString() },
        { id: 'shop-2', userId: 'visitor-7', type: 'order_placed', properties: { total: 420, items: [{ id: 'shirt', price: 420 }] }, at: T0 - 1000 },
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const customer = (await app.store.findCustomerByAddress('web', 'visitor-7'))!;
    expect(customer.profile.attributes).toMatchObject({ stage: 'purchase', segment: 'high-value', segments: ['high-value'], rfm: { orders: 1, spend: 420 } });
    expect((await app.store.addresses(customer.id))[0]).toMatchObject({ channel: 'web', verified: false });

    // Retrying the same batch stores nothing twice.
    expect(await (await api({ events: [{ id: 'shop-2', userId: 'visitor-7', type: 'order_placed', properties: { total: 420 }, at: T0 - 1000 }] })).json()).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    // Events by customer id, and the visitor's first chat message is the same customer.
    expect((await api({ events: [{ customerId: customer.id, type: 'newsletter_signup' }] })).status).toBe(202);
    const { message } = await app.engine.receive({ channel: 'web', address: 'visitor-7', text: 'hello' });
    expect(message.customerId).toBe(customer.id);
    expect(await count('journey_events')).toBe(3);

    // The journey as integrators and agents read it.
    const read = (id: string, key = KEY) => fetch(`/api/journeys/${id}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    expect((await read(customer.id, '')).status).toBe(401);
    expect((await read('cus_nobody')).status).toBe(404);
    const journey = await (await read(customer.id)).json();
    expect(journey.standing).toMatchObject({ stage: 'purchase', segment: 'high-value' });
    expect(journey.events.map((e: { type: string }) => e.type)).toEqual(['product_view', 'order_placed', 'newsletter_signup']);
    expect(journey.recommendations.viewed).toEqual([{ id: 'shirt', name: 'Linen shirt' }]);
    expect(journey.decisions).toEqual([]);
  });

  test('the browser endpoint: no key, visitor-scoped, server-timed, no commerce facts, rate-limited', async () => {
    const ok = await web({ userId: 'visitor-9', events: [{ type: 'page_view', properties: { path: '/' } }, { type: 'cart_add', properties: { productId: 'hat' } }] });
    expect(ok.status).toBe(202);
    const customer = (await app.store.findCustomerByAddress('web', 'visitor-9'))!;
    const events = await journeys.events.forCustomer(customer.id);
    expect(events.map((e) => [e.type, e.source, e.at])).toEqual([
      ['page_view', 'web', T0],
      ['cart_add', 'web', T0],
    ]);
    expect(customer.profile.attributes?.stage).toBe('consideration');

    const forged = await web({ userId: 'visitor-9', events: [{ type: 'order_placed', properties: { total: 99999 } }] });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/cannot be sent from a browser/);
    expect((await web({ userId: 'visitor-9', events: [{ type: 'page_view', at: 1 }] })).status).toBe(400);

    let status = 0;
    for (let sent = 2; status !== 429 && sent <= WEB_RATE.perVisitorPerMinute + 20; sent += 20) {
      status = (await web({ userId: 'visitor-9', events: Array.from({ length: 20 }, () => ({ type: 'page_view' })) })).status;
    }
    expect(status).toBe(429);
    expect(await journeys.events.forCustomer(customer.id)).toHaveLength(2 + 100); // the batches before the limit
    // Another visitor is not limited by this one; the next minute the first may send again.
    expect((await web({ userId: 'visitor-10', events: [{ type: 'page_view' }] })).status).toBe(202);
    clock.advance(60_000);
    expect((await web({ userId: 'visitor-9', events: [{ type: 'page_view' }] })).status).toBe(202);
  });

  test('serves the browser snippet', async () => {
    const res = await fetch('/events.js');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toMatch(/api\/web\/events/);
    expect(js).toMatch(/api\.track = track/);
    expect(js).not.toMatch(/Bearer/);
  });

  test('the nightly pass deletes events past retention and recomputes segments', async () => {
    await api({ events: [{ userId: 'v-old', type: 'order_placed', properties: { total: 10 }, at: T0 - 100 * DAY }, { userId: 'v-old', type: 'page_view', at: T0 - 50 * DAY }] });
    const customer = (await app.store.findCustomerByAddress('web', 'v-old'))!;
    expect(customer.profile.attributes?.segment).toBe('at-risk');
    const result = await journeys.nightly(T0);
    expect(result.deleted).toBe(1); // retention is 90 days in the fixture
    expect((await journeys.events.forCustomer(customer.id)).map((e) => e.type)).toEqual(['page_view']);
    expect((await app.store.getCustomer(customer.id))!.profile.attributes).toMatchObject({ segment: 'none', stage: 'awareness' });
    // When retention takes a customer's last event, their standing is recomputed all the same.
    await api({ events: [{ userId: 'v-gone', type: 'order_placed', properties: { total: 900 }, at: T0 - 80 * DAY }] });
    const gone = (await app.store.findCustomerByAddress('web', 'v-gone'))!;
    expect(gone.profile.attributes?.segments).toEqual(['high-value', 'at-risk']);
    await journeys.nightly(T0 + 20 * DAY);
    expect((await app.store.getCustomer(gone.id))!.profile.attributes).toMatchObject({ segment: 'none', segments: [], rfm: { orders: 0, spend: 0 } });
  });
  test('when the anonymous visitor turns out to be a known customer, their events follow the merge', async () => {
    await web({ userId: 'visitor-m', events: [{ type: 'product_view', properties: { productId: 'hat' } }, { type: 'cart_add', properties: { productId: 'hat' } }] });
    const visitor = (await app.store.findCustomerByAddress('web', 'visitor-m'))!;
    const { message } = await app.engine.receive({ channel: 'sms', address: '+15557770000', text: 'hi', identities: [{ kind: 'phone', value: '+15557770000' }] });
    await app.engine.idle();
    await mergeCustomers(app.store.sql, visitor.id, message.customerId, 'test', [journeysCustomerData]);
    expect((await journeys.events.forCustomer(message.customerId)).map((e) => e.type)).toEqual(['product_view', 'cart_add']);
    expect(await journeys.events.forCustomer(visitor.id)).toEqual([]);
    expect((await journeys.recompute(message.customerId))?.stage).toBe('consideration');
  });
});
