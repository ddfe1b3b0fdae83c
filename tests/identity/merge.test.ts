import { SignJWT } from 'jose';
import { join } from 'node:path';
import { mergeCustomers, unmergeCustomers, mergeProfiles } from '../../identity/merge';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { APP_CUSTOMER_DATA, formBotApp, say, sms, web } from './support';
import type { Assembled } from '../../server/assemble';

describe('merging customers', () => {
  let app: Assembled;
  afterEach(async () => app && (await app.close()));

  test('a merge loses no message, keeps the newer dialog, is audited, and can be undone', async () => {
    ({ app } = await formBotApp());
    await say(app, sms('+15551239001', 'return something'));
    await say(app, web('visitor-m', 'hello'));
    await say(app, web('visitor-m', 'I want a return'));
    const a = (await app.store.findCustomerByAddress('sms', '+15551239001'))!;
    const b = (await app.store.findCustomerByAddress('web', 'visitor-m'))!;
    await app.store.updateProfile(a.id, { name: 'Ann', attributes: { tier: 'gold' } });
    await app.store.updateProfile(b.id, { name: 'A.', email: 'ann@example.com', attributes: { tier: 'silver', newsletter: true } });
    const before = [...(await app.store.listMessages({ customerId: a.id })), ...(await app.store.listMessages({ customerId: b.id }))];
    const aConversation = (await app.store.openConversation(a.id))!.id;
    const bConversation = (await app.store.openConversation(b.id))!.id;

    const entry = await mergeCustomers(app.store.sql, b.id, a.id, 'agent:sam', APP_CUSTOMER_DATA);
    expect(entry).toMatchObject({ action: 'merge', actor: 'agent:sam', customerId: a.id });
    const after = await app.store.listMessages({ customerId: a.id });
    expect(after.map((m) => m.id).sort()).toEqual(before.map((m) => m.id).sort());
    expect((await app.store.addresses(a.id)).map((x) => x.channel).sort()).toEqual(['sms', 'web']);
    // The web conversation was active last: it stays open, the other is history.
    expect((await app.store.openConversation(a.id))!.id).toBe(bConversation);
    expect((await app.store.getConversation(aConversation))!.status).toBe('closed');
    // Target's values win, the other fills gaps (the rule is recorded).
    expect((await app.store.getCustomer(a.id))!.profile).toEqual({ name: 'Ann', email: 'ann@example.com', attributes: { tier: 'gold', newsletter: true } });
    expect(entry.details.profileRule).toBe('target-wins-source-fills-gaps');
    // The next web message continues the open (newer) form.
    expect((await say(app, web('visitor-m', 'Z-9')))[0].text).toBe('Why are you returning order Z-9?');

    const undo = await unmergeCustomers(app.store.sql, entry.id, 'agent:sam', APP_CUSTOMER_DATA);
    expect(undo).toMatchObject({ action: 'unmerge' });
    expect((await app.store.findCustomerByAddress('web', 'visitor-m'))!.id).toBe(b.id);
    expect((await app.store.getCustomer(b.id))!.profile.email).toBe('ann@example.com');
    const bMessages = await app.store.listMessages({ customerId: b.id });
    expect(bMessages.map((m) => m.text)).toEqual(expect.arrayContaining(['hello', 'I want a return', 'Z-9']));
    await expect(unmergeCustomers(app.store.sql, entry.id, 'x', APP_CUSTOMER_DATA)).rejects.toThrow(/already undone/);
  });

  test("a merge at intake (a visitor proves a number someone holds) moves the modules' rows through the app's hooks", async () => {
    ({ app } = await formBotApp());
    await say(app, sms('+15551239050', 'hi'));
    await say(app, web('visitor-j', 'hi'));
    const known = (await app.store.findCustomerByAddress('sms', '+15551239050'))!.id;
    const visitor = (await app.store.findCustomerByAddress('web', 'visitor-j'))!.id;
    await app.store.sql.run(`INSERT INTO journey_events (id, customer_id, type, properties, source, at, created_at) VALUES ('ev-j', ?, 'page_view', '{}', 'web', 1, 1)`, [visitor]);

    await say(app, { ...web('visitor-j', 'it is me'), identities: [{ kind: 'phone', value: '+15551239050' }] });
    expect((await app.store.findCustomerByAddress('web', 'visitor-j'))!.id).toBe(known);
    expect(await app.store.sql.get(`SELECT customer_id FROM journey_events WHERE id = 'ev-j'`)).toEqual({ customer_id: known });
  });

  test('mergeProfiles: target wins, source fills gaps, attributes key by key', () => {
    expect(mergeProfiles({ name: 'T', email: '' }, { name: 'S', email: 's@x.io', phone: '+1', attributes: { a: 1 } })).toEqual({
      name: 'T',
      email: 's@x.io',
      phone: '+1',
      attributes: { a: 1 },
    });
  });
});

describe('web identity tokens and the customers API', () => {
  const SECRET = 'site-secret-for-tests';
  const KEY = 'api-key-for-tests';
  let app: App;
  beforeAll(async () => {
    app = await createApp({
      botDir: join(__dirname, '..', 'fixtures', 'form-bot'),
      databaseUrl: ':memory:',
      env: { WEB_IDENTITY_SECRET: SECRET, ADMIN_API_KEY: KEY },
      logger: silentLogger(),
    });
  });
  afterAll(async () => app.close());

  const sign = (claims: Record<string, unknown>, secret = SECRET, exp = '1h') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
  const post = (body: unknown) =>
    app.fetch(new Request('http://x/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const api = (path: string, init: RequestInit = {}, key = KEY) =>
    app.fetch(new Request(`http://x${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } }));
  const count = async () => Number((await app.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages'))!.n);

  test('a signed user on two devices is one customer; spoofed or unsigned claims are never merged', async () => {
    const token = await sign({ sub: 'user-42', name: 'Ann', email: 'ann@example.com', email_verified: true });
    await post({ userId: 'laptop', text: 'hi', token });
    await post({ userId: 'phone-browser', text: 'hello', token });
    const laptop = await app.store.findCustomerByAddress('web', 'laptop');
    expect((await app.store.findCustomerByAddress('web', 'phone-browser'))!.id).toBe(laptop!.id);
    expect(laptop!.profile).toMatchObject({ name: 'Ann', email: 'ann@example.com' });

    const before = await count();
    const forged = await post({ userId: 'attacker', text: 'hi', token: await sign({ sub: 'user-42' }, 'wrong-secret') });
    expect(forged.status).toBe(401);
    const expired = await post({ userId: 'attacker', text: 'hi', token: await sign({ sub: 'user-42' }, SECRET, '-1m') });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
    expect(await count()).toBe(before);

    // Claiming the site's user id as a plain userId makes an anonymous stranger, not Ann.
    await post({ userId: 'user-42', text: 'hi' });
    expect((await app.store.findCustomerByAddress('web', 'user-42'))!.id).not.toBe(laptop!.id);
  });

  test('an anonymous visitor who signs in later is merged into the known customer', async () => {
    const token = await sign({ sub: 'user-77' });
    await post({ userId: 'old-device', text: 'hi', token });
    await post({ userId: 'new-device', text: 'I want a return' }); // anonymous at first
    await post({ userId: 'new-device', text: 'R-1', token }); // signs in mid-form
    const known = (await app.store.findCustomerByAddress('web', 'old-device'))!.id;
    expect((await app.store.findCustomerByAddress('web', 'new-device'))!.id).toBe(known);
    const audit = await (await api(`/api/customers/${known}/audit`)).json();
    expect(audit).toMatchObject({ entries: [{ action: 'merge', actor: 'auto:external' }] });
  });

  test('the customers API refuses unauthenticated requests and validates input', async () => {
    await post({ userId: 'api-user', text: 'hi' });
    const id = (await app.store.findCustomerByAddress('web', 'api-user'))!.id;
    expect((await app.fetch(new Request(`http://x/api/customers/${id}`))).status).toBe(401);
    expect((await api(`/api/customers/${id}`, {}, 'wrong')).status).toBe(401);
    expect((await api(`/api/customers/nope`)).status).toBe(404);
    expect((await api(`/api/customers/${id}`, { method: 'PUT', body: JSON.stringify({ email: 'not-an-email' }) })).status).toBe(400);
    const put = await api(`/api/customers/${id}`, { method: 'PUT', body: JSON.stringify({ name: 'Bea', consent: { sms: true }, attributes: { vip: true } }) });
    expect(put.status).toBe(200);
    expect(((await (await api(`/api/customers/${id}`)).json()) as { customer: { profile: unknown } }).customer.profile).toEqual({
      name: 'Bea',
      consent: { sms: true },
      attributes: { vip: true },
    });
    const exported = (await (await api(`/api/customers/${id}/export`)).json()) as { tables: { messages: unknown[] } };
    expect(exported.tables.messages.length).toBeGreaterThan(0);
    expect((await api(`/api/customers/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/customers/${id}`)).status).toBe(404);
    expect(await app.store.sql.get(`SELECT COUNT(*) AS n FROM messages WHERE customer_id = ?`, [id])).toEqual({ n: 0 });
  });
});

describe('where messages outside a turn go', () => {
  test('last-used by default; the preferred channel when the bot says so and the customer is reachable there', async () => {
    const { app, web: webChannel, sms: smsChannel } = await formBotApp();
    try {
      await say(app, sms('+15551239100', 'hi'));
      // Link a web visitor to the same customer, who then writes on the web last.
      const id = (await app.store.findCustomerByAddress('sms', '+15551239100'))!.id;
      await say(app, web('pref-visitor', 'hello'));
      const other = (await app.store.findCustomerByAddress('web', 'pref-visitor'))!.id;
      await mergeCustomers(app.store.sql, other, id, 'test', APP_CUSTOMER_DATA);
      await say(app, web('pref-visitor', 'still here'));
      const conversation = (await app.store.openConversation(id))!;

      const [lastUsed] = await app.engine.send(conversation.id, 'An agent writes', { author: 'agent' });
      expect(lastUsed).toMatchObject({ channel: 'web', address: 'pref-visitor' });

      (app.bot.config as { replyChannel: string }).replyChannel = 'preferred';
      await app.store.updateProfile(id, { preferredChannel: 'sms' });
      const [preferred] = await app.engine.send(conversation.id, 'A follow-up', { author: 'bot' });
      expect(preferred).toMatchObject({ channel: 'sms', address: '+15551239100' });
      await app.engine.outbox.idle();
      expect(smsChannel.to('+15551239100').map((m) => m.text)).toContain('A follow-up');
      expect(webChannel.to('pref-visitor').map((m) => m.text)).toContain('An agent writes');
    } finally {
      await app.close();
    }
  });
});
