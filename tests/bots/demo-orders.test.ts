import { OrderStore } from '../../bots/demo/orders';

/** The demo's orders are dated from today, in the shop's time zone (London), so they never go stale. */
describe('the demo shop’s orders', () => {
  test('NW-1001 arrives in two days and NW-1002 came five days ago, counted from the clock', () => {
    const orders = new OrderStore(() => Date.UTC(2027, 0, 30, 12, 0, 0));
    expect(orders.find('nw1001')).toEqual({ number: 'NW-1001', status: 'shipped', carrier: 'Royal Mail', date: '2027-02-01' });
    expect(orders.find('NW 1002')).toEqual({ number: 'NW-1002', status: 'delivered', date: '2027-01-25' });
    expect(orders.find('NW-1003')).toEqual({ number: 'NW-1003', status: 'processing' });
    expect(orders.find('NW-9999')).toBeUndefined();
  });

  test('"today" is London’s: just after midnight in summer (BST) is already the next day', () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    const orders = new OrderStore(() => Date.UTC(2027, 6, 1, 23, 30, 0));
    expect(orders.find('NW-1001')?.date).toBe('2027-07-04');
  });

  test('the default clock is the real one: the expected delivery is never in the past', () => {
    const date = new OrderStore().find('NW-1001')?.date ?? '';
    expect(Date.parse(`${date}T23:59:59Z`)).toBeGreaterThan(Date.now());
  });
});
