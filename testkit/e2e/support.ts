import type { AppModule } from '../../core/module';
import { SignJWT } from 'jose';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { nextId, PUBLIC_URL } from '../channels/conformance';
import { FakeProvider, type ProviderReply } from '../channels/fake-provider';
import { smsFixture, TWILIO } from '../channels/sms.fixture';

export const ADMIN = { email: 'admin@shop.test', password: 'admin-password-1' };
/** The admin key (`ADMIN_API_KEY`); the desk key `SWITCHBOARD_API_KEY` acts as an agent only. */
export const ADMIN_KEY = 'test-admin-key-0123456789';
export const WEB_SECRET = 'web-identity-secret-for-tests-0123456789';
const BOT_DIR = join(__dirname, '..', '..', 'tests', 'e2e', 'bot');

/** The test bot with web chat, SMS against a fake Twilio, and the console, on loopback. */
export interface ConsoleHarness {
  app: App;
  base: string;
  twilio: FakeProvider;
  /** Texts the fake Twilio was asked to send to `to`. */
  textsTo(to: string): string[];
  /** A signed Twilio webhook from `from` (MessageSid `sid`, else a fresh one); with `media`, an MMS whose file the fake Twilio serves. */
  sms(from: string, text: string, media?: { contentType: string; body: Buffer }, sid?: string): Promise<Response>;
  /** A web chat message; with `phone`, the host site vouches for the visitor's phone number. */
  web(userId: string, text: string, phone?: string): Promise<Response>;
  /** Logs in: the session cookie and CSRF token. */
  login(email: string, password: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

/** Starts the console test bot, or with `botDir` another bot folder (one with knowledge articles). */
export async function startConsoleApp(extraEnv: Record<string, string> = {}, options: { botDir?: string; logger?: Logger; modules?: AppModule[] } = {}): Promise<ConsoleHarness> {
  // MMS files, served by the fake Twilio at their MediaUrl paths.
  const media = new Map<string, ProviderReply>();
  const twilio = await FakeProvider.start((call) => media.get(call.path) ?? smsFixture.answer(call));
  const urls = { provider: twilio.url, publicUrl: PUBLIC_URL };
  const app = await createApp({
    botDir: options.botDir ?? BOT_DIR,
    databaseUrl: ':memory:',
    env: {
      ...smsFixture.env(urls),
      WEB_IDENTITY_SECRET: WEB_SECRET,
      SWITCHBOARD_ADMIN_EMAIL: ADMIN.email,
      SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password,
      SWITCHBOARD_API_KEY: 'test-api-key-0123456789',
      ADMIN_API_KEY: ADMIN_KEY,
      ...extraEnv,
    },
    logger: options.logger ?? silentLogger(),
    modules: options.modules,
    engine: { outbox: { baseDelayMs: 50, maxDelayMs: 200, pollMs: 50, maxAttempts: 3 } },
  });
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    base,
    twilio,
    textsTo: (to) => twilio.calls.flatMap((c) => ((c.status ?? 500) < 300 ? (smsFixture.sent(c) ?? []) : [])).filter((s) => s.to === to).map((s) => s.text ?? ''),
    sms: (from, text, file, sid) => {
      const id = sid ?? nextId('SM');
      // Where Twilio keeps an MMS file; the SMS channel reaches it through TWILIO_API_BASE.
      const path = `/2010-04-01/Accounts/${TWILIO.sid}/Messages/${id}/Media/ME${id.slice(2)}`;
      if (file) media.set(path, { status: 200, headers: { 'content-type': file.contentType }, body: file.body });
      const attachment = file && { url: `${twilio.url}${path}`, mimeType: file.contentType };
      const r = smsFixture.inbound({ id, from, text, attachment }, urls);
      return fetch(base + r.path, { method: 'POST', headers: r.headers, body: r.body });
    },
    web: async (userId, text, phone) => {
      const token = phone
        ? await new SignJWT({ name: 'Ada Lovelace', phone_number: phone, phone_number_verified: true })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(userId)
            .setExpirationTime('10m')
            .sign(new TextEncoder().encode(WEB_SECRET))
        : undefined;
      return fetch(`${base}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, token }) });
    },
    login: async (email, password) => {
      const res = await fetch(`${base}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      return { cookie, csrf: ((await res.json()) as { csrf: string }).csrf };
    },
    close: async () => {
      await app.close();
      await twilio.close();
    },
  };
}

export { TWILIO };

/** A valid 1×1 PNG, for files a browser must really decode. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
