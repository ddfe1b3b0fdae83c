import { coreCustomerData, customerRecords } from '../../core/storage/customers';
import type { SqlStore } from '../../core/storage/sql-store';
import { onBothDatabases } from '../support/databases';

/**
 * Core's customer rows as identity links, merges, unmerges, exports and erases them
 * (`CustomerRecords`, `coreCustomerData`), the same on SQLite and PostgreSQL, with core's
 * migrations only: no identity table is needed for any of it.
 */
onBothDatabases('customer records contract', [], (open) => {
  let store: SqlStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  let clock = 1_000;
  const write = (channel: string, address: string, text = 'hi', profile?: { name?: string; email?: string }) =>
    store.intake({ channel, address, text, profile }, (clock += 10));

  test('get, row, addressOwner; a verified address is added once and never taken from its holder', async () => {
    const ann = (await write('sms', '+15550100001', 'hi', { name: 'Ann' })).message.customerId;
    expect(await store.customers.get(ann)).toMatchObject({ id: ann, profile: { name: 'Ann' } });
    expect((await store.customers.get(ann))?.mergedInto).toBeUndefined();
    expect(await store.customers.get('cus_missing')).toBeUndefined();
    expect(await store.customers.row(ann)).toMatchObject({ id: ann, merged_into: null });
    expect(await store.customers.addressOwner('sms', '+15550100001')).toBe(ann);
    expect(await store.customers.addressOwner('sms', '+15550100009')).toBeUndefined();

    const bo = (await write('web', 'bo')).message.customerId;
    expect(await store.customers.addVerifiedAddress(bo, { channel: 'sms', address: '+15550100002' }, 5_000)).toBe(true);
    expect(await store.customers.addVerifiedAddress(bo, { channel: 'sms', address: '+15550100001' }, 1_000)).toBe(false);
    expect(await store.customers.addressOwner('sms', '+15550100001')).toBe(ann);
    expect((await store.addresses(bo)).map((a) => [a.channel, a.address, a.verified])).toEqual([
      ['web', 'bo', false],
      ['sms', '+15550100002', true],
    ]);
  });

  test('merge moves addresses, conversations and messages, keeps the more recent open conversation; unmerge moves them back', async () => {
    const first = await write('sms', '+15550100003', 'from sms', { name: 'Ann' });
    const second = await write('web', 'ann-web', 'from the web', { email: 'ann@example.com' });
    const [source, target] = [first.message.customerId, second.message.customerId];
    // The web conversation is the more recently active one: it stays open; the SMS one closes and its waiting message moves over.
    const move = await store.customers.merge(source, target, { name: 'Ann', email: 'ann@example.com' }, 2_000);
    expect(move).toEqual({ addresses: [{ channel: 'sms', address: '+15550100003' }], conversations: [first.message.conversationId], closedConversation: first.message.conversationId });
    expect(await store.customers.get(source)).toMatchObject({ mergedInto: target, profile: {}, updatedAt: 2_000 });
    expect(await store.customers.get(target)).toMatchObject({ profile: { name: 'Ann', email: 'ann@example.com' }, updatedAt: 2_000 });
    expect((await store.addresses(target)).map((a) => a.channel).sort()).toEqual(['sms', 'web']);
    expect((await store.getConversation(first.message.conversationId))).toMatchObject({ customerId: target, status: 'closed' });
    expect(await store.pendingInbound(second.message.conversationId)).toEqual([
      expect.objectContaining({ text: 'from sms', customerId: target }),
      expect.objectContaining({ text: 'from the web', customerId: target }),
    ]);
    expect(await store.listMessages({ customerId: source })).toEqual([]);

    await store.customers.unmerge(
      { source, target, ...move, sourceProfile: { name: 'Ann' }, targetProfile: { email: 'ann@example.com' } },
      3_000,
    );
    expect(await store.customers.get(source)).toMatchObject({ profile: { name: 'Ann' }, updatedAt: 3_000 });
    expect((await store.customers.get(source))?.mergedInto).toBeUndefined();
    expect(await store.customers.get(target)).toMatchObject({ profile: { email: 'ann@example.com' } });
    expect((await store.addresses(source)).map((a) => a.address)).toEqual(['+15550100003']);
    expect((await store.getConversation(first.message.conversationId))?.customerId).toBe(source);
    // The message that moved into the open conversation stays there, with the target.
    expect((await store.listMessages({ customerId: target })).map((m) => m.text).sort()).toEqual(['from sms', 'from the web']);
  });

  test('merge inside a transaction that fails later leaves nothing moved', async () => {
    const ann = (await write('sms', '+15550100004', 'hi', { name: 'Ann' })).message;
    const bo = (await write('web', 'bo-4')).message;
    await expect(
      store.sql.transaction(async (tx) => {
        await customerRecords(tx).merge(ann.customerId, bo.customerId, { name: 'Ann' }, 2_000);
        throw new Error('the caller failed after the merge');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await store.customers.get(ann.customerId)).toMatchObject({ profile: { name: 'Ann' } });
    expect((await store.customers.get(ann.customerId))?.mergedInto).toBeUndefined();
    expect(await store.customers.addressOwner('sms', '+15550100004')).toBe(ann.customerId);
    expect(await store.openConversation(ann.customerId)).toMatchObject({ id: ann.conversationId });
    expect((await store.listMessages({ customerId: ann.customerId })).map((m) => m.id)).toEqual([ann.id]);
  });

  test('subject follows merges transitively; export and erasure of core rows, then the customers', async () => {
    const ann = (await write('sms', '+15550100005', 'mine')).message;
    const bo = (await write('web', 'bo-5', 'his')).message;
    const cy = (await write('web', 'cy-5', 'theirs')).message;
    const other = (await write('web', 'other-5', 'not theirs')).message;
    await store.customers.merge(cy.customerId, bo.customerId, {}, 2_000);
    await store.customers.merge(bo.customerId, ann.customerId, {}, 3_000);

    const rows = await store.customers.subject(ann.customerId);
    expect(rows.customerIds).toEqual([ann.customerId, bo.customerId, cy.customerId]);
    expect(rows.conversationIds.sort()).toEqual([ann.conversationId, bo.conversationId, cy.conversationId].sort());
    expect(rows.addresses.map((a) => a.address).sort()).toEqual(['+15550100005', 'bo-5', 'cy-5']);

    const subject = { sql: store.sql, ...rows, keyedHash: (v: string) => v };
    const exported = await coreCustomerData.export(subject);
    expect(exported.messages.map((m) => m.text).sort()).toEqual(['his', 'mine', 'theirs']);
    expect(exported.conversations).toHaveLength(3);
    expect(exported.addresses).toHaveLength(3);

    await store.sql.transaction(async (tx) => {
      await coreCustomerData.erase({ ...subject, sql: tx });
      await customerRecords(tx).erase(rows.customerIds);
    });
    for (const id of rows.customerIds) expect(await store.customers.get(id)).toBeUndefined();
    expect(await store.customers.addressOwner('sms', '+15550100005')).toBeUndefined();
    expect(await store.getMessage(ann.id)).toBeUndefined();
    // Someone else's rows stay.
    expect(await store.getMessage(other.id)).toMatchObject({ text: 'not theirs' });
    expect(await store.customers.subject(other.customerId)).toEqual({
      customerIds: [other.customerId],
      conversationIds: [other.conversationId],
      addresses: [{ channel: 'web', address: 'other-5' }],
    });
  });
});
