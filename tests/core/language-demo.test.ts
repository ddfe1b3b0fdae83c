import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../core/logger';

const BOT = join(__dirname, '..', '..', 'bots', 'demo');

/** The demo bot over the web API, as a new customer whose browser says nothing (or says English). */
describe('the demo bot answers short first messages in the customer’s language', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-lang-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir }, logger: silentLogger() });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const say = async (text: string, locale?: string) => {
    const res = await app.fetch(new Request('http://local/api/web/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `u-${Math.random().toString(36).slice(2)}`, text, locale }),
    }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: Array<{ locale?: string; text?: string }> }).messages;
  };

  test.each([
    ['Comment réinitialiser mon mot de passe ?', 'fr', undefined],
    ['Wie lange dauert die Lieferung?', 'de', undefined],
    ['Wie lange dauert die Lieferung?', 'de', 'en-US'],
    ['¿Cuánto tarda el envío?', 'es', 'en-US'],
    ['hola', 'es', 'en-US'],
  ])('%s → every reply in %s (browser: %s)', async (text, lang, locale) => {
    const replies = await say(text, locale);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect({ text: reply.text, locale: reply.locale }).toEqual({ text: reply.text, locale: lang });
  });
});
