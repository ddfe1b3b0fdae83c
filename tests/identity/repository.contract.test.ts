import type { SqlStore } from '../../core/storage/sql-store';
import { audit, auditTrail } from '../../identity/audit';
import { confirmLinkCode, issueLinkCode, LINK_LIMITS } from '../../identity/linking';
import { identityLinks } from '../../identity/links';
import { mergeCustomers, unmergeCustomers } from '../../identity/merge';
import { eraseCustomer, exportCustomer } from '../../identity/privacy';
import { identityMigrations } from '../../identity/schema';
import { onBothDatabases } from '../support/databases';
import { mergeTrap } from './support';

/**
 * Identity's tables and what reads and writes them (intake's links, the audit log, link codes,
 * merges, export and erasure), the same on SQLite and PostgreSQL.
 */
onBothDatabases('identity repository contract', identityMigrations, (open) => {
  let store: SqlStore;
  // Identity's own merge hook is always there; these stores hold no other module's tables.
  const links = identityLinks([]);
  beforeEach(async () => {
    store = await open();
    store.linkIdentities(links);
  });
  afterEach(() => store.close());

  const phone = (value: string) => [{ kind: 'phone' as const, value }];
  const customerOf = async (channel: string, address: string, identities?: ReturnType<typeof phone>) =>
    (await store.intake({ channel, address, text: 'hi', identities })).message.customerId;

  test('links: the first identity anyone holds names its owner; remembering never takes one from its owner', async () => {
    const ann = await customerOf('sms', '+15550100001', phone('+15550100001'));
    const bo = await customerOf('web', 'bo');
    await store.sql.transaction(async (tx) => {
      expect(await links.ownerOf(tx, [{ kind: 'email', value: 'nobody@example.com' }, { kind: 'phone', value: '+15550100001' }])).toBe(ann);
      expect(await links.ownerOf(tx, [{ kind: 'email', value: 'nobody@example.com' }])).toBeUndefined();
      await links.remember(tx, bo, [{ kind: 'phone', value: '+15550100001' }, { kind: 'email', value: 'bo@example.com' }], 1_000);
    });
    expect(await store.sql.all(`SELECT kind, value, customer_id FROM identities ORDER BY kind`)).toEqual([
      { kind: 'email', value: 'bo@example.com', customer_id: bo },
      { kind: 'phone', value: '+15550100001', customer_id: ann },
    ]);
  });

  test('intake: a visitor who proves a held identity merges into its holder, audited as automatic', async () => {
    const ann = await customerOf('sms', '+15550100002', phone('+15550100002'));
    const visitor = await customerOf('web', 'visitor-2');
    expect(await customerOf('web', 'visitor-2', phone('+15550100002'))).toBe(ann);
    expect((await store.getCustomer(visitor))?.id).toBe(visitor); // the stub stays, pointing at Ann
    expect(await store.sql.get(`SELECT merged_into FROM customers WHERE id = ?`, [visitor])).toEqual({ merged_into: ann });
    expect((await auditTrail(store.sql, ann)).map((e) => [e.action, e.actor])).toEqual([['merge', 'auto:phone']]);
  });

  test('audit: entries come back oldest first with their details', async () => {
    const ann = await customerOf('web', 'ann-3');
    await audit(store.sql, { actor: 'cli', action: 'link', customerId: ann, details: { n: 1 } });
    await audit(store.sql, { actor: 'agent:sam', action: 'link', customerId: ann, details: { n: 2 } });
    expect((await auditTrail(store.sql, ann)).map((e) => [e.actor, e.details])).toEqual([
      ['cli', { n: 1 }],
      ['agent:sam', { n: 2 }],
    ]);
    expect(await auditTrail(store.sql, 'cus_missing')).toEqual([]);
  });

  test('link codes: a code sent to a number links it once; a wrong one is counted; limits hold per hour', async () => {
    const visitor = await customerOf('web', 'visitor-4');
    const now = 1_700_000_000_000;
    const code = await issueLinkCode(store.sql, { customerId: visitor, channel: 'sms', address: '+15550100004', client: '192.0.2.4', now });
    await expect(confirmLinkCode(store.sql, { customerId: visitor, code: code === '000000' ? '111111' : '000000', client: '192.0.2.4', now }, [])).rejects.toMatchObject({
      reason: 'invalid',
    });
    expect(await store.sql.get(`SELECT COUNT(*) AS n FROM link_failures WHERE customer_id = ? AND client_hash IS NOT NULL`, [visitor])).toEqual({ n: 1 });
    expect(await confirmLinkCode(store.sql, { customerId: visitor, code, now: now + 1 }, [])).toMatchObject({ customerId: visitor, channel: 'sms', address: '+15550100004' });
    await expect(confirmLinkCode(store.sql, { customerId: visitor, code, now: now + 2 }, [])).rejects.toMatchObject({ reason: 'invalid' });
    // The number is the visitor's now, on any channel that vouches for it.
    expect(await customerOf('whatsapp', '15550100004', phone('+15550100004'))).toBe(visitor);
    for (let i = 1; i < LINK_LIMITS.codesPerHour; i++) await issueLinkCode(store.sql, { customerId: visitor, now: now + 10 + i });
    await expect(issueLinkCode(store.sql, { customerId: visitor, now: now + 20 })).rejects.toMatchObject({ reason: 'rate-limited' });
    expect(await issueLinkCode(store.sql, { customerId: visitor, now: now + 3_600_001 })).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  test('merge and unmerge: addresses, identities and conversations move and come back', async () => {
    const ann = await customerOf('sms', '+15550100005', phone('+15550100005'));
    const bo = await customerOf('web', 'bo-5');
    const entry = await mergeCustomers(store.sql, ann, bo, 'agent:sam', []);
    expect((await store.addresses(bo)).map((a) => a.channel).sort()).toEqual(['sms', 'web']);
    expect(await store.sql.get(`SELECT customer_id FROM identities WHERE value = '+15550100005'`)).toEqual({ customer_id: bo });
    await unmergeCustomers(store.sql, entry.id, 'agent:sam', []);
    expect((await store.addresses(ann)).map((a) => a.channel)).toEqual(['sms']);
    expect(await store.sql.get(`SELECT customer_id FROM identities WHERE value = '+15550100005'`)).toEqual({ customer_id: ann });
    expect((await auditTrail(store.sql, bo)).map((e) => e.action)).toEqual(['merge', 'unmerge']);
  });

  test('a merge recorded before the merge hooks (no `moved` in its record) is undone as then: core’s rows and identities go back', async () => {
    const ann = await customerOf('sms', '+15550100008', phone('+15550100008'));
    const bo = await customerOf('web', 'bo-8');
    const entry = await mergeCustomers(store.sql, ann, bo, 'agent:sam', []);
    const { moved, ...before } = entry.details;
    expect(moved).toEqual(expect.objectContaining({ identity: expect.objectContaining({ identities: [{ kind: 'phone', value: '+15550100008' }] }) }));
    await store.sql.run(`UPDATE identity_audit SET details = ? WHERE id = ?`, [JSON.stringify(before), entry.id]);

    await unmergeCustomers(store.sql, entry.id, 'agent:sam', []);
    expect((await store.addresses(ann)).map((a) => a.address)).toEqual(['+15550100008']);
    expect(await store.sql.get(`SELECT customer_id FROM identities WHERE value = '+15550100008'`)).toEqual({ customer_id: ann });
  });

  test('a merge that fails part-way (a module table refuses its rows) leaves nothing moved and nothing audited', async () => {
    const ann = await store.intake({ channel: 'sms', address: '+15550100007', text: 'hi', identities: phone('+15550100007'), profile: { name: 'Ann' } });
    const bo = (await store.intake({ channel: 'web', address: 'bo-7', text: 'hi', profile: { email: 'bo@example.com' } })).message.customerId;
    const source = ann.message.customerId;
    // A module's table about customers, moved by its merge hook after core's rows: it refuses Bo.
    const trap = await mergeTrap(store.sql, source, bo);

    // The driver's error comes from the native module's realm (not always `instanceof Error` here): match its message.
    await expect(mergeCustomers(store.sql, source, bo, 'agent:sam', [trap])).rejects.toMatchObject({ message: expect.stringMatching(/check constraint/i) });
    expect(await store.getCustomer(source)).toMatchObject({ profile: { name: 'Ann' } });
    expect(await store.sql.get(`SELECT merged_into FROM customers WHERE id = ?`, [source])).toEqual({ merged_into: null });
    expect(await store.getCustomer(bo)).toMatchObject({ profile: { email: 'bo@example.com' } });
    expect((await store.addresses(source)).map((a) => a.address)).toEqual(['+15550100007']);
    expect(await store.openConversation(source)).toMatchObject({ id: ann.message.conversationId });
    expect((await store.listMessages({ customerId: source })).map((m) => m.id)).toEqual([ann.message.id]);
    expect(await store.sql.get(`SELECT customer_id FROM identities WHERE value = '+15550100007'`)).toEqual({ customer_id: source });
    expect(await auditTrail(store.sql, bo)).toEqual([]);
    // Without the trap the same merge goes through.
    await store.sql.run(`DELETE FROM merge_trap`);
    await mergeCustomers(store.sql, source, bo, 'agent:sam', [trap]);
    expect((await store.addresses(bo)).map((a) => a.address).sort()).toEqual(['+15550100007', 'bo-7']);
  });

  test('export lists identity’s rows about the customer; erasure removes them and counts the day', async () => {
    const ann = await customerOf('sms', '+15550100006', phone('+15550100006'));
    await issueLinkCode(store.sql, { customerId: ann });
    const exported = await exportCustomer(store.sql, ann);
    expect(exported?.tables.identities).toEqual([expect.objectContaining({ kind: 'phone', value: '+15550100006' })]);
    expect(exported?.tables.link_codes).toHaveLength(1);
    expect(await eraseCustomer(store.sql, ann, 'test')).toBe(true);
    for (const table of ['identities', 'link_codes', 'link_failures']) {
      expect(await store.sql.get(`SELECT COUNT(*) AS n FROM ${table} WHERE customer_id = ?`, [ann])).toEqual({ n: 0 });
    }
    expect(await store.sql.get(`SELECT COUNT(*) AS n FROM identity_audit WHERE customer_id = ?`, [ann])).toEqual({ n: 0 });
    expect(await store.sql.get(`SELECT SUM(count) AS n FROM erasures`)).toEqual({ n: 1 });
    expect(await eraseCustomer(store.sql, ann, 'test')).toBe(false);
  });
});
