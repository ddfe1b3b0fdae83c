import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { SMTPServer } from 'smtp-server';
import { EmailChannel } from '../../channels/email/adapter';
import { emailChannel as emailChannelModule, type EmailOverrides } from '../../channels/email';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { CHANNELS, defaultModules } from '../../server/modules';
import { FORM_BOT } from '../identity/support';

/** The customer's domain: DKIM key `sel._domainkey`, DMARC p=reject, SPF that allows no loopback sender. */
export const CUSTOMER_DOMAIN = 'customer.test';
export const OUR_ADDRESS = 'help@northwind.test';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** The customer domain's DKIM private key (PEM), for signing test mail. */
export const DKIM_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** DNS as mailauth asks it, from a fixed zone: TXT records only, NXDOMAIN for the rest. */
export async function resolver(name: string, rrtype: string): Promise<string[][]> {
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const zone: Record<string, string> = {
    [`sel._domainkey.${CUSTOMER_DOMAIN}`]: `v=DKIM1; k=rsa; p=${spki}`,
    [`_dmarc.${CUSTOMER_DOMAIN}`]: 'v=DMARC1; p=reject',
    [CUSTOMER_DOMAIN]: 'v=spf1 ip4:192.0.2.1 -all',
  };
  const record = rrtype === 'TXT' ? zone[name.toLowerCase()] : undefined;
  if (record) return [[record]];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

/** The outbound SMTP server our mail leaves through: it keeps every mail it is given, parsed. */
export interface Sink {
  port: number;
  mails: Array<{ parsed: ParsedMail; raw: Buffer; to: string[] }>;
  /** Resolves with the next mail to `to` whose text matches `text` (or one already received and not yet taken). */
  next(to: string, text?: RegExp, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const mails: Sink['mails'] = [];
  const taken = new Set<number>();
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        mails.push({ raw, parsed: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address) });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const find = (to: string, text?: RegExp) => mails.findIndex((m, i) => !taken.has(i) && m.to.includes(to) && (!text || text.test(m.parsed.text ?? '')));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    async next(to, text, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = find(to, text);
        if (i >= 0) {
          taken.add(i);
          return mails[i].parsed;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The form bot (a return form that survives channel switches), or the bot in `options.botDir`, with
 * e-mail on, its listener on a free loopback port; `options.without` leaves modules out.
 */
export async function emailApp(sink: Sink, env: NodeJS.ProcessEnv = {}, overrides: EmailOverrides = {}, options: { botDir?: string; without?: string[] } = {}): Promise<{ app: App; port: number }> {
  // The channel list with the e-mail channel asking a fixed DNS zone instead of the internet's.
  const modules = defaultModules(CHANNELS.map((m) => (m.name === 'email' ? emailChannelModule({ resolver, ...overrides }) : m))).filter((m) => !options.without?.includes(m.name));
  const app = await createApp({
    botDir: options.botDir ?? FORM_BOT,
    databaseUrl: ':memory:',
    env: {
      EMAIL_FROM: `Northwind <${OUR_ADDRESS}>`,
      EMAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      EMAIL_SMTP_PORT: '0',
      EMAIL_SMTP_HOST: '127.0.0.1',
      ...env,
    },
    modules,
    logger: silentLogger(),
  });
  return { app, port: emailChannel(app).port ?? 0 };
}

/** The app's e-mail adapter. */
export function emailChannel(app: App): EmailChannel {
  const channel = app.channels.find((c): c is EmailChannel => c instanceof EmailChannel);
  if (!channel) throw new Error('e-mail is not configured');
  return channel;
}

/** Sends a mail to our listener as a customer's server would: DKIM-signed for the customer domain unless `sign` is false. */
export async function mailUs(port: number, mail: Mail.Options & { sign?: boolean; envelopeFrom?: string }): Promise<void> {
  const { sign = true, envelopeFrom, ...options } = mail;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    ...(sign ? { dkim: { domainName: CUSTOMER_DOMAIN, keySelector: 'sel', privateKey: DKIM_KEY } } : {}),
  });
  try {
    await transport.sendMail({ to: OUR_ADDRESS, ...options, ...(envelopeFrom !== undefined ? { envelope: { from: envelopeFrom, to: OUR_ADDRESS } } : {}) });
  } finally {
    transport.close();
  }
}
