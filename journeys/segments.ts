import { durationMs, type JourneysConfig } from './config';
import type { JourneyEvent } from './events';

/** What the journeys module writes into `profile.attributes`. */
export interface JourneyStanding {
  stage: string;
  /** The main segment (by the configured priority), or `none`. */
  segment: string;
  segments: string[];
  /** Recency, frequency and monetary value, for agents and dialogs. */
  rfm: { lastOrderDaysAgo: number | null; orders: number; spend: number };
}

/** The stage from the ordered rules: the first whose condition holds. */
export function stageOf(events: JourneyEvent[], rules: JourneysConfig['stages'], now: number): string {
  for (const rule of rules) {
    if (!rule.when) return rule.stage;
    const types = Array.isArray(rule.when.event) ? rule.when.event : [rule.when.event];
    const since = rule.when.within === undefined ? 0 : now - durationMs(rule.when.within);
    const count = events.filter((e) => types.includes(e.type) && e.at >= since && e.at <= now).length;
    if (count >= rule.when.atLeast) return rule.stage;
  }
  return 'awareness';
}

/** An order's value: `properties.total` (or `value`, `amount`), else the sum of its items' prices. */
export function orderValue(e: JourneyEvent): number {
  const p = e.properties;
  for (const key of ['total', 'value', 'amount']) if (typeof p[key] === 'number') return p[key] as number;
  const items = Array.isArray(p.items) ? (p.items as Array<Record<string, unknown>>) : [];
  return items.reduce((sum, i) => sum + (typeof i?.price === 'number' ? i.price * (typeof i.quantity === 'number' ? i.quantity : 1) : 0), 0);
}

const hasPromo = (e: JourneyEvent) => ['promo', 'coupon', 'campaign'].some((k) => e.properties[k] !== undefined && e.properties[k] !== null && e.properties[k] !== '');

/** Segments from recency, frequency and monetary value of orders, and recent engagement. */
export function segmentsOf(events: JourneyEvent[], config: JourneysConfig['segments'], now: number): Omit<JourneyStanding, 'stage'> {
  const since = now - durationMs(config.window);
  const orders = events.filter((e) => e.type === 'order_placed' && e.at >= since && e.at <= now);
  const allOrders = events.filter((e) => e.type === 'order_placed' && e.at <= now);
  const spend = Math.round(orders.reduce((sum, e) => sum + orderValue(e), 0) * 100) / 100;
  const lastOrder = allOrders.length ? Math.max(...allOrders.map((e) => e.at)) : undefined;
  const engagedSince = now - durationMs(config.atRisk.engagementWithin);
  const engaged = events.some((e) => e.at >= engagedSince && e.at <= now && e.source !== 'internal');

  const found = new Set<string>();
  if (orders.length >= config.loyal.minOrders) found.add('loyal');
  if (spend >= config.highValue.minSpend && orders.length > 0) found.add('high-value');
  if (lastOrder !== undefined && now - lastOrder >= durationMs(config.atRisk.inactiveFor) && !engaged) found.add('at-risk');
  if (orders.filter(hasPromo).length >= config.promotionResponsive.minPromoOrders) found.add('promotion-responsive');

  const ordered = [...config.priority.filter((s) => found.has(s)), ...[...found].filter((s) => !config.priority.includes(s))];
  return {
    segment: ordered[0] ?? 'none',
    segments: ordered,
    rfm: { lastOrderDaysAgo: lastOrder === undefined ? null : Math.floor((now - lastOrder) / 86_400_000), orders: orders.length, spend },
  };
}

/** Stage and segments together. */
export function standingOf(events: JourneyEvent[], config: JourneysConfig, now: number): JourneyStanding {
  return { stage: stageOf(events, config.stages, now), ...segmentsOf(events, config.segments, now) };
}
