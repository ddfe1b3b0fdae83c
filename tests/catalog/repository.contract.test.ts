import type { Order } from '../../core/commerce';
import type { SqlStore } from '../../core/storage/sql-store';
import { OrderStore, orderMigrations } from '../../catalog/orders';
import { onBothDatabases } from '../support/databases';

/** The catalog module's orders, the same on SQLite and PostgreSQL. */
onBothDatabases('catalog order store contract', orderMigrations, (open) => {
  let store: SqlStore;
  let orders: OrderStore;
  let clock: number;
  beforeEach(async () => {
    store = await open();
    clock = 1_700_000_000_000;
    orders = new OrderStore(store.sql, () => clock);
  });
  afterEach(() => store.close());

  const order = (id: string, customerId: string, placedAt: number, extra: Partial<Order> = {}): Order => ({
    id,
    customerId,
    items: [{ productId: 'K-1', title: 'Kettle', quantity: 2, unitPrice: { amount: 19.99, currency: 'GBP' } }],
    total: { amount: 44.47, currency: 'GBP' },
    placedAt,
    status: 'placed',
    ...extra,
  });

  test('an order is stored once, with its amounts, shipping and a pending receipt; the latest is the last placed', async () => {
    const first = await orders.add(order('ord_1', 'cus_a', 1_000, { shipping: { amount: 4.49, currency: 'GBP' }, shippingAddress: '1 High St' }));
    expect(first).toEqual({ ...order('ord_1', 'cus_a', 1_000), shipping: { amount: 4.49, currency: 'GBP' }, shippingAddress: '1 High St', receipt: { status: 'pending' } });
    // The same id again (a retried event) keeps the first.
    expect(await orders.add(order('ord_1', 'cus_a', 9_000, { status: 'shipped' }))).toEqual(first);
    await orders.add(order('ord_2', 'cus_a', 2_000));
    await orders.add(order('ord_3', 'cus_b', 3_000));
    expect((await orders.latest('cus_a'))?.id).toBe('ord_2');
    expect(await orders.latest('cus_missing')).toBeUndefined();
    expect(await orders.get('ord_missing')).toBeUndefined();
  });

  test('a receipt is claimed by one caller; a claim left by a sender that died is taken again once stale; the outcome is kept', async () => {
    await orders.add(order('ord_1', 'cus_a', 1_000));
    expect(await orders.claimReceipt('ord_1')).toBe(true);
    expect(await orders.claimReceipt('ord_1')).toBe(false);
    clock += 10 * 60_000 + 1;
    expect(await orders.claimReceipt('ord_1')).toBe(true);
    await orders.settleReceipt('ord_1', { status: 'sent', messageId: 'msg_1', channel: 'email' });
    expect((await orders.get('ord_1'))?.receipt).toEqual({ status: 'sent', messageId: 'msg_1', channel: 'email' });
    expect(await orders.claimReceipt('ord_1', 0)).toBe(false);
    await orders.add(order('ord_2', 'cus_a', 2_000));
    await orders.settleReceipt('ord_2', { status: 'skipped', reason: 'unsubscribed' });
    expect((await orders.get('ord_2'))?.receipt).toEqual({ status: 'skipped', reason: 'unsubscribed' });
  });
});
