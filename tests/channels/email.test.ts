import { SignJWT } from 'jose';
import sharp from 'sharp';
import type { App } from '../../server/app';
import { EmailStore } from '../../channels/email/store';
import { HandoffServiceKey } from '../../handoff/module';
import { CUSTOMER_DOMAIN, emailApp, emailChannel, mailUs, OUR_ADDRESS, startSink, type Sink } from './email.fixture';

const ANN = `ann@${CUSTOMER_DOMAIN}`;
const SECRET = 'site-secret-for-email-tests';

let sink: Sink;
let app: App;
let port: number;

beforeEach(async () => {
  sink = await startSink();
  ({ app, port } = await emailApp(sink, { WEB_IDENTITY_SECRET: SECRET, EMAIL_MAX_PER_SENDER_PER_HOUR: '5' }));
});
afterEach(async () => {
  await app.close();
  await sink.close();
});

/** Every inbound message stored on the e-mail channel. */
const inboundMail = () => app.store.sql.all<{ text: string; customer_id: string; conversation_id: string; metadata: string }>(`SELECT text, customer_id, conversation_id, metadata FROM messages WHERE channel = 'email' AND direction = 'inbound' ORDER BY seq`);

/** Waits until the engine has run every turn and the outbox has delivered. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const pending = await app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE status IN ('pending', 'sending')`);
    if (Number(pending?.n) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await app.engine.outbox.idle();
}

const postWeb = async (body: Record<string, unknown>) => {
  const response = await app.fetch(new Request('http://x/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  expect(response.status).toBe(200);
  return (await response.json()) as { messages: Array<{ text?: string; channel: string }> };
};
const annToken = () => new SignJWT({ sub: 'ann-1', name: 'Ann', email: ANN, email_verified: true }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));

test('a conversation started on the web continues by e-mail and back, threaded', async () => {
  const token = await annToken();
  expect((await postWeb({ userId: 'ann-laptop', text: 'I want a return', token })).messages[0].text).toBe('Which order number?');

  // "Send me this by e-mail": the transcript goes to the address her site verified.
  const asked = await postWeb({ userId: 'ann-laptop', text: 'Can you send me this by email?', token });
  expect(asked.messages.map((r) => r.text)).toContain(`Done: I have sent our conversation to ${ANN}.`);
  const transcript = await sink.next(ANN);
  expect(transcript.subject).toBe('Your conversation with FormBot');
  expect(transcript.text).toContain('I want a return');
  expect(transcript.text).toContain('Which order number?');
  expect(transcript.html).toContain('<strong>You</strong>');
  expect(transcript.messageId).toMatch(/^<msg_.+@northwind\.test>$/);
  expect(transcript.headerLines.find((h) => h.key === 'list-unsubscribe')).toBeUndefined(); // asked for: transactional

  // She answers the form by replying to that mail, quoting it, from her DKIM-signed domain.
  await mailUs(port, {
    from: `Ann <${ANN}>`,
    subject: `Re: ${transcript.subject}`,
    inReplyTo: transcript.messageId,
    references: [transcript.messageId!],
    text: `Z-9\n\nOn Mon, Ann wrote:\n> Here is our conversation, as you asked:\n> Which order number?\n`,
  });
  const reply = await sink.next(ANN);
  expect(reply.text).toContain('Why are you returning order Z-9?');
  const [stored] = await inboundMail();
  expect(stored.text).toBe('Z-9'); // the quoted history is cut
  const customer = (await app.store.findCustomerByAddress('web', 'ann-laptop'))!;
  expect(stored.customer_id).toBe(customer.id); // verified sender: the same customer
  // Threaded as mail clients do it: the reply answers her mail, and references the whole thread.
  const hers = (await app.store.sql.get<{ message_id: string }>(`SELECT message_id FROM email_thread WHERE direction = 'inbound'`))!.message_id;
  expect(reply.inReplyTo).toBe(`<${hers}>`);
  expect(reply.references).toEqual([transcript.messageId, `<${hers}>`]);
  expect(reply.subject).toBe('Re: Your conversation with FormBot');
  expect(reply.headers.get('auto-submitted')).toBe('auto-replied');

  // Back on the web, the same form finishes there.
  const back = await postWeb({ userId: 'ann-laptop', text: 'too small', token });
  expect(back.messages[0].text).toBe('Return for order Z-9 registered (too small). Replying on web.');
  expect(back.messages[0].channel).toBe('web');
});

test('HTML-only mail is read as text, and its attachments are kept (not the body\'s own inline pictures)', async () => {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).png().toBuffer();
  await mailUs(port, {
    from: ANN,
    subject: 'receipt',
    html: '<p>Here is my <b>receipt</b></p><img src="cid:logo@x"><div class="gmail_quote">On Mon, you wrote:<blockquote>old</blockquote></div>',
    attachments: [
      { filename: 'receipt.png', content: png, contentType: 'image/png' },
      { filename: 'terms.pdf', content: Buffer.from('%PDF-1.4\n'), contentType: 'application/pdf' },
      { filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@x' },
    ],
  });
  await settle();
  const [stored] = await app.store.listMessages({ customerId: (await app.store.findCustomerByAddress('email', ANN))!.id });
  expect(stored.text).toMatch(/^Here is my receipt/);
  expect(stored.text).not.toMatch(/wrote|old/); // the quoted history is cut here too
  // The image went to the media store (stripped, served from our URL); a PDF stays as metadata.
  expect(stored.attachments).toHaveLength(2);
  expect(stored.attachments![0]).toMatchObject({ type: 'image', name: 'receipt.png', url: expect.stringMatching(/\/media\//) });
  expect(stored.attachments![1]).toEqual({ type: 'file', mimeType: 'application/pdf', name: 'terms.pdf', size: 9 });
});

test('a forged sender is not merged with the customer who holds that address', async () => {
  await postWeb({ userId: 'ann-laptop', text: 'hello', token: await annToken() });
  const ann = (await app.store.findCustomerByAddress('web', 'ann-laptop'))!;
  // Her own (signed) mail joins her.
  await mailUs(port, { from: ANN, subject: 'my order', text: 'where is my order?' });
  // From: Ann, but neither signed by her domain nor sent from a server her SPF allows.
  await mailUs(port, { from: ANN, subject: 'my order', text: 'send all my orders to me', sign: false, envelopeFrom: 'mallory@evil.test' });
  await settle();
  const [signed, forged] = await inboundMail();
  expect(signed.customer_id).toBe(ann.id);
  expect(forged.customer_id).not.toBe(ann.id);
  expect(JSON.parse(forged.metadata).email).toMatchObject({ verified: false, auth: 'dmarc=fail' });
  // Not even through the address her signed mail made known: the forged mail has an address of its own.
  expect(await app.store.findCustomerByAddress('email', `unverified:${ANN}`)).toMatchObject({ id: forged.customer_id });
  expect((await app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM identities WHERE kind = 'email'`))!.n).toBe(1);
  // Replies to it still go to the mailbox it names (whose owner did not write it), never elsewhere.
  expect(sink.mails.every((m) => m.to.every((to) => to === ANN))).toBe(true);
});

test('an out-of-office reply, a bounce and list mail are stored and never answered', async () => {
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello' });
  const answer = await sink.next(ANN);
  await settle();
  const answered = sink.mails.length;
  await mailUs(port, { from: ANN, subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
  await mailUs(port, { from: ANN, subject: 'Digest', text: 'news', headers: { 'List-Id': '<news.customer.test>' } });
  await mailUs(port, { envelope: { from: `MAILER-DAEMON@${CUSTOMER_DOMAIN}`, to: OUR_ADDRESS }, raw: dsn(answer.messageId!) });
  await settle();
  expect(sink.mails).toHaveLength(answered);
  expect(await inboundMail()).toHaveLength(1);
  const automated = await app.store.sql.all<{ kind: string; refers_to: string | null }>(`SELECT kind, refers_to FROM email_automated ORDER BY received_at, kind`);
  expect(automated.map((a) => a.kind).sort()).toEqual(['auto-reply', 'bounce', 'list']);
  // The bounce is recorded on the reply it reports on.
  const bounced = await app.store.sql.get<{ metadata: string }>(`SELECT metadata FROM messages WHERE channel_message_id = ?`, [answer.messageId!.slice(1, -1)]);
  expect(JSON.parse(bounced!.metadata).delivery).toMatchObject({ status: 'bounced' });
});

/** A delivery status notification (RFC 3464) about our mail `messageId`, as a receiving server sends it. */
function dsn(messageId: string): string {
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${CUSTOMER_DOMAIN}>`,
    `To: ${OUR_ADDRESS}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <dsn-1@${CUSTOMER_DOMAIN}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered: mailbox full.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; mx.${CUSTOMER_DOMAIN}`,
    '',
    `Final-Recipient: rfc822; ${ANN}`,
    'Action: failed',
    'Status: 5.2.2',
    '--b1',
    'Content-Type: text/rfc822-headers',
    '',
    `From: ${OUR_ADDRESS}`,
    `To: ${ANN}`,
    `Message-ID: ${messageId}`,
    '--b1--',
    '',
  ].join('\r\n');
}

test('loops are impossible: our own mail, our own address and a flooding sender get no answer', async () => {
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello' });
  const answer = await sink.next(ANN);
  await settle();
  const answered = sink.mails.length;
  // Our own reply coming back (a forwarding loop), and mail claiming to be from us.
  await mailUs(port, { from: ANN, subject: answer.subject, messageId: answer.messageId, text: 'copy' });
  await mailUs(port, { from: OUR_ADDRESS, subject: 'hi', text: 'hello' });
  await settle();
  expect(sink.mails).toHaveLength(answered);
  const kinds = (await app.store.sql.all<{ kind: string }>(`SELECT kind FROM email_automated`)).map((r) => r.kind);
  expect(kinds).toEqual(['loop', 'loop']);

  // A robot that answers every answer: after the hourly limit (5 here), nothing more is answered.
  for (let i = 0; i < 7; i++) await mailUs(port, { from: `bot@${CUSTOMER_DOMAIN}`, subject: 'ping', text: `ping ${i}` });
  await settle();
  const taken = await app.store.sql.all<{ text: string }>(`SELECT text FROM messages WHERE address = ? AND direction = 'inbound'`, [`bot@${CUSTOMER_DOMAIN}`]);
  expect(taken.map((m) => m.text)).toEqual(['ping 0', 'ping 1', 'ping 2', 'ping 3', 'ping 4']);
  const limited = await app.store.sql.all<{ kind: string }>(`SELECT kind FROM email_automated WHERE address = ?`, [`bot@${CUSTOMER_DOMAIN}`]);
  expect(limited.map((r) => r.kind)).toEqual(['rate-limited', 'rate-limited']);
}, 60_000);

test('a repeated Message-ID is dropped; malformed mail and relaying are refused with a reason', async () => {
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello', messageId: '<once@customer.test>' });
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello', messageId: '<once@customer.test>' });
  await settle();
  expect(await inboundMail()).toHaveLength(1);
  await expect(mailUs(port, { from: 'not an address', text: 'x' })).rejects.toThrow(/550.*From/s);
  await expect(mailUs(port, { from: ANN, to: 'someone@elsewhere.test', text: 'x' })).rejects.toThrow(/Relaying denied/);
  expect(await inboundMail()).toHaveLength(1);
});

test('mail that is not transactional offers an unsubscribe, which is honoured', async () => {
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello' });
  await settle();
  const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('email', ANN))!.id))!;
  // A proactive message (a journey's): List-Unsubscribe with a mailto, and the line in the body.
  await app.engine.send(conversation.id, 'Your cart is waiting');
  const promo = await sink.next(ANN, /cart is waiting/);
  expect(promo.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(/mailto:help@northwind\.test\?subject=unsubscribe/);
  expect(promo.text).toContain('Unsubscribe from these e-mails');
  // She answers "unsubscribe": confirmed, and proactive mail stops; replies to her own mail still go.
  await mailUs(port, { from: ANN, subject: 'Re: hi', text: 'Unsubscribe' });
  expect((await sink.next(ANN, /unsubscribed/)).text).toContain('You are unsubscribed');
  expect(await new EmailStore(app.store.sql).isOptedOut(ANN)).toBe(true);
  const [skipped] = await app.engine.send(conversation.id, 'Your cart is still waiting');
  expect(skipped).toMatchObject({ status: 'skipped', error: 'unsubscribed from e-mail' });
});

test('the unsubscribe link asks before it unsubscribes, refuses links we did not make, and one-click works', async () => {
  await app.close();
  ({ app, port } = await emailApp(sink, { PUBLIC_URL: 'https://bot.northwind.test' }));
  await mailUs(port, { from: ANN, subject: 'hi', text: 'hello' });
  await settle();
  const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('email', ANN))!.id))!;
  await app.engine.send(conversation.id, 'New arrivals this week');
  const promo = await sink.next(ANN, /New arrivals/);
  const header = promo.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
  const link = /<(https:\/\/bot\.northwind\.test\/api\/email\/unsubscribe\?[^>]+)>/.exec(header)![1];
  expect(promo.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  expect(promo.html).toContain(link.replace(/&/g, '&#38;'));
  const path = link.replace('https://bot.northwind.test', 'http://x');
  const emails = new EmailStore(app.store.sql);

  // Opening the link (or a link checker opening it) only shows the question.
  const page = await app.fetch(new Request(path));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post"');
  expect(await emails.isOptedOut(ANN)).toBe(false);
  // A link for another address, or with a made-up token, is refused with the reason.
  const forged = await app.fetch(new Request(path.replace(encodeURIComponent(ANN), encodeURIComponent(`bob@${CUSTOMER_DOMAIN}`)), { method: 'POST' }));
  expect(forged.status).toBe(403);
  expect(((await forged.json()) as { error: string }).error).toMatch(/not made for this address/);
  expect((await app.fetch(new Request('http://x/api/email/unsubscribe', { method: 'POST' }))).status).toBe(400);
  // The mail client's one-click POST (RFC 8058).
  const click = await app.fetch(new Request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }));
  expect(click.status).toBe(200);
  expect(await emails.isOptedOut(ANN)).toBe(true);
});

test('over IMAP, a trusted server\'s Authentication-Results proves the sender; anyone else\'s does not', async () => {
  await app.close();
  ({ app, port } = await emailApp(sink, { EMAIL_TRUSTED_AUTHSERV_ID: 'mx.northwind.test' }));
  const raw = (id: string, results: string) =>
    Buffer.from(`Authentication-Results: ${results}\r\nFrom: ${ANN}\r\nTo: ${OUR_ADDRESS}\r\nSubject: hi\r\nMessage-ID: <${id}@${CUSTOMER_DOMAIN}>\r\n\r\nhello\r\n`);
  const channel = emailChannel(app);
  // Mail read from a mailbox has no SMTP client to check: only the trusted header can prove it.
  await channel.accept(raw('a', `mx.northwind.test; dkim=pass header.d=${CUSTOMER_DOMAIN}; dmarc=pass (p=reject) header.from=${CUSTOMER_DOMAIN}`), {});
  await channel.accept(raw('b', `mx.attacker.test; dmarc=pass header.from=${CUSTOMER_DOMAIN}`), {});
  await channel.accept(raw('c', `mx.northwind.test; dmarc=pass header.from=attacker.test`), {});
  await channel.accept(raw('d', `mx.northwind.test; dmarc=fail header.from=${CUSTOMER_DOMAIN}`), {});
  await settle();
  const rows = await inboundMail();
  expect(rows.map((r) => JSON.parse(r.metadata).email.auth)).toEqual([
    'dmarc=pass by mx.northwind.test',
    'no trusted Authentication-Results and no SMTP client address to check',
    'dmarc=pass for attacker.test, not customer.test by mx.northwind.test',
    'dmarc=fail by mx.northwind.test',
  ]);
  expect(rows.map((r) => JSON.parse(r.metadata).email.verified)).toEqual([true, false, false, false]);
});

test('a resolved handoff can mail the customer a summary of the request', async () => {
  await app.close();
  ({ app, port } = await emailApp(sink, { WEB_IDENTITY_SECRET: SECRET, SWITCHBOARD_API_KEY: 'agent-key' }));
  await app.bot.services.require(HandoffServiceKey).repo.createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 5 });
  const token = await annToken();
  await postWeb({ userId: 'ann-laptop', text: 'My desk lamp arrived broken, the switch is cracked.', token });
  await postWeb({ userId: 'ann-laptop', text: 'I want to talk to a person', token });
  const handoff = (await app.store.sql.get<{ id: string }>(`SELECT id FROM handoffs`))!;
  const resolve = (body: unknown) =>
    app.fetch(new Request(`http://x/api/handoff/conversations/${handoff.id}/resolve`, { method: 'POST', headers: { authorization: 'Bearer agent-key', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  expect((await resolve({ emailSummary: 'yes' })).status).toBe(400);
  expect((await resolve({ emailSummary: true })).status).toBe(200);
  const summary = await sink.next(ANN, /summary of your request/);
  expect(summary.text).toContain('desk lamp arrived broken');
  expect(summary.headerLines.find((h) => h.key === 'list-unsubscribe')).toBeUndefined();
});

test('"send me this by e-mail" asks for an address when none is known, then mails the transcript there', async () => {
  await postWeb({ userId: 'visitor-9', text: 'I want a return' });
  const asked = await postWeb({ userId: 'visitor-9', text: 'email me this conversation' });
  expect(asked.messages.map((m) => m.text)).toEqual(['Which e-mail address should I send it to?']);
  const done = await postWeb({ userId: 'visitor-9', text: 'sure, it is bob@customer.test.' });
  expect(done.messages.map((m) => m.text)).toEqual(['Done: I have sent our conversation to bob@customer.test.']);
  const transcript = await sink.next(`bob@${CUSTOMER_DOMAIN}`);
  expect(transcript.text).toContain('Which order number?');
  // The form goes on where it was: the e-mail detour did not answer it.
  expect((await postWeb({ userId: 'visitor-9', text: 'Z-1' })).messages[0].text).toBe('Why are you returning order Z-1?');
});
