import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { silentLogger } from '../../core/logger';
import type { AppModule } from '../../core/module';
import { photoNotes } from '../../core/photos';
import { PhotoReader, type Photo } from '../../core/services';
import { toMessage } from '../../core/storage/sql-store';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { jpegWithGps, photoForm } from './photos.fixture';

function botFolder(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-media-bot-'));
  writeFileSync(join(dir, 'bot.yaml'), yaml);
  return dir;
}

const post = (app: App, form: FormData) => app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: form }));

describe('the PhotoReader hook', () => {
  let app: App;
  const seen: Photo[] = [];
  const reader: AppModule = {
    name: 'test-vision',
    provides: [PhotoReader],
    setup(ctx) {
      ctx.bot.services.provide(PhotoReader, {
        read: async (photo) => {
          seen.push(photo);
          return { text: 'ERROR E-17', codes: [{ format: 'QRCode', value: 'https://example.test/e17' }] };
        },
      });
    },
  };
  beforeAll(async () => {
    app = await createApp({ botDir: botFolder('name: Reader\n'), databaseUrl: ':memory:', logger: silentLogger(), modules: [...defaultModules(), reader] });
  });
  afterAll(() => app.close());

  test('gets every inbound photo, stripped, and its reading is kept on the message', async () => {
    const res = await post(app, photoForm({ userId: 'reader-ann' }, [{ name: 'display.jpg', bytes: await jpegWithGps(120, 90) }]));
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    const [photo] = seen;
    expect([photo.mimeType, photo.width, photo.height, photo.attachment.url]).toEqual(['image/jpeg', 120, 90, expect.stringMatching(/^\/api\/media\/med_/)]);
    expect((await sharp(photo.bytes).metadata()).exif).toBeUndefined();
    const { messageId } = (await res.json()) as { messageId: string };
    const message = toMessage((await app.store.sql.get(`SELECT * FROM messages WHERE id = ?`, [messageId]))!);
    expect(photoNotes(message)).toEqual([
      { index: 0, url: photo.attachment.url, width: 120, height: 90, reading: { text: 'ERROR E-17', codes: [{ format: 'QRCode', value: 'https://example.test/e17' }] } },
    ]);
  });
});

describe('retention (media.retentionDays)', () => {
  test('photos older than the retention are deleted by the pass every start-up runs, rows and files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-retention-'));
    const botDir = botFolder('name: Keeper\nmedia:\n  retentionDays: 1\n');
    const db = join(dir, 'keeper.db');
    const start = () => createApp({ botDir, databaseUrl: db, logger: silentLogger() });
    try {
      let app = await start();
      for (const userId of ['old-ann', 'new-bob']) await post(app, photoForm({ userId, text: 'look' }, [{ name: 'p.jpg', bytes: await jpegWithGps(40, 30) }]));
      // Ann's photo was sent two days ago.
      const ann = (await app.store.findCustomerByAddress('web', 'old-ann'))!.id;
      await app.store.sql.run(`UPDATE media SET created_at = created_at - ? WHERE customer_id = ?`, [2 * 86_400_000, ann]);
      expect(readdirSync(`${db}-media`)).toHaveLength(2);
      await app.close();

      app = await start();
      try {
        for (let i = 0; i < 100 && readdirSync(`${db}-media`).length > 1; i++) await new Promise((r) => setTimeout(r, 50));
        const left = await app.store.sql.all<{ customer_id: string; id: string }>(`SELECT customer_id, id FROM media`);
        expect(left.map((r) => r.customer_id)).toEqual([(await app.store.findCustomerByAddress('web', 'new-bob'))!.id]);
        expect(readdirSync(`${db}-media`)).toEqual([left[0].id]);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(botDir, { recursive: true, force: true });
    }
  });

  test('a retention that is not a positive number of days stops start-up, naming the setting', async () => {
    const botDir = botFolder('name: Keeper\nmedia:\n  retentionDays: -3\n');
    try {
      await expect(createApp({ botDir, databaseUrl: ':memory:', logger: silentLogger() })).rejects.toThrow(/media\.retentionDays/);
    } finally {
      rmSync(botDir, { recursive: true, force: true });
    }
  });
});
