import type { CustomerSubject } from '../../core/customer-data';
import { keyedHash, privacyKey } from '../../core/identity/privacy-key';
import type { SqlStore } from '../../core/storage/sql-store';
import { emailCustomerData, emailMigrations, EmailStore } from '../../channels/email/store';
import { onBothDatabases } from '../support/databases';

/**
 * The e-mail channel's tables (`EmailStore`: thread, automated mail, unsubscriptions) and its
 * customer-data declaration, the same on SQLite and PostgreSQL.
 */
onBothDatabases('e-mail store contract', emailMigrations, (open) => {
  let store: SqlStore;
  let email: EmailStore;
  beforeEach(async () => {
    store = await open();
    email = new EmailStore(store.sql);
  });
  afterEach(() => store.close());

  const entry = (messageId: string, direction: 'inbound' | 'outbound', conversationId: string, address: string, createdAt: number) => ({
    messageId,
    direction,
    conversationId,
    address,
    createdAt,
  });

  test('a thread keeps each Message-ID once, oldest first, and tells ours from theirs', async () => {
    await email.addToThread({ ...entry('<b@shop>', 'outbound', 'conv-1', 'ann@example.com', 2_000), subject: 'Re: order' });
    await email.addToThread(entry('<a@ann>', 'inbound', 'conv-1', 'ann@example.com', 1_000));
    await email.addToThread(entry('<a@ann>', 'inbound', 'conv-1', 'ann@example.com', 9_000)); // a repeat
    await email.addToThread(entry('<c@bo>', 'inbound', 'conv-2', 'bo@example.com', 1_500));
    expect(await email.thread('conv-1')).toEqual([
      { messageId: '<a@ann>', direction: 'inbound', conversationId: 'conv-1', address: 'ann@example.com', subject: undefined, createdAt: 1_000 },
      { messageId: '<b@shop>', direction: 'outbound', conversationId: 'conv-1', address: 'ann@example.com', subject: 'Re: order', createdAt: 2_000 },
    ]);
    expect(await email.thread('conv-none')).toEqual([]);
    expect([await email.isOurs('<b@shop>'), await email.isOurs('<a@ann>'), await email.isOurs('<x@y>')]).toEqual([true, false, false]);
    expect([await email.seen('<a@ann>'), await email.seen('<b@shop>'), await email.seen('<x@y>')]).toEqual([true, false, false]);
  });

  test('automated mail is stored once, listed newest first, and counts toward what a sender sent', async () => {
    await email.addAutomated({ messageId: '<bounce-1@mx>', kind: 'bounce', reason: 'mailbox full', address: 'ann@example.com', refersTo: '<b@shop>', receivedAt: 3_000 });
    await email.addAutomated({ messageId: '<ooo-1@ann>', kind: 'auto-reply', reason: 'Auto-Submitted', address: 'ann@example.com', subject: 'Away', receivedAt: 4_000 });
    await email.addAutomated({ messageId: '<ooo-1@ann>', kind: 'auto-reply', reason: 'again', address: 'ann@example.com', receivedAt: 9_000 });
    expect(await email.automatedFrom('ann@example.com')).toEqual([
      { messageId: '<ooo-1@ann>', kind: 'auto-reply', reason: 'Auto-Submitted', address: 'ann@example.com', subject: 'Away', refersTo: undefined, receivedAt: 4_000 },
      { messageId: '<bounce-1@mx>', kind: 'bounce', reason: 'mailbox full', address: 'ann@example.com', subject: undefined, refersTo: '<b@shop>', receivedAt: 3_000 },
    ]);
    expect(await email.seen('<bounce-1@mx>')).toBe(true);
    await email.addToThread(entry('<a@ann>', 'inbound', 'conv-1', 'ann@example.com', 1_000));
    await email.addToThread(entry('<a2@ann>', 'inbound', 'conv-1', 'ann@example.com', 5_000));
    await email.addToThread(entry('<b@shop>', 'outbound', 'conv-1', 'ann@example.com', 6_000));
    expect(await email.receivedFrom('ann@example.com', 0)).toBe(4);
    expect(await email.receivedFrom('ann@example.com', 3_500)).toBe(2);
    expect(await email.receivedFrom('bo@example.com', 0)).toBe(0);
  });

  test('unsubscribing and subscribing again: the last word counts', async () => {
    expect(await email.isOptedOut('ann@example.com')).toBe(false);
    await email.setOptOut('ann@example.com', true, 'list-unsubscribe', 1_000);
    expect(await email.isOptedOut('ann@example.com')).toBe(true);
    await email.setOptOut('ann@example.com', false, 'reply START', 2_000);
    expect(await email.isOptedOut('ann@example.com')).toBe(false);
    await email.setOptOut('ann@example.com', true, 'link', 3_000);
    expect(await store.sql.all(`SELECT address, opted_out, how FROM email_opt_outs`)).toEqual([{ address: 'ann@example.com', opted_out: 1, how: 'link' }]);
  });

  test('export lists the customer’s rows; erasure removes them, an unsubscribed address staying suppressed as a keyed hash', async () => {
    await email.addToThread(entry('<a@ann>', 'inbound', 'conv-ann', 'ann@example.com', 1_000));
    await email.addToThread(entry('<old@ann>', 'inbound', 'conv-elsewhere', 'ann@example.com', 500));
    await email.addToThread(entry('<c@bo>', 'inbound', 'conv-bo', 'bo@example.com', 1_500));
    await email.addAutomated({ messageId: '<ooo@ann>', kind: 'auto-reply', reason: 'x', address: 'ann@example.com', receivedAt: 2_000 });
    await email.setOptOut('ann@example.com', true, 'link', 3_000);
    await email.setOptOut('bo@example.com', true, 'link', 3_000);
    const key = await privacyKey(store.sql);
    const subject: CustomerSubject = {
      sql: store.sql,
      customerIds: ['cus_ann'],
      conversationIds: ['conv-ann'],
      addresses: [{ channel: 'email', address: 'ann@example.com' }, { channel: 'sms', address: '+15550100001' }],
      keyedHash: (value) => keyedHash(key, value),
    };

    const exported = await emailCustomerData.export(subject);
    expect(exported.email_thread.map((r) => r.message_id).sort()).toEqual(['<a@ann>', '<old@ann>']);
    expect(exported.email_automated.map((r) => r.message_id)).toEqual(['<ooo@ann>']);
    expect(exported.email_opt_outs.map((r) => r.address)).toEqual(['ann@example.com']);

    await store.sql.transaction((tx) => emailCustomerData.erase({ ...subject, sql: tx }));
    expect(await store.sql.all(`SELECT message_id FROM email_thread ORDER BY message_id`)).toEqual([{ message_id: '<c@bo>' }]);
    expect(await store.sql.all(`SELECT message_id FROM email_automated`)).toEqual([]);
    expect((await store.sql.all<{ address: string }>(`SELECT address FROM email_opt_outs ORDER BY address`)).map((r) => r.address).sort()).toEqual(
      ['bo@example.com', keyedHash(key, 'ann@example.com')].sort(),
    );
    expect(await email.isOptedOut('ann@example.com')).toBe(true);
    expect(Object.values(await emailCustomerData.export(subject)).every((rows) => rows.length === 0)).toBe(true);
  });
});
