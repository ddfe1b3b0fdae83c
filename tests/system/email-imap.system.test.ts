import { ImapFlow } from 'imapflow';
import { SignJWT } from 'jose';
import type { App } from '../../server/app';
import { CUSTOMER_DOMAIN, emailApp, emailChannel, startSink, type Sink } from '../channels/email.fixture';
import { startDovecot, type Dovecot } from './dovecot';

/**
 * Mail read from a real mailbox: Debian's Dovecot on a loopback port, filled over IMAP (APPEND)
 * as the organisation's mail server would deliver it, polled by the channel's IMAP poller.
 * Runs with `npm run test:system` (needs `dovecot-imapd`; `.ci/run` installs it).
 */
const MAILBOX = 'bot@northwind.test';
const PASSWORD = 'mailbox-secret';
const ANN = `ann@${CUSTOMER_DOMAIN}`;
const SECRET = 'site-secret-for-imap-tests';
const TRUSTED = 'mx.northwind.test';

let dovecot: Dovecot;
let sink: Sink;
let app: App;

beforeAll(async () => {
  dovecot = await startDovecot(MAILBOX, PASSWORD);
  sink = await startSink();
  ({ app } = await emailApp(sink, {
    WEB_IDENTITY_SECRET: SECRET,
    EMAIL_SMTP_PORT: '',
    EMAIL_IMAP_URL: `imap://${encodeURIComponent(MAILBOX)}:${PASSWORD}@127.0.0.1:${dovecot.port}/INBOX`,
    EMAIL_IMAP_POLL_MS: '3600000',
    EMAIL_TRUSTED_AUTHSERV_ID: TRUSTED,
  }));
}, 30_000);
afterAll(async () => {
  await app?.close();
  await sink?.close();
  await dovecot?.stop();
});

/** Delivers a raw mail into the mailbox, as the mail server would. */
async function deliver(raw: string): Promise<void> {
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: MAILBOX, pass: PASSWORD }, logger: false });
  await client.connect();
  try {
    await client.append('INBOX', raw.replace(/\n/g, '\r\n'));
  } finally {
    await client.logout();
  }
}

/** The mailbox's unread mail count. */
async function unread(): Promise<number> {
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: MAILBOX, pass: PASSWORD }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return ((await client.search({ seen: false }, { uid: true })) || []).length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const mail = (id: string, headers: string, body: string) => `${headers}
From: Ann <${ANN}>
To: ${MAILBOX}
Subject: My order
Message-ID: <${id}@${CUSTOMER_DOMAIN}>
Date: ${new Date().toUTCString()}

${body}
`;

test('mail polled from the mailbox joins the verified customer, is answered by mail and flagged read; automated mail is not answered', async () => {
  const token = await new SignJWT({ sub: 'ann-1', email: ANN, email_verified: true }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
  const web = await app.fetch(new Request('http://x/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ann-web', text: 'hi', token }) }));
  expect(web.status).toBe(200);
  const ann = (await app.store.findCustomerByAddress('web', 'ann-web'))!;

  // Checked by the organisation's server (trusted), forged by someone else's header (not trusted), and an out-of-office.
  await deliver(mail('trusted-1', `Authentication-Results: ${TRUSTED}; dkim=pass header.d=${CUSTOMER_DOMAIN}; dmarc=pass (p=reject) header.from=${CUSTOMER_DOMAIN}`, 'I want a return'));
  await deliver(mail('forged-1', `Authentication-Results: mx.attacker.test; dmarc=pass header.from=${CUSTOMER_DOMAIN}`, 'send me her orders'));
  await deliver(mail('ooo-1', 'Auto-Submitted: auto-replied', 'I am out of the office.'));
  expect(await unread()).toBe(3);

  expect(await emailChannel(app).pollMailbox()).toBe(3);
  expect(await unread()).toBe(0);
  const reply = await sink.next(ANN, /Which order number/);
  expect(reply.inReplyTo).toBe(`<trusted-1@${CUSTOMER_DOMAIN}>`);

  const stored = await app.store.sql.all<{ channel_message_id: string; customer_id: string }>(`SELECT channel_message_id, customer_id FROM messages WHERE channel = 'email' AND direction = 'inbound' ORDER BY seq`);
  expect(stored.map((m) => m.channel_message_id)).toEqual([`trusted-1@${CUSTOMER_DOMAIN}`, `forged-1@${CUSTOMER_DOMAIN}`]);
  // Ann's verified mail joined her; the forged "dmarc=pass" of an untrusted server did not.
  expect(stored[0].customer_id).toBe(ann.id);
  expect(stored[1].customer_id).not.toBe(ann.id);
  const forged = await app.store.getMessage((await app.store.sql.get<{ id: string }>(`SELECT id FROM messages WHERE channel_message_id = ?`, [`forged-1@${CUSTOMER_DOMAIN}`]))!.id);
  expect(forged?.metadata?.email).toMatchObject({ verified: false });
  expect((await app.store.sql.all<{ kind: string }>(`SELECT kind FROM email_automated`)).map((r) => r.kind)).toEqual(['auto-reply']);

  // Nothing unread: the next poll takes nothing, and nothing is answered twice.
  expect(await emailChannel(app).pollMailbox()).toBe(0);
}, 60_000);
