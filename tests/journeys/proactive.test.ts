import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsentBook } from '../../channels/sms/consent';
import { ServiceWindow } from '../../channels/whatsapp/window';
import type { CustomerProfile } from '../../core/customer';
import type { App } from '../../server/app';
import { DAY, FakeClock, HOUR, shopApp, shopAppEach, T0, type Shop } from './support';
import type { Journeys } from '../../journeys/service';
import type { TestChannel } from '../../core/testing/harness';
import { HandoffLookup, OptOuts } from '../../core/services';
import { HandoffServiceKey } from '../../handoff/module';

/** A customer who wrote once by SMS (so they have an address and a conversation), with this profile. */
async function smsCustomer(shop: Shop, phone: string, profile: Partial<CustomerProfile> = { consent: { sms: true } }): Promise<string> {
  const { message } = await shop.app.engine.receive({ channel: 'sms', address: phone, text: 'hello', identities: [{ kind: 'phone', value: phone }] });
  await shop.app.engine.idle();
  await shop.app.store.updateProfile(message.customerId, profile);
  shop.sms.sent.length = 0;
  return message.customerId;
}

const track = (j: Journeys, customerId: string, type: string, at: number, properties: Record<string, unknown> = {}) =>
  j.track([{ customerId, type, properties, source: 'api', at }]);

/** Moves the clock, runs due jobs, waits for deliveries; returns the decisions. */
async function runAt(shop: Shop, t: number) {
  shop.clock.t = t;
  const decisions = await shop.journeys.proactive.tick(t);
  await shop.app.engine.idle();
  return decisions.map((d) => ({ rule: d.rule, decision: d.decision, reason: d.reason, channel: d.channel }));
}
const texts = (channel: TestChannel) => channel.sent.map((m) => m.text);

/** `t`, or 08:00 UTC after it when `t` falls in the test bot's quiet hours (21:00–08:00 UTC). */
function outsideQuietHours(t: number): number {
  const at = new Date(t);
  const hour = at.getUTCHours();
  if (hour >= 8 && hour < 21) return t;
  const morning = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 8, 0, 1);
  return hour < 8 ? morning : morning + DAY;
}

describe('proactive messages', () => {
  let shop: Shop;
  shopAppEach(() => ({}), (opened) => (shop = opened));

  test('abandoned cart: the dialog starts on the customer’s channel 2 h later, and branches on their segment', async () => {
    const plain = await smsCustomer(shop, '+15550000001');
    const vip = await smsCustomer(shop, '+15550000002');
    await track(shop.journeys, vip, 'order_placed', T0 - 40 * DAY, { total: 900 });
    await track(shop.journeys, plain, 'cart_add', T0, { productId: 'shirt' });
    await track(shop.journeys, vip, 'cart_add', T0, { productId: 'boots' });

    expect(await runAt(shop, T0 + HOUR)).toEqual([]); // not due yet
    const decisions = await runAt(shop, T0 + 2 * HOUR);
    expect(decisions).toEqual([
      { rule: 'abandoned-cart', decision: 'sent', reason: 'dialog abandoned-cart', channel: 'sms' },
      { rule: 'abandoned-cart', decision: 'sent', reason: 'dialog abandoned-cart', channel: 'sms' },
    ]);
    expect(shop.sms.to('+15550000001').map((m) => m.text)).toEqual(['You left something in your cart. Shall I help you finish your order?']);
    expect(shop.sms.to('+15550000002').map((m) => m.text)).toEqual(['You left something in your cart. As one of our best customers, here is 10% off: VIP10.']);
    expect(await runAt(shop, T0 + 3 * HOUR)).toEqual([]); // once only
    const metrics = await shop.app.metrics.registry.metrics();
    expect(metrics).toContain('switchboard_proactive_decisions_total{rule="abandoned-cart",decision="sent"} 2');
    expect(metrics).toContain('switchboard_journey_events_total{source="api"} 3');
  });

  test('abandoned cart: an order within the 2 h cancels it; a later cart_add moves it', async () => {
    const id = await smsCustomer(shop, '+15550000003');
    await track(shop.journeys, id, 'cart_add', T0);
    await track(shop.journeys, id, 'order_placed', T0 + 30 * 60_000, { total: 10 });
    expect(await runAt(shop, T0 + 2 * HOUR)).toEqual([{ rule: 'abandoned-cart', decision: 'skipped', reason: 'order_placed followed cart_add', channel: undefined }]);

    await track(shop.journeys, id, 'cart_add', T0 + 3 * HOUR);
    await track(shop.journeys, id, 'cart_add', T0 + 4 * HOUR); // moves the pending job, no second message
    expect(await runAt(shop, T0 + 5 * HOUR + 30 * 60_000)).toEqual([]);
    expect((await runAt(shop, T0 + 6 * HOUR)).map((d) => d.decision)).toEqual(['sent']);
    expect(shop.sms.sent).toHaveLength(1);
  });

  test('two pollers at once (two instances): each due message is sent once', async () => {
    const id = await smsCustomer(shop, '+15550000013');
    await track(shop.journeys, id, 'cart_add', T0);
    shop.clock.t = T0 + 2 * HOUR;
    const [a, b] = await Promise.all([shop.journeys.proactive.tick(shop.clock.t), shop.journeys.proactive.tick(shop.clock.t)]);
    await shop.app.engine.idle();
    expect([...a, ...b].map((d) => d.decision)).toEqual(['sent']);
    expect(shop.sms.to('+15550000013')).toHaveLength(1);
  });

  test('a web visitor who never wrote: a text has no conversation to go in, a dialog starts one', async () => {
    const id = await shop.app.store.customerIdForAddress('web', 'visitor-quiet', T0);
    await shop.app.store.updateProfile(id, { consent: { web: true } });
    await track(shop.journeys, id, 'order_delivered', T0 - 3 * DAY);
    expect(await runAt(shop, T0)).toEqual([
      { rule: 'care-tips', decision: 'skipped', reason: 'no conversation to send in yet (the customer has never written)', channel: 'web' },
    ]);
    await track(shop.journeys, id, 'cart_add', T0);
    expect((await runAt(shop, T0 + 2 * HOUR)).map((d) => [d.decision, d.channel])).toEqual([['sent', 'web']]);
    expect(texts(shop.web)).toEqual(['You left something in your cart. Shall I help you finish your order?']);
  });

  test('consent: none for the channel means no message', async () => {
    const id = await smsCustomer(shop, '+15550000004', { consent: { whatsapp: true } });
    await track(shop.journeys, id, 'order_delivered', T0);
    expect(await runAt(shop, T0 + 3 * DAY)).toEqual([{ rule: 'care-tips', decision: 'skipped', reason: 'no consent for proactive messages on sms', channel: 'sms' }]);
    expect(shop.sms.sent).toEqual([]);
  });

  test('opt-out: a number that sent STOP gets nothing, consent or not', async () => {
    const id = await smsCustomer(shop, '+15550000005');
    await new ConsentBook(shop.app.store.sql).set('sms', '+15550000005', true, 'STOP');
    await track(shop.journeys, id, 'order_delivered', T0);
    expect(await runAt(shop, T0 + 3 * DAY)).toEqual([{ rule: 'care-tips', decision: 'skipped', reason: '+15550000005 opted out on sms', channel: 'sms' }]);
    expect(shop.sms.sent).toEqual([]);
  });

  test('quiet hours in the customer’s time zone defer to the next allowed time', async () => {
    // T0 + 3 d is 10:00 UTC = 05:00 in New York (EST): quiet until 08:00 EST = 13:00 UTC.
    const id = await smsCustomer(shop, '+15550000006', { consent: { sms: true }, timezone: 'America/New_York' });
    await track(shop.journeys, id, 'order_delivered', T0);
    const [deferred] = await runAt(shop, T0 + 3 * DAY);
    expect(deferred).toMatchObject({ decision: 'deferred', channel: 'sms' });
    expect(deferred.reason).toBe(`quiet hours 21:00–08:00 in America/New_York; until ${new Date(T0 + 3 * DAY + 3 * HOUR).toISOString()}`);
    expect(await runAt(shop, T0 + 3 * DAY + 2 * HOUR)).toEqual([]);
    expect((await runAt(shop, T0 + 3 * DAY + 3 * HOUR)).map((d) => d.decision)).toEqual(['sent']);
    expect(shop.sms.sent).toHaveLength(1);
  });

  test('frequency cap: at most 2 proactive messages per 7 days', async () => {
    const id = await smsCustomer(shop, '+15550000007');
    const outcomes: string[] = [];
    for (const day of [0, 1, 2]) {
      await track(shop.journeys, id, 'order_delivered', T0 + day * DAY);
      outcomes.push(...(await runAt(shop, T0 + (day + 3) * DAY)).map((d) => `${d.decision}: ${d.reason}`));
    }
    expect(outcomes).toEqual(['sent: text', 'sent: text', 'skipped: frequency cap: 2 proactive message(s) per 7d already sent']);
    // A week after the first, there is room again.
    await track(shop.journeys, id, 'order_delivered', T0 + 7 * DAY);
    expect((await runAt(shop, T0 + 10 * DAY + 1)).map((d) => d.decision)).toEqual(['sent']);
  });

  test('WhatsApp: outside the 24 h window a template goes, or nothing when the rule has none', async () => {
    const { message } = await shop.app.engine.receive({ channel: 'whatsapp', address: '15550000008', text: 'hi', identities: [{ kind: 'phone', value: '+15550000008' }] });
    await shop.app.engine.idle();
    const id = message.customerId;
    await shop.app.store.updateProfile(id, { consent: { whatsapp: true } });
    shop.whatsapp.sent.length = 0;

    await track(shop.journeys, id, 'cart_add', T0);
    await track(shop.journeys, id, 'order_delivered', T0 - 3 * DAY);
    const decisions = await runAt(shop, T0 + 2 * HOUR);
    expect(decisions).toEqual([
      { rule: 'care-tips', decision: 'skipped', reason: 'WhatsApp 24-hour window closed and the rule has no whatsappTemplate', channel: 'whatsapp' },
      { rule: 'abandoned-cart', decision: 'sent', reason: 'WhatsApp template cart_reminder (window closed)', channel: 'whatsapp' },
    ]);
    expect(shop.whatsapp.sent.map((m) => m.metadata?.whatsappTemplate)).toEqual([{ name: 'cart_reminder', language: 'en_US' }]);

    // The customer writes: the window opens (the WhatsApp adapter records it) and free-form text may go.
    await new ServiceWindow(shop.app.store.sql).touch('15550000008', T0 + 3 * HOUR);
    await track(shop.journeys, id, 'order_delivered', T0 + 3 * HOUR - 3 * DAY);
    expect((await runAt(shop, T0 + 4 * HOUR)).map((d) => [d.decision, d.reason])).toEqual([['sent', 'text']]);
    expect(shop.whatsapp.sent[1].metadata?.whatsappTemplate).toBeUndefined();
  });

  test('preferred channel wins when the customer has an address there', async () => {
    const id = await smsCustomer(shop, '+15550000009', { consent: { sms: true, whatsapp: true }, preferredChannel: 'whatsapp' });
    await shop.app.engine.receive({ channel: 'whatsapp', address: '15550000009', text: 'hi', identities: [{ kind: 'phone', value: '+15550000009' }] });
    await shop.app.engine.idle();
    await new ServiceWindow(shop.app.store.sql).touch('15550000009', T0 + 3 * DAY - HOUR);
    await shop.app.engine.receive({ channel: 'sms', address: '+15550000009', text: 'again', identities: [{ kind: 'phone', value: '+15550000009' }] });
    await shop.app.engine.idle();
    await track(shop.journeys, id, 'order_delivered', T0);
    expect((await runAt(shop, T0 + 3 * DAY)).map((d) => [d.decision, d.channel, d.reason])).toEqual([['sent', 'whatsapp', 'text']]);
  });

  test('care tips name what they viewed and recommend what others bought with it, in their language', async () => {
    const id = await smsCustomer(shop, '+15550000010', { consent: { sms: true }, locale: 'es' });
    const others = [
      [{ id: 'shirt', name: 'camisa de lino' }, { id: 'belt', name: 'cinturón' }],
      [{ id: 'shirt', name: 'camisa de lino' }, { id: 'belt', name: 'cinturón' }, { id: 'socks', name: 'calcetines' }],
    ];
    for (const [i, items] of others.entries()) {
      await shop.journeys.track([{ customerId: `someone-${i}`, type: 'order_placed', properties: { items }, source: 'api', at: T0 - DAY }]);
    }
    await track(shop.journeys, id, 'product_view', T0 - 2 * DAY, { productId: 'shirt', name: 'camisa de lino' });
    await track(shop.journeys, id, 'order_placed', T0 - DAY, { items: [{ id: 'shirt', name: 'camisa de lino', price: 40 }] });
    await track(shop.journeys, id, 'order_delivered', T0);
    await runAt(shop, T0 + 3 * DAY);
    expect(texts(shop.sms)).toEqual([
      '¿Qué tal tu camisa de lino? Consejo: lávalo en frío. Otros también compraron: cinturón, calcetines. ¿Nos dejas una reseña?',
    ]);
  });

  test('after a resolved handoff: a follow-up a day later, unless the customer rated it 4 or more', async () => {
    const handoff = shop.app.bot.services.require(HandoffServiceKey);
    // Someone who could take it (offline): with no account at all, nobody is promised and nothing waits.
    await handoff.repo.createAgent({ name: 'Sam', email: 'sam@shop.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 5 });
    const escalate = async (phone: string) => {
      const id = await smsCustomer(shop, phone);
      await shop.app.engine.receive({ channel: 'sms', address: phone, text: 'I want to talk to a person', identities: [{ kind: 'phone', value: phone }] });
      await shop.app.engine.idle();
      const row = (await shop.app.store.sql.get<{ id: string }>(`SELECT id FROM handoffs WHERE customer_id = ?`, [id]))!;
      await handoff.resolve(row.id, { csat: true });
      await shop.app.engine.idle();
      return id;
    };
    const unhappy = await escalate('+15550000011');
    const happy = await escalate('+15550000012');
    // The happy customer answers the CSAT question after resolution.
    await shop.app.engine.receive({ channel: 'sms', address: '+15550000012', text: '5', identities: [{ kind: 'phone', value: '+15550000012' }] });
    await shop.app.engine.idle();
    expect((await shop.journeys.events.forCustomer(unhappy)).map((e) => e.type)).toEqual(['handoff_requested', 'handoff_resolved']);
    shop.sms.sent.length = 0;

    // The handoff module stamps events with the real clock: run a day later, at the first
    // moment outside the quiet hours (21:00–08:00 UTC), whatever time the test runs at.
    const resolvedAt = (await shop.journeys.events.forCustomer(unhappy)).find((e) => e.type === 'handoff_resolved')!.at;
    const decisions = await runAt(shop, outsideQuietHours(Math.max(resolvedAt, T0) + DAY + 60_000));
    expect(decisions.map((d) => [d.decision, d.reason]).sort()).toEqual([
      ['sent', 'text'],
      ['skipped', 'unless csat>=4 holds'],
    ]);
    expect(shop.sms.to('+15550000011').map((m) => m.text)).toEqual(['Yesterday we worked on your request. Is everything sorted now?']);
    expect(shop.sms.to('+15550000012')).toEqual([]);
    expect((await shop.journeys.proactive.decisions(happy))[0]).toMatchObject({ rule: 'follow-up', decision: 'skipped' });
  });
});

describe('without the SMS, WhatsApp and handoff modules', () => {
  let shop: Shop;
  shopAppEach(() => ({ without: ['sms', 'whatsapp', 'handoff'] }), (opened) => (shop = opened));

  test('nobody has opted out, and nobody is with an agent: the message goes', async () => {
    expect(shop.app.bot.services.get(OptOuts)).toBeUndefined();
    expect(shop.app.bot.services.get(HandoffLookup)).toBeUndefined();
    const id = await smsCustomer(shop, '+15550000030');
    await track(shop.journeys, id, 'order_delivered', T0);
    expect(await runAt(shop, T0 + 3 * DAY)).toEqual([{ rule: 'care-tips', decision: 'sent', reason: 'text', channel: 'sms' }]);
    expect(shop.sms.to('+15550000030')).toHaveLength(1);
  });

  test('the WhatsApp window counts as closed: a template goes, or nothing', async () => {
    const { message } = await shop.app.engine.receive({ channel: 'whatsapp', address: '15550000031', text: 'hi', identities: [{ kind: 'phone', value: '+15550000031' }] });
    await shop.app.engine.idle();
    await shop.app.store.updateProfile(message.customerId, { consent: { whatsapp: true } });
    // Without the module nothing keeps the window, so free-form text never goes on WhatsApp.
    await track(shop.journeys, message.customerId, 'order_delivered', T0 - 3 * DAY);
    await track(shop.journeys, message.customerId, 'cart_add', T0);
    expect((await runAt(shop, T0 + 2 * HOUR)).map((d) => [d.rule, d.decision, d.reason])).toEqual([
      ['care-tips', 'skipped', 'WhatsApp 24-hour window closed and the rule has no whatsappTemplate'],
      ['abandoned-cart', 'sent', 'WhatsApp template cart_reminder (window closed)'],
    ]);
  });

  test('a resolved handoff’s facts are its event’s properties alone', async () => {
    const rated = await smsCustomer(shop, '+15550000032');
    const unrated = await smsCustomer(shop, '+15550000033');
    await track(shop.journeys, rated, 'handoff_resolved', T0, { handoffId: 'hnd_elsewhere_1', csat: 5 });
    await track(shop.journeys, unrated, 'handoff_resolved', T0, { handoffId: 'hnd_elsewhere_2' });
    const decisions = await runAt(shop, T0 + DAY);
    expect(decisions.map((d) => [d.decision, d.reason]).sort()).toEqual([
      ['sent', 'text'],
      ['skipped', 'unless csat>=4 holds'],
    ]);
    expect(shop.sms.to('+15550000033')).toHaveLength(1);
  });
});

describe('restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a scheduled proactive message survives a restart and is sent once', async () => {
    const databaseUrl = `sqlite:${join(dir, 'shop.db')}`;
    const clock = new FakeClock();
    const first = await shopApp({ databaseUrl, clock });
    const id = await smsCustomer(first, '+15550000020');
    await track(first.journeys, id, 'cart_add', T0);
    await first.app.close();

    const second = await shopApp({ databaseUrl, clock });
    try {
      expect((await runAt(second, T0 + 2 * HOUR)).map((d) => d.decision)).toEqual(['sent']);
      expect(second.sms.to('+15550000020')).toHaveLength(1);
      expect(await runAt(second, T0 + 3 * HOUR)).toEqual([]);
    } finally {
      await second.app.close();
    }
  });
});
