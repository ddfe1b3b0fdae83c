import { SignJWT } from 'jose';
import { EmailStore } from '../../channels/email/store';
import type { WireMessage } from '../../core/message';
import type { App } from '../../server/app';
import { CUSTOMER_DOMAIN, emailApp, mailUs, startSink, type Sink } from '../channels/email.fixture';

const KEY = 'receipt-email-key';
const SECRET = 'site-secret-for-receipt-tests';
const ANN = `ann@${CUSTOMER_DOMAIN}`;

/**
 * A receipt on the customer's preferred channel when that is e-mail, end to end: Ann writes by
 * e-mail and then in web chat (one customer: her site signs her verified address), prefers e-mail,
 * and has given no marketing consent. The shop posts `order_placed` over HTTP; the receipt is
 * mailed through SMTP as a transactional mail under its own subject ("Your order NW-3001", no
 * unsubscribe line), not shown in web chat where she wrote last. Once she unsubscribes from
 * e-mail, the next order's receipt is not mailed and the order records why.
 */
describe('order receipts by e-mail, the preferred channel', () => {
  let sink: Sink;
  let app: App;
  let port: number;
  beforeAll(async () => {
    sink = await startSink();
    ({ app, port } = await emailApp(sink, { SWITCHBOARD_API_KEY: KEY, WEB_IDENTITY_SECRET: SECRET }));
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  const call = (method: string, path: string, body?: unknown, key?: string) =>
    app.fetch(new Request(`http://127.0.0.1${path}`, { method, headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) }));
  const order = (orderId: string) => ({
    orderId,
    items: [{ id: 'stove', name: 'Basecamp Stove', price: 59, quantity: 2 }],
    total: 118,
    currency: 'GBP',
  });
  const orderRow = (id: string) => app.store.sql.get<Record<string, unknown>>(`SELECT receipt_status, receipt_channel, receipt_reason FROM catalog_orders WHERE id = ?`, [id]);
  const webOutbound = async () => ((await (await call('GET', '/api/web/messages?userId=ann-laptop')).json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound' && m.channel === 'web');

  test('mailed to her address without marketing consent; after she unsubscribes, not mailed and the order says why', async () => {
    await mailUs(port, { from: `Ann <${ANN}>`, subject: 'hello', text: 'hello' });
    await sink.next(ANN); // the bot's answer to her mail
    const token = await new SignJWT({ sub: 'ann-1', email: ANN, email_verified: true }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect((await call('POST', '/api/web/messages', { userId: 'ann-laptop', text: 'hello again', token })).status).toBe(200);
    const customer = (await app.store.findCustomerByAddress('web', 'ann-laptop'))!;
    expect((await app.store.findCustomerByAddress('email', ANN))?.id).toBe(customer.id);
    expect(customer.profile.consent).toBeUndefined();
    expect((await call('PUT', `/api/customers/${customer.id}`, { preferredChannel: 'email' }, KEY)).status).toBe(200);
    const webBefore = (await webOutbound()).length;

    expect((await call('POST', '/api/events', { events: [{ customerId: customer.id, type: 'order_placed', properties: order('NW-3001') }] }, KEY)).status).toBe(202);
    const receipt = await sink.next(ANN, /NW-3001/);
    expect(receipt.text).toContain('Thank you for your order NW-3001! Here is your receipt:\nTotal paid: £118.00');
    expect(receipt.text).toMatch(/1\. Basecamp Stove — £118\.00\s+2 × £59\.00/);
    // A transactional mail of its own: its subject, no unsubscribe line or header, not a reply in her "hello" thread.
    expect(receipt.subject).toBe('Your order NW-3001');
    expect(receipt.text).not.toMatch(/Unsubscribe/i);
    expect(receipt.html).not.toMatch(/Unsubscribe/i);
    expect(receipt.headers.has('list-unsubscribe')).toBe(false);
    expect(receipt.inReplyTo).toBeUndefined();
    expect(receipt.references).toBeUndefined();
    expect(await orderRow('NW-3001')).toEqual({ receipt_status: 'sent', receipt_channel: 'email', receipt_reason: null });
    await app.engine.outbox.idle();
    expect((await webOutbound()).length).toBe(webBefore); // not in web chat, where she wrote last

    await new EmailStore(app.store.sql).setOptOut(ANN, true, 'reply');
    const mailsBefore = sink.mails.length;
    expect((await call('POST', '/api/events', { events: [{ customerId: customer.id, type: 'order_placed', properties: order('NW-3002') }] }, KEY)).status).toBe(202);
    await app.engine.outbox.idle();
    expect(await orderRow('NW-3002')).toMatchObject({ receipt_status: 'skipped', receipt_channel: 'email', receipt_reason: 'the outbound chain skipped it: unsubscribed from e-mail' });
    expect(sink.mails.slice(mailsBefore).filter((m) => m.to.includes(ANN))).toEqual([]);
    expect((await webOutbound()).length).toBe(webBefore);
  });
});
