import { ConsentBook } from '../../channels/sms/consent';
import type { CustomerProfile } from '../../core/customer';
import type { TestChannel } from '../../core/testing/harness';
import { quietUntil } from '../../journeys/gate';
import { DAY, DEMO_BOT, FakeClock, HOUR, shopAppEach, type Shop } from './support';
import { HandoffServiceKey } from '../../handoff/module';

/** A Wednesday, 10:00 in London (GMT, UTC+0): the demo's default time zone, outside its quiet hours. */
const LONDON_10AM = Date.UTC(2026, 2, 4, 10, 0, 0);
const QUIET = { start: '21:00', end: '08:00' };

/**
 * The proactive rules of the demo bot as it ships (bots/demo/bot.yaml `journeys:`), fed by the
 * events the demo really produces: the shop page's /events.js calls and the handoff module.
 */
describe('the Northwind demo’s journeys', () => {
  let demo: Shop;
  let fetch: (path: string, init?: RequestInit) => Promise<Response>;
  shopAppEach(
    () => ({ botDir: DEMO_BOT, clock: new FakeClock(LONDON_10AM) }),
    (opened) => {
      demo = opened;
      fetch = (path, init) => demo.app.fetch(new Request(`http://127.0.0.1${path}`, init));
    },
  );

  /** What the shop page's /events.js posts for a visitor. */
  const browserEvent = async (userId: string, type: string, properties: Record<string, unknown> = {}) => {
    const res = await fetch('/api/web/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, events: [{ type, properties }] }) });
    expect(res.status).toBe(202);
  };
  const visitor = async (userId: string) => (await demo.app.store.findCustomerByAddress('web', userId))!.id;
  /** Moves the clock, runs due jobs, waits for deliveries; returns the decisions. */
  const runAt = async (t: number) => {
    demo.clock.t = t;
    const decisions = await demo.journeys.proactive.tick(t);
    await demo.app.engine.idle();
    return decisions.map((d) => ({ rule: d.rule, decision: d.decision, reason: d.reason, channel: d.channel }));
  };
  /**
   * Waits until the journeys module has scheduled the customer's proactive `rule`: it records
   * handoff events off the bus in the background, after the handoff call returns.
   */
  const scheduled = async (customerId: string, rule: string) => {
    for (let i = 0; i < 500; i++) {
      if (await demo.app.store.sql.get(`SELECT id FROM journey_jobs WHERE customer_id = ? AND rule = ?`, [customerId, rule])) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`no ${rule} scheduled for ${customerId}`);
  };
  const texts = (channel: TestChannel, address: string) => channel.to(address).map((m) => m.text);

  test('abandoned cart: a visitor who consented hears from the bot 2 h later; one who checked out does not', async () => {
    await browserEvent('ann', 'cart_add', { productId: 'nw-tent-2p', name: 'Ridgeline 2P Tent' });
    await browserEvent('bo', 'cart_add', { productId: 'nw-stove', name: 'Basecamp Stove' });
    demo.clock.t += 10 * 60_000;
    await browserEvent('bo', 'checkout_start', { items: 1 });
    for (const id of [await visitor('ann'), await visitor('bo')]) await demo.app.store.updateProfile(id, { consent: { web: true } });

    expect(await runAt(LONDON_10AM + HOUR)).toEqual([]); // not due yet
    expect((await runAt(LONDON_10AM + 2 * HOUR)).sort((a, b) => a.decision.localeCompare(b.decision))).toEqual([
      { rule: 'abandoned-cart', decision: 'sent', reason: 'dialog abandoned-cart', channel: 'web' },
      { rule: 'abandoned-cart', decision: 'skipped', reason: 'checkout_start followed cart_add', channel: undefined },
    ]);
    expect(texts(demo.web, 'ann')).toEqual([expect.stringMatching(/^Hi, it's Northwind\. You left something in your cart\./)]);
    expect(texts(demo.web, 'bo')).toEqual([]);
  });

  test('abandoned cart: no consent, no message; late in the evening it waits for 08:00 in London', async () => {
    await browserEvent('cy', 'cart_add', { productId: 'nw-pack-45' });
    expect(await runAt(LONDON_10AM + 2 * HOUR)).toEqual([{ rule: 'abandoned-cart', decision: 'skipped', reason: 'no consent for proactive messages on web', channel: 'web' }]);

    const evening = LONDON_10AM + 10 * HOUR + 30 * 60_000; // 20:30 in London: due at 22:30, in quiet hours
    demo.clock.t = evening;
    await browserEvent('dee', 'cart_add', { productId: 'nw-bag-night' });
    await demo.app.store.updateProfile(await visitor('dee'), { consent: { web: true } });
    const nextMorning = LONDON_10AM + DAY - 2 * HOUR; // 08:00 in London
    expect(await runAt(evening + 2 * HOUR)).toEqual([
      { rule: 'abandoned-cart', decision: 'deferred', reason: `quiet hours 21:00–08:00 in Europe/London; until ${new Date(nextMorning).toISOString()}`, channel: 'web' },
    ]);
    expect(texts(demo.web, 'dee')).toEqual([]);
    expect((await runAt(nextMorning)).map((d) => d.decision)).toEqual(['sent']);
    expect(texts(demo.web, 'dee')).toHaveLength(1);
  });

  test('satisfaction check a day after a resolved handoff: sent with consent, never to a number that sent STOP', async () => {
    const handoff = demo.app.bot.services.require(HandoffServiceKey);
    // Someone who could take it (offline): with no account at all, nobody is promised and nothing waits.
    await handoff.repo.createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 5 });
    /** An SMS customer with this profile who asks for a person; an agent resolves it (the CSAT question goes unanswered). */
    const resolvedHandoff = async (phone: string, profile: Partial<CustomerProfile>) => {
      const from = { channel: 'sms', address: phone, identities: [{ kind: 'phone' as const, value: phone }] };
      const { message } = await demo.app.engine.receive({ ...from, text: 'hello' });
      await demo.app.engine.idle();
      await demo.app.store.updateProfile(message.customerId, profile);
      await demo.app.engine.receive({ ...from, text: 'I want to talk to a person' });
      await demo.app.engine.idle();
      const row = (await demo.app.store.sql.get<{ id: string }>(`SELECT id FROM handoffs WHERE customer_id = ?`, [message.customerId]))!;
      await handoff.resolve(row.id, { csat: true });
      await demo.app.engine.idle();
      await scheduled(message.customerId, 'satisfaction-check');
      return message.customerId;
    };
    const consented = await resolvedHandoff('+15550000101', { consent: { sms: true } });
    const optedOut = await resolvedHandoff('+15550000102', { consent: { sms: true } });
    await new ConsentBook(demo.app.store.sql).set('sms', '+15550000102', true, 'STOP');
    const noConsent = await resolvedHandoff('+15550000103', {});
    demo.sms.sent.length = 0;

    // The handoff module stamps the resolution with the real time: run the day after, in London's daytime.
    const resolvedAt = (await demo.journeys.events.forCustomer(consented)).find((e) => e.type === 'handoff_resolved')!.at;
    const dayAfter = resolvedAt + DAY + 60_000;
    const decisions = await runAt(quietUntil(dayAfter, 'Europe/London', QUIET) ?? dayAfter);
    expect(decisions.map((d) => [d.rule, d.decision, d.reason]).sort()).toEqual([
      ['satisfaction-check', 'sent', 'text'],
      ['satisfaction-check', 'skipped', '+15550000102 opted out on sms'],
      ['satisfaction-check', 'skipped', 'no consent for proactive messages on sms'],
    ]);
    expect(texts(demo.sms, '+15550000101')).toEqual([expect.stringMatching(/Yesterday one of our team helped you.*Is everything sorted now\?/)]);
    expect(demo.sms.to('+15550000102')).toEqual([]);
    expect(demo.sms.to('+15550000103')).toEqual([]);
    expect((await demo.journeys.proactive.decisions(optedOut)).map((d) => d.decision)).toEqual(['skipped']);
    expect((await demo.journeys.proactive.decisions(noConsent)).map((d) => d.decision)).toEqual(['skipped']);
  });
});
