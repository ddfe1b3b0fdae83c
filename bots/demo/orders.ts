/**
 * Northwind's demo order store: a few orders in memory, and the returns created for them. A real
 * bot would call its shop's API here; the dialogs only see the actions in `index.ts`.
 */

/** Where an order is. */
export type OrderStatus = 'processing' | 'shipped' | 'delivered';

/** One order as the bot may tell the customer about it. */
export interface Order {
  number: string;
  status: OrderStatus;
  carrier?: string;
  /** Expected delivery (shipped) or delivery date (delivered), YYYY-MM-DD. */
  date?: string;
}

const ORDERS: Order[] = [
  { number: 'NW-1001', status: 'shipped', carrier: 'DHL', date: '2026-12-02' },
  { number: 'NW-1002', status: 'delivered', date: '2026-11-20' },
  { number: 'NW-1003', status: 'processing' },
];

/** The demo shop's orders and returns. */
export class OrderStore {
  private readonly orders = new Map(ORDERS.map((o) => [o.number, o]));
  readonly returns: Array<{ id: string; order: string; reason: string; receivedOn: string }> = [];

  /** Normalises what a customer typed ("nw1001", "NW 1001") to the shop's form "NW-1001". */
  static normalize(number: string): string {
    const digits = /\d{4,6}/.exec(number)?.[0];
    return digits ? `NW-${digits}` : number.trim().toUpperCase();
  }

  find(number: string): Order | undefined {
    return this.orders.get(OrderStore.normalize(number));
  }

  /** Opens a return and gives its reference (RMA). */
  createReturn(order: string, reason: string, receivedOn: string): string {
    const id = `RMA-${OrderStore.normalize(order).slice(3)}-${this.returns.length + 1}`;
    this.returns.push({ id, order: OrderStore.normalize(order), reason, receivedOn });
    return id;
  }
}
