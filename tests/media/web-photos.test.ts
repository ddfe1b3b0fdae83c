import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { HEIC_HEADER, hasGpsTag, image, jpegWithGps, photoForm } from './photos.fixture';

const BOT = join(__dirname, '..', '..', 'bots', 'demo');

interface Wire {
  id: string;
  text?: string;
  direction: string;
  buttons?: Array<{ title: string; payload?: string }>;
  attachments?: Array<{ type: string; url: string; mimeType: string; name?: string; size: number }>;
}

describe('photos through web chat (multipart POST /api/web/messages)', () => {
  let app: App;
  let dir: string;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-photos-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir }, logger: silentLogger() });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (form: FormData) => app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: form }));
  const transcript = async (userId: string) => ((await (await app.fetch(new Request(`http://localhost/api/web/messages?userId=${userId}`))).json()) as { messages: Wire[] }).messages;
  const counts = async () => ({
    messages: Number((await app.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages'))?.n),
    media: Number((await app.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM media'))?.n),
  });

  test('a JPEG with GPS in EXIF is stored stripped, referenced by our URL, and served to its sender only', async () => {
    const original = await jpegWithGps();
    expect(hasGpsTag((await sharp(original).metadata()).exif)).toBe(true);
    const res = await post(photoForm({ userId: 'ph-ann', text: 'my screen shows this', clientMessageId: 'p1' }, [{ name: 'IMG_0001.jpg', bytes: original }]));
    expect(res.status).toBe(200);
    const [inbound] = await transcript('ph-ann');
    expect(inbound.text).toBe('my screen shows this');
    const [attachment] = inbound.attachments!;
    expect(attachment).toMatchObject({ type: 'image', mimeType: 'image/jpeg', name: 'IMG_0001.jpg', url: expect.stringMatching(/^\/api\/media\/med_[\w-]+$/) });

    const served = await app.fetch(new Request(`http://localhost${attachment.url}?userId=ph-ann`));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.exif, meta.xmp, meta.icc]).toEqual([320, 240, undefined, undefined, undefined]);
    expect(bytes.includes(Buffer.from('CanaryPhone'))).toBe(false);

    // Kept as a file beside the embedded database, the same bytes as served.
    const file = join(dir, 'northwind.db-media', attachment.url.split('/').pop()!);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    // Another visitor, or nobody, cannot open it.
    expect((await app.fetch(new Request(`http://localhost${attachment.url}?userId=ph-bob`))).status).toBe(404);
    expect((await app.fetch(new Request(`http://localhost${attachment.url}`))).status).toBe(401);
    expect((await app.fetch(new Request('http://localhost/api/media/med_nope?userId=ph-ann'))).status).toBe(404);
  });

  test('the same clientMessageId twice is one message with one set of photos', async () => {
    const photo = await jpegWithGps(80, 60);
    const form = () => photoForm({ userId: 'ph-cat', text: 'twice', clientMessageId: 'same' }, [{ name: 'a.jpg', bytes: photo }]);
    const first = (await (await post(form())).json()) as { messageId: string };
    const before = await counts();
    const second = (await (await post(form())).json()) as { messageId: string };
    expect(second.messageId).toBe(first.messageId);
    expect(await counts()).toEqual(before);
  });

  test('PNG and WebP are accepted, several in one message, each re-encoded in its own type', async () => {
    const res = await post(photoForm({ userId: 'ph-dan', text: 'two photos' }, [{ name: 'a.png', bytes: await image('png') }, { name: 'b.webp', bytes: await image('webp') }]));
    expect(res.status).toBe(200);
    const [inbound] = await transcript('ph-dan');
    expect(inbound.attachments!.map((a) => a.mimeType)).toEqual(['image/png', 'image/webp']);
  });

  test('without a photo reader, a photo without text gets a reply about photos, with a person offered, not the fallback', async () => {
    // The demo app runs the vision module (docs/vision.md); this is the media module alone.
    const modules = defaultModules().filter((m) => m.name !== 'vision');
    const blind = await createApp({ botDir: BOT, env: { DATA_DIR: dir }, databaseUrl: ':memory:', logger: silentLogger(), modules });
    try {
      const res = await blind.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: photoForm({ userId: 'ph-eve' }, [{ name: 'x.jpg', bytes: await jpegWithGps(64, 64) }]) }));
      const body = (await res.json()) as { messages: Wire[] };
      expect(body.messages).toHaveLength(1);
      expect(body.messages[0].text).toMatch(/can’t look at photos/);
      expect(body.messages[0].buttons).toEqual([{ title: 'Talk to a person', payload: 'agent' }]);
    } finally {
      await blind.close();
    }
  });

  test.each([
    ['a file over 10 MB', async () => [{ name: 'big.jpg', bytes: new Uint8Array(10 * 1024 * 1024 + 1) }], 413, /"big\.jpg" is 10485761 bytes, over the 10485760-byte limit/],
    ['text named .jpg', async () => [{ name: 'notes.jpg', bytes: new TextEncoder().encode('just some text, not a photo') }], 415, /"notes\.jpg": The file is not an image/],
    ['a GIF', async () => [{ name: 'anim.gif', bytes: await image('gif') }], 415, /"anim\.gif": GIF images are not accepted: send a photo as JPEG, PNG or WebP/],
    ['an HEIC photo', async () => [{ name: 'IMG_1.HEIC', bytes: HEIC_HEADER }], 415, /HEIC photos are not supported yet/],
    ['no file part', async () => [], 400, /at least one "file" part/],
    ['six photos', async () => Array.from({ length: 5 }, (_, i) => ({ name: `${i}.png`, bytes: new Uint8Array(8) })), 413, /at most 5/],
  ])('%s is refused with its status and a reason, and nothing is stored', async (_name, files, status, reason) => {
    const before = await counts();
    const bad = await files();
    // A good photo first: refusing the second must not keep the first either.
    const good = bad.length ? [{ name: 'good.jpg', bytes: await jpegWithGps(32, 32) }] : [];
    const res = await post(photoForm({ userId: 'ph-refused', text: 'look' }, [...good, ...bad]));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
    expect(await counts()).toEqual(before);
  });

  test('a malformed field is a 400 naming it', async () => {
    const res = await post(photoForm({ userId: 'ph-x', locale: 'not a locale!' }, [{ name: 'x.jpg', bytes: await jpegWithGps(16, 16) }]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/locale/);
  });
});
