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
  /** Expected delivery (shipped) or delivery date (delivered), YYYY-MM-DD in the shop's time zone. */
  date?: string;
}

/** The shop's time zone (bot.yaml `journeys.defaultTimezone`): "today" is London's today. */
const SHOP_TIMEZONE = 'Europe/London';
const DAY_MS = 86_400_000;

/**
 * The demo's orders, dated in days from today rather than on fixed dates, so the demo never says a
 * parcel "should arrive" on a day already past: NW-1001 arrives in two days, NW-1002 came five
 * days ago, whenever the demo runs.
 */
const ORDERS: Array<Omit<Order, 'date'> & { daysFromToday?: number }> = [
  { number: 'NW-1001', status: 'shipped', carrier: 'Royal Mail', daysFromToday: 2 },
  { number: 'NW-1002', status: 'delivered', daysFromToday: -5 },
  { number: 'NW-1003', status: 'processing' },
];

/** The demo shop's orders and returns. */
export class OrderStore {
  private readonly orders = new Map(ORDERS.map((o) => [o.number, o]));
  readonly returns: Array<{ id: string; order: string; reason: string; receivedOn: string }> = [];

  /** `now` is the clock the order dates count from (a test passes a fixed one). */
  constructor(private readonly now: () => number = Date.now) {}

  /** Normalises what a customer typed ("nw1001", "NW 1001") to the shop's form "NW-1001". */
  static normalize(number: string): string {
    const digits = /\d{4,6}/.exec(number)?.[0];
    return digits ? `NW-${digits}` : number.trim().toUpperCase();
  }

  /** The order, with its date worked out from today; undefined when there is no such order. */
  find(number: string): Order | undefined {
    const found = this.orders.get(OrderStore.normalize(number));
    if (!found) return undefined;
    const { daysFromToday, ...order } = found;
    return daysFromToday === undefined ? order : { ...order, date: shopDay(this.now() + daysFromToday * DAY_MS) };
  }

  /** Opens a return and gives its reference (RMA). */
  createReturn(order: string, reason: string, receivedOn: string): string {
    const id = `RMA-${OrderStore.normalize(order).slice(3)}-${this.returns.length + 1}`;
    this.returns.push({ id, order: OrderStore.normalize(order), reason, receivedOn });
    return id;
  }
}

/** YYYY-MM-DD of the instant `ms` in the shop's time zone (the en-CA format is ISO-like). */
function shopDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SHOP_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
