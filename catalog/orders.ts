import { z } from 'zod';
import type { Order, OrderLookup } from '../core/commerce';
import { movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';
import type { Migration, SqlDriver } from '../core/storage/sql';

/** The catalog module's orders table: one row per shop order, with how its receipt went. */
export const orderMigrations: Migration[] = [
  {
    id: 'catalog-001-orders',
    sql: `CREATE TABLE catalog_orders (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  items TEXT NOT NULL,
  total_amount DOUBLE PRECISION NOT NULL,
  currency TEXT NOT NULL,
  shipping_amount DOUBLE PRECISION,
  shipping_address TEXT,
  status TEXT NOT NULL,
  placed_at BIGINT NOT NULL,
  receipt_status TEXT NOT NULL,
  receipt_reason TEXT,
  receipt_message_id TEXT,
  receipt_channel TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_orders_customer ON catalog_orders (customer_id, placed_at);`,
  },
];

/** Orders are the customer's data: exported with them, erased with them, and theirs after a merge. */
export const ordersCustomerData: CustomerData = {
  ...rowsAbout('catalog.orders', [['catalog_orders', ofCustomers()]]),
  merge: movesCustomerRows([['catalog_orders', ['id']]]),
};

const Money = z.number().nonnegative().finite();

/**
 * The properties of an `order_placed` event that is an order (it has an `orderId`): what the
 * receipt shows. `items[].price` is the price of one; `total` what was paid in all.
 */
export const OrderPlaced = z.looseObject({
  orderId: z.string().trim().min(1).max(100),
  items: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]).transform(String).optional(),
        name: z.string().trim().min(1).max(200),
        quantity: z.number().int().positive().max(10_000).default(1),
        price: Money,
      }),
      { error: 'expected a list of items ({ name, price, quantity })' },
    )
    .min(1, 'an order needs at least one item'),
  total: Money,
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code like GBP').transform((c) => c.toUpperCase()),
  shipping: Money.optional(),
  shippingAddress: z.string().trim().max(500).optional(),
  status: z.string().trim().min(1).max(40).optional(),
});

/** Where a receipt stands: `pending` until sent, or skipped with a reason. */
export type ReceiptStatus = 'pending' | 'sending' | 'sent' | 'skipped';

/** An order and its receipt's state. */
export interface StoredOrder extends Order {
  receipt: { status: ReceiptStatus; reason?: string; messageId?: string; channel?: string };
}

/** The orders table: only this module reads it; others ask `OrderLookup`. */
export class OrderStore implements OrderLookup {
  constructor(
    private readonly sql: SqlDriver,
    private readonly now: () => number,
  ) {}

  /** Stores an order unless its id is known; returns the stored one (new or earlier). */
  async add(order: Order): Promise<StoredOrder> {
    const now = this.now();
    await this.sql.run(
      `INSERT INTO catalog_orders (id, customer_id, items, total_amount, currency, shipping_amount, shipping_address, status, placed_at, receipt_status, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING`,
      [order.id, order.customerId, JSON.stringify(order.items), order.total.amount, order.total.currency, order.shipping?.amount ?? null, order.shippingAddress ?? null, order.status, order.placedAt, now],
    );
    return (await this.get(order.id))!;
  }

  async get(id: string): Promise<StoredOrder | undefined> {
    const row = await this.sql.get(`SELECT * FROM catalog_orders WHERE id = ?`, [id]);
    return row && toOrder(row);
  }

  async latest(customerId: string): Promise<Order | undefined> {
    const row = await this.sql.get(`SELECT * FROM catalog_orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT 1`, [customerId]);
    return row && toOrder(row);
  }

  /**
   * Claims the receipt of an order for sending: true for one caller only, while it is pending (or
   * a sender died mid-way more than `staleMs` ago). Two instances handling the same retried event
   * never both send it.
   */
  async claimReceipt(id: string, staleMs = 10 * 60_000): Promise<boolean> {
    const now = this.now();
    const claimed = await this.sql.run(
      `UPDATE catalog_orders SET receipt_status = 'sending', updated_at = ? WHERE id = ? AND (receipt_status = 'pending' OR (receipt_status = 'sending' AND updated_at < ?))`,
      [now, id, now - staleMs],
    );
    return claimed.changes > 0;
  }

  /** Records how the receipt went. */
  async settleReceipt(id: string, outcome: { status: ReceiptStatus; reason?: string; messageId?: string; channel?: string }): Promise<void> {
    await this.sql.run(`UPDATE catalog_orders SET receipt_status = ?, receipt_reason = ?, receipt_message_id = ?, receipt_channel = ?, updated_at = ? WHERE id = ?`, [
      outcome.status,
      outcome.reason ?? null,
      outcome.messageId ?? null,
      outcome.channel ?? null,
      this.now(),
      id,
    ]);
  }
}

function toOrder(r: Record<string, unknown>): StoredOrder {
  const currency = String(r.currency);
  const order: StoredOrder = {
    id: String(r.id),
    customerId: String(r.customer_id),
    items: JSON.parse(String(r.items)) as Order['items'],
    total: { amount: Number(r.total_amount), currency },
    placedAt: Number(r.placed_at),
    status: String(r.status),
    receipt: { status: r.receipt_status as ReceiptStatus },
  };
  if (r.shipping_amount !== null && r.shipping_amount !== undefined) order.shipping = { amount: Number(r.shipping_amount), currency };
  if (r.shipping_address) order.shippingAddress = String(r.shipping_address);
  if (r.receipt_reason) order.receipt.reason = String(r.receipt_reason);
  if (r.receipt_message_id) order.receipt.messageId = String(r.receipt_message_id);
  if (r.receipt_channel) order.receipt.channel = String(r.receipt_channel);
  return order;
}
