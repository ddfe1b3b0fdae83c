import { parseJourneysConfig } from '../../journeys/config';
import { quietUntil } from '../../journeys/gate';
import type { JourneyEvent } from '../../journeys/events';
import { BoughtTogether, customerProducts } from '../../journeys/recommend';
import { segmentsOf, stageOf, standingOf } from '../../journeys/segments';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
let seq = 0;
const ev = (type: string, daysAgo: number, properties: Record<string, unknown> = {}, customerId = 'c1'): JourneyEvent => ({
  id: `e${++seq}`,
  customerId,
  type,
  properties,
  source: 'api',
  at: NOW - daysAgo * DAY,
});
const config = parseJourneysConfig({ segments: { highValue: { minSpend: 300 } } });

describe('journey stage rules', () => {
  test('the first matching rule in the default order wins', () => {
    expect(stageOf([], config.stages, NOW)).toBe('awareness');
    expect(stageOf([ev('page_view', 1)], config.stages, NOW)).toBe('awareness');
    expect(stageOf([ev('page_view', 2), ev('product_view', 1)], config.stages, NOW)).toBe('consideration');
    expect(stageOf([ev('product_view', 20)], config.stages, NOW)).toBe('awareness'); // outside 14 days
    expect(stageOf([ev('cart_add', 1), ev('checkout_start', 0)], config.stages, NOW)).toBe('decision');
    expect(stageOf([ev('checkout_start', 1), ev('order_placed', 0)], config.stages, NOW)).toBe('purchase');
    expect(stageOf([ev('order_placed', 5), ev('order_delivered', 1)], config.stages, NOW)).toBe('post-purchase');
    expect(stageOf([ev('order_placed', 200), ev('order_placed', 100), ev('order_placed', 50)], config.stages, NOW)).toBe('loyalty');
    // An open support case outranks everything else while it is recent.
    expect(stageOf([ev('order_placed', 1), ev('handoff_requested', 0)], config.stages, NOW)).toBe('support');
    expect(stageOf([ev('order_placed', 1), ev('handoff_requested', 5)], config.stages, NOW)).toBe('purchase');
  });

  test('authors replace the rules in bot.yaml, in their own order', () => {
    const custom = parseJourneysConfig({
      stages: [{ stage: 'decision', when: { event: ['wishlist_add'], atLeast: 2, within: '7d' } }, { stage: 'awareness' }],
    });
    expect(stageOf([ev('wishlist_add', 1)], custom.stages, NOW)).toBe('awareness');
    expect(stageOf([ev('wishlist_add', 1), ev('wishlist_add', 2)], custom.stages, NOW)).toBe('decision');
  });

  test('bad settings are refused with the path to fix', () => {
    expect(() => parseJourneysConfig({ stages: [{ stage: 'browsing' }] })).toThrow(/journeys\.stages\.0\.stage/);
    expect(() => parseJourneysConfig({ proactive: [{ name: 'x', when: { event: 'cart_add', within: 'soon' }, then: { text: { en: 'hi' } } }] })).toThrow(
      /journeys\.proactive\.0\.when\.within/,
    );
    expect(() => parseJourneysConfig({ proactive: [{ name: 'x', when: { event: 'a' }, then: {} }] })).toThrow(/give one of "dialog", "text" or "survey"/);
    expect(() => parseJourneysConfig({ defaultTimezone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
  });
});

describe('segments from recency, frequency, monetary value and engagement', () => {
  test('loyal and high-value, with the main segment by priority', () => {
    const events = [ev('order_placed', 90, { total: 120 }), ev('order_placed', 30, { total: 80 }), ev('order_placed', 2, { total: 150 })];
    const s = segmentsOf(events, config.segments, NOW);
    expect(s.segments).toEqual(['high-value', 'loyal']);
    expect(s.segment).toBe('high-value');
    expect(s.rfm).toEqual({ lastOrderDaysAgo: 2, orders: 3, spend: 350 });
  });

  test('an order value falls back to the items’ prices', () => {
    const s = segmentsOf([ev('order_placed', 1, { items: [{ id: 'a', price: 200, quantity: 2 }] })], config.segments, NOW);
    expect(s.rfm.spend).toBe(400);
    expect(s.segments).toEqual(['high-value']);
  });

  test('at-risk: ordered before, silent for 60 days and not engaged lately', () => {
    const old = [ev('order_placed', 100, { total: 20 })];
    expect(segmentsOf(old, config.segments, NOW).segments).toEqual(['at-risk']);
    expect(segmentsOf([...old, ev('page_view', 3)], config.segments, NOW).segments).toEqual([]);
    expect(segmentsOf([ev('page_view', 100)], config.segments, NOW).segment).toBe('none'); // never ordered: not at risk
  });

  test('promotion-responsive: enough orders with a promo, coupon or campaign', () => {
    const events = [ev('order_placed', 10, { total: 10, coupon: 'SPRING' }), ev('order_placed', 5, { total: 10, campaign: 'mail-42' })];
    expect(segmentsOf(events, config.segments, NOW).segments).toEqual(['promotion-responsive']);
    expect(segmentsOf(events.slice(0, 1), config.segments, NOW).segments).toEqual([]);
  });

  test('thresholds come from config', () => {
    const strict = parseJourneysConfig({ segments: { loyal: { minOrders: 2 }, highValue: { minSpend: 10_000 }, priority: ['loyal'] } });
    const events = [ev('order_placed', 10, { total: 400 }), ev('order_placed', 5, { total: 400 })];
    expect(standingOf(events, strict, NOW)).toMatchObject({ stage: 'purchase', segment: 'loyal', segments: ['loyal'] });
  });
});

describe('bought-together recommendations', () => {
  const orders = [
    ev('order_placed', 9, { items: [{ id: 'shirt', name: 'Linen shirt' }, { id: 'belt', name: 'Leather belt' }] }, 'a'),
    ev('order_placed', 8, { items: [{ id: 'shirt', name: 'Linen shirt' }, { id: 'belt', name: 'Leather belt' }, { id: 'socks', name: 'Wool socks' }] }, 'b'),
    ev('order_placed', 7, { items: ['shirt', 'hat'] }, 'c'),
    ev('order_placed', 6, { items: [{ id: 'socks', name: 'Wool socks' }, { id: 'boots', name: 'Boots' }] }, 'd'),
  ];
  const together = new BoughtTogether(orders);

  test('items that co-occur most with the seeds come first; seeds and purchases are left out', () => {
    expect(together.recommend(['shirt']).map((p) => p.name)).toEqual(['Leather belt', 'hat', 'Wool socks']);
    expect(together.recommend(['shirt'], ['belt'], 2).map((p) => p.id)).toEqual(['hat', 'socks']);
    expect(together.recommend(['socks']).map((p) => p.id)).toEqual(['boots', 'belt', 'shirt']) // ties by name;
    expect(together.recommend(['unknown'])).toEqual([]);
  });

  test('a customer’s viewed products, newest first, and what they bought', () => {
    const mine = customerProducts([
      ev('product_view', 3, { productId: 'shirt', name: 'Linen shirt' }),
      ev('product_view', 2, { productId: 'boots', name: 'Boots' }),
      ev('product_view', 1, { productId: 'shirt', name: 'Linen shirt' }),
      ev('order_placed', 0, { items: ['hat'] }),
    ]);
    expect(mine.viewed.map((p) => p.id)).toEqual(['shirt', 'boots']);
    expect(mine.bought.map((p) => p.id)).toEqual(['hat']);
  });
});

describe('quiet hours in the customer’s time zone', () => {
  const night = { start: '21:00', end: '08:00' };
  test('evenings wait for the next morning, mornings for 08:00, days go now', () => {
    // 21:30 UTC on 4 March = 22:30 in Madrid (CET): until 08:00 CET on 5 March = 07:00 UTC.
    expect(quietUntil(Date.UTC(2026, 2, 4, 21, 30, 15), 'Europe/Madrid', night)).toBe(Date.UTC(2026, 2, 5, 7, 0));
    expect(quietUntil(Date.UTC(2026, 2, 4, 6, 59), 'Europe/Madrid', night)).toBe(Date.UTC(2026, 2, 4, 7, 0));
    expect(quietUntil(Date.UTC(2026, 2, 4, 7, 0), 'Europe/Madrid', night)).toBeUndefined();
    expect(quietUntil(Date.UTC(2026, 2, 4, 19, 59), 'Europe/Madrid', night)).toBeUndefined();
    // Tokyo (UTC+9): 13:00 UTC is 22:00 there.
    expect(quietUntil(Date.UTC(2026, 2, 4, 13, 0), 'Asia/Tokyo', night)).toBe(Date.UTC(2026, 2, 4, 23, 0));
  });
  test('quiet hours within one day (a lunch break) work too', () => {
    expect(quietUntil(Date.UTC(2026, 2, 4, 12, 30), 'UTC', { start: '12:00', end: '14:00' })).toBe(Date.UTC(2026, 2, 4, 14, 0));
    expect(quietUntil(Date.UTC(2026, 2, 4, 14, 0), 'UTC', { start: '12:00', end: '14:00' })).toBeUndefined();
  });
});
