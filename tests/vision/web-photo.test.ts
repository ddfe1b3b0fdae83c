import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import type { WireMessage } from '../../core/message';
import { createApp, type App } from '../../server/app';
import { warmPhotoReader } from '../support/photo-reader';

const ROOT = join(__dirname, '..', '..');

describe('a photo through web chat, end to end (demo bot)', () => {
  let app: App;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    // The photo reader's workers start here, not in the first photo's 15 s (see warmPhotoReader).
    const { modules, warm } = warmPhotoReader();
    [app] = await Promise.all([createApp({ botDir: join(ROOT, 'bots', 'demo'), databaseUrl: ':memory:', env: { DATA_DIR: undefined }, logger: silentLogger(), modules }), warm]);
  }, 120_000);
  afterAll(() => app.close());

  async function postPhoto(userId: string, file: string, fields: Record<string, string> = {}): Promise<WireMessage[]> {
    const form = new FormData();
    form.append('userId', userId);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', new Blob([readFileSync(join(ROOT, 'tests', 'fixtures', 'vision', file))], { type: 'image/jpeg' }), file);
    const res = await app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: form }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
  }

  test('the display’s error code is read and answered from the article that declares it', async () => {
    const [reply] = await postPhoto('vision-ann', 'display.jpg');
    expect(reply.text).toMatch(/^I can see E-17 in your photo:\n\nThe battery is above 60 °C/);
    expect(reply.photo).toEqual({ outcome: 'article', article: 'power-station-errors', code: 'E-17' });
    expect(reply.knowledge).toEqual({ outcome: 'answer', article: 'power-station-errors', locale: 'en' });
  }, 60_000);

  test('in Spanish, from the article’s Spanish translation', async () => {
    const [reply] = await postPhoto('vision-eva', 'display.jpg', { locale: 'es' });
    expect(reply.text).toMatch(/^Veo E-17 en tu foto:\n\nLa batería supera los 60 °C/);
  }, 60_000);

  test('a QR code naming a model leads to the registration article; nothing useful hands off or asks to type it', async () => {
    const [qr] = await postPhoto('vision-bob', 'qr.jpg');
    expect(qr.photo).toMatchObject({ outcome: 'article', article: 'product-registration', code: 'NW-4100' });
    const [nothing] = await postPhoto('vision-cy', 'nothing.jpg');
    expect(['handoff', 'unread']).toContain(nothing.photo?.outcome);
    expect(nothing.knowledge).toBeUndefined();
  }, 60_000);

  test('a product’s EAN-13 on its packaging shows the catalog’s card for it, in the customer’s language', async () => {
    const [reply] = await postPhoto('vision-dee', 'product.jpg');
    expect(reply.photo).toEqual({ outcome: 'product', product: 'nw-jacket-fleece', code: '5012345000053' });
    expect(reply.text).toBe('I can see Ridge Fleece Jacket in your photo:');
    expect(reply.cards).toEqual([expect.objectContaining({ title: 'Ridge Fleece Jacket', price: { amount: 45, currency: 'GBP' }, url: 'https://northwind.example/p/nw-jacket-fleece' })]);
    const [spanish] = await postPhoto('vision-eli', 'product.jpg', { locale: 'es' });
    expect(spanish.cards?.map((c) => c.title)).toEqual(['Chaqueta polar Ridge']);
  }, 60_000);
});
