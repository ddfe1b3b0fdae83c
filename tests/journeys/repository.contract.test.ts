import type { SqlStore } from '../../core/storage/sql-store';
import { EventStore, journeyMigrations } from '../../journeys/events';
import { onBothDatabases } from '../support/databases';

/** The journeys module's event store, the same on SQLite and PostgreSQL. */
onBothDatabases('journeys event store contract', journeyMigrations, (open) => {
  let store: SqlStore;
  let events: EventStore;
  beforeEach(async () => {
    store = await open();
    events = new EventStore(store.sql);
  });
  afterEach(() => store.close());

  const event = (customerId: string, type: string, at: number, id?: string) => ({ id, customerId, type, properties: { sku: 'A-1', n: at }, source: 'api', at });

  test('adds a batch all or nothing; an id seen before is skipped, and only new events are returned', async () => {
    const added = await events.add([event('cus_a', 'product_view', 1_000, 'evt_1'), event('cus_a', 'cart_add', 2_000)], 5_000);
    expect(added.map((e) => e.type)).toEqual(['product_view', 'cart_add']);
    expect(added[1].id).toMatch(/^evt_/);
    expect(await events.add([event('cus_a', 'product_view', 1_000, 'evt_1'), event('cus_b', 'page_view', 3_000, 'evt_2')], 6_000)).toEqual([
      expect.objectContaining({ id: 'evt_2' }),
    ]);
    expect(await events.get('evt_1')).toEqual({ id: 'evt_1', customerId: 'cus_a', type: 'product_view', properties: { sku: 'A-1', n: 1_000 }, source: 'api', at: 1_000 });
    expect(await events.get('evt_missing')).toBeUndefined();
    // A batch that fails halfway stores nothing.
    // (Matched by message: SQLite's error may come from another test file's realm, which toThrow does not see as an Error.)
    await expect(events.add([event('cus_c', 'page_view', 1, 'evt_3'), { ...event('cus_c', 'page_view', 2, 'evt_4'), type: null as unknown as string }], 7_000)).rejects.toMatchObject({
      message: expect.stringMatching(/NOT NULL constraint failed|null value in column "type"/),
    });
    expect(await events.get('evt_3')).toBeUndefined();
  });

  test('reads by customer (oldest first), by type (newest first, limited) and whether one happened after a time', async () => {
    await events.add([event('cus_a', 'cart_add', 3_000), event('cus_a', 'product_view', 1_000), event('cus_b', 'cart_add', 2_000), event('cus_a', 'checkout_start', 4_000)], 9_000);
    expect((await events.forCustomer('cus_a')).map((e) => e.at)).toEqual([1_000, 3_000, 4_000]);
    expect((await events.forCustomer('cus_a', 3_000)).map((e) => e.type)).toEqual(['cart_add', 'checkout_start']);
    expect((await events.ofType('cart_add', 0)).map((e) => e.customerId)).toEqual(['cus_a', 'cus_b']);
    expect(await events.ofType('cart_add', 0, 1)).toHaveLength(1);
    expect(await events.happenedAfter('cus_a', 'checkout_start', 3_000)).toBe(true);
    expect(await events.happenedAfter('cus_a', 'checkout_start', 4_000)).toBe(false);
  });

  test('retention: who is active, who has old events, and deleting before a time', async () => {
    await events.add([event('cus_a', 'page_view', 1_000), event('cus_a', 'page_view', 5_000), event('cus_b', 'page_view', 2_000), event('cus_c', 'page_view', 6_000)], 9_000);
    expect((await events.activeCustomers(5_000)).sort()).toEqual(['cus_a', 'cus_c']);
    expect((await events.customersBefore(3_000)).sort()).toEqual(['cus_a', 'cus_b']);
    expect(await events.deleteBefore(3_000)).toBe(2);
    expect((await events.forCustomer('cus_a')).map((e) => e.at)).toEqual([5_000]);
    expect(await events.forCustomer('cus_b')).toEqual([]);
  });
});
