import type { JourneyEvent } from './events';

/** A product as events name it. */
export interface Product {
  id: string;
  name: string;
}

/** The product an event is about: `properties.productId` / `id` / `sku`, with `name` when given. */
export function productOf(properties: Record<string, unknown>): Product | undefined {
  const id = properties.productId ?? properties.id ?? properties.sku;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return { id: String(id), name: typeof properties.name === 'string' ? properties.name : String(id) };
}

/** The items of an `order_placed` event (`properties.items`: objects with an id, or plain ids). */
export function orderItems(e: JourneyEvent): Product[] {
  const items = Array.isArray(e.properties.items) ? e.properties.items : [];
  const out = new Map<string, Product>();
  for (const item of items) {
    const product = typeof item === 'string' || typeof item === 'number' ? { id: String(item), name: String(item) } : item && typeof item === 'object' ? productOf(item as Record<string, unknown>) : undefined;
    if (product) out.set(product.id, product);
  }
  return [...out.values()];
}

/**
 * "Bought together": item-to-item co-occurrence over orders. For each pair of items in one
 * order the pair's count goes up; recommendations for a set of seed items are the items that
 * co-occur with them most, excluding the seeds and what the customer already bought.
 */
export class BoughtTogether {
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly names = new Map<string, string>();

  constructor(orders: JourneyEvent[]) {
    for (const order of orders) {
      const items = orderItems(order);
      for (const a of items) {
        this.names.set(a.id, a.name);
        for (const b of items) {
          if (a.id === b.id) continue;
          const row = this.pairs.get(a.id) ?? new Map<string, number>();
          row.set(b.id, (row.get(b.id) ?? 0) + 1);
          this.pairs.set(a.id, row);
        }
      }
    }
  }

  /** Up to `limit` products for these seeds, best first (ties by name, for a stable order). */
  recommend(seeds: string[], exclude: string[] = [], limit = 3): Product[] {
    const skip = new Set([...seeds, ...exclude]);
    const score = new Map<string, number>();
    for (const seed of seeds) for (const [other, n] of this.pairs.get(seed) ?? []) if (!skip.has(other)) score.set(other, (score.get(other) ?? 0) + n);
    return [...score.entries()]
      .sort((a, b) => b[1] - a[1] || (this.names.get(a[0]) ?? a[0]).localeCompare(this.names.get(b[0]) ?? b[0]))
      .slice(0, limit)
      .map(([id]) => ({ id, name: this.names.get(id) ?? id }));
  }
}

/** What a customer looked at recently (newest first, distinct) and what they bought. */
export function customerProducts(events: JourneyEvent[]): { viewed: Product[]; bought: Product[] } {
  const viewed = new Map<string, Product>();
  for (const e of [...events].reverse()) {
    if (e.type !== 'product_view' && e.type !== 'cart_add') continue;
    const p = productOf(e.properties);
    if (p && !viewed.has(p.id)) viewed.set(p.id, p);
  }
  const bought = new Map<string, Product>();
  for (const e of events) if (e.type === 'order_placed') for (const p of orderItems(e)) bought.set(p.id, p);
  return { viewed: [...viewed.values()], bought: [...bought.values()] };
}
