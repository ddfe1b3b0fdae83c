import type { Bot } from '../core/bot';
import { formatPrice } from '../core/cards';
import type { CatalogSearch, Order } from '../core/commerce';
import type { Customer } from '../core/customer';
import type { Engine } from '../core/engine';
import type { Logger } from '../core/logger';
import type { Card, OutboundDraft } from '../core/message';
import { OptOuts } from '../core/services';
import type { SqlStore } from '../core/storage/sql-store';
import type { EventHandler, NewEvent } from '../journeys/module';
import { OrderPlaced, type OrderStore, type StoredOrder } from './orders';
import { catalogText } from './texts';

/** What sending receipts needs. */
export interface ReceiptOptions {
  store: SqlStore;
  orders: OrderStore;
  bot: Bot;
  engine: () => Engine;
  catalog: CatalogSearch;
  logger: Logger;
}

/** How one receipt went. */
export type ReceiptOutcome = StoredOrder['receipt'];

/**
 * Order confirmations: an `order_placed` event with an `orderId` is stored as an order and its
 * receipt sent at once on the customer's preferred channel (else the one they last wrote on).
 * A receipt is transactional: it needs no marketing consent and ignores quiet hours and the
 * proactive frequency cap, but a number that sent STOP gets nothing (and the outbound chain
 * checks again). Each order's receipt goes once, whatever the retries.
 */
export class Receipts implements EventHandler {
  readonly type = 'order_placed';

  constructor(private readonly o: ReceiptOptions) {}

  /** An `order_placed` without `orderId` is a behaviour event only; with one, it must be a whole order. */
  check(properties: Record<string, unknown>): string[] {
    if (properties.orderId === undefined) return [];
    const parsed = OrderPlaced.safeParse(properties);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(properties)'}: ${i.message}`);
  }

  async handle(events: NewEvent[]): Promise<void> {
    for (const event of events) {
      if (event.properties.orderId === undefined) continue;
      const order = await this.o.orders.add(toOrder(event));
      if (order.customerId !== event.customerId) {
        this.o.logger.warn({ orderId: order.id }, 'order_placed for an order id another customer has: no receipt sent');
        continue;
      }
      if (await this.o.orders.claimReceipt(order.id)) await this.o.orders.settleReceipt(order.id, await this.send(order));
    }
  }

  /** Sends the receipt of an order, or says why not. */
  async send(order: Order): Promise<ReceiptOutcome> {
    const customer = await this.o.store.getCustomer(order.customerId);
    if (!customer) return { status: 'skipped', reason: 'the customer no longer exists' };
    const target = await this.target(customer);
    if (!target) return { status: 'skipped', reason: 'no address on a running channel' };
    if (await this.o.bot.services.get(OptOuts)?.isOptedOut(target.channel, target.address)) {
      return { status: 'skipped', channel: target.channel, reason: `${target.address} opted out on ${target.channel}` };
    }
    const conversation = await this.o.store.latestConversation(customer.id);
    if (!conversation) return { status: 'skipped', channel: target.channel, reason: 'no conversation to send in yet (the customer has never written)' };
    const locale = typeof customer.profile.locale === 'string' ? customer.profile.locale : this.o.bot.config.defaultLocale;
    const sent = await this.o.engine().send(conversation.id, { ...(await this.receipt(order, locale)), channel: target.channel });
    const skipped = sent.find((m) => m.status === 'skipped');
    if (skipped) return { status: 'skipped', channel: target.channel, reason: `the outbound chain skipped it: ${skipped.error ?? 'no reason given'}`, messageId: skipped.id };
    return { status: 'sent', channel: target.channel, messageId: sent[0]?.id };
  }

  /** The receipt: a thank-you, one card per line (quantity × price, the line's total), the total paid. */
  async receipt(order: Order, locale: string): Promise<OutboundDraft> {
    const text = (key: Parameters<typeof catalogText>[1], values: Record<string, string>) => catalogText(this.o.bot.config, key, locale, values);
    const money = (amount: number) => formatPrice({ amount, currency: order.total.currency }, locale);
    const cards: Card[] = [];
    for (const line of order.items) {
      const product = line.productId ? await this.o.catalog.byId(line.productId, locale) : undefined;
      const card: Card = {
        title: line.title,
        subtitle: text('line', { quantity: String(line.quantity), price: money(line.unitPrice.amount) }),
        price: { amount: round(line.unitPrice.amount * line.quantity), currency: order.total.currency },
      };
      if (product?.imageUrl) card.imageUrl = product.imageUrl;
      if (product?.url) card.url = product.url;
      cards.push(card);
    }
    const total = order.shipping
      ? text('totalWithShipping', { total: money(order.total.amount), shipping: money(order.shipping.amount) })
      : text('total', { total: money(order.total.amount) });
    const lines = [text('receipt', { order: order.id }), total, order.shippingAddress && text('shipTo', { address: order.shippingAddress })];
    // `subject`: where messages have one (e-mail), the receipt's own, not "Re:" the last conversation.
    const metadata = { transactional: 'receipt', orderId: order.id, subject: text('subject', { order: order.id }) };
    return { text: lines.filter(Boolean).join('\n'), cards, locale, metadata };
  }

  /** The preferred channel when the customer has an address there, else the one they wrote on last. */
  private async target(customer: Customer): Promise<{ channel: string; address: string } | undefined> {
    const running = this.o.engine().channels;
    const addresses = (await this.o.store.addresses(customer.id)).filter((a) => running.has(a.channel));
    if (!addresses.length) return undefined;
    const preferred = addresses.find((a) => a.channel === customer.profile.preferredChannel);
    if (preferred) return preferred;
    const last = await this.o.store.lastInbound(customer.id);
    return addresses.find((a) => a.channel === last?.channel && a.address === last.address) ?? addresses[addresses.length - 1];
  }
}

/** The order an `order_placed` event describes (checked by `Receipts.check` first). */
function toOrder(event: NewEvent): Order {
  const p = OrderPlaced.parse(event.properties);
  const order: Order = {
    id: p.orderId,
    customerId: event.customerId,
    items: p.items.map((i) => ({ ...(i.id ? { productId: i.id } : {}), title: i.name, quantity: i.quantity, unitPrice: { amount: i.price, currency: p.currency } })),
    total: { amount: p.total, currency: p.currency },
    placedAt: event.at,
    status: p.status ?? 'placed',
  };
  if (p.shipping !== undefined) order.shipping = { amount: p.shipping, currency: p.currency };
  if (p.shippingAddress) order.shippingAddress = p.shippingAddress;
  return order;
}

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
