import sharp from 'sharp';
import type { Attachment, Message } from '../../core/message';
import { mediaIdOf } from '../../core/photos';
import type { SqlStore } from '../../core/storage/sql-store';
import { mediaCustomerData, mediaMigrations, SqlMediaStore } from '../../media/store';
import { onBothDatabases } from '../support/databases';
import { hasGpsTag, image, jpegWithGps } from './photos.fixture';

/**
 * The media module's table through `SqlMediaStore` (bytes in the database on both: in-memory
 * SQLite and PostgreSQL) and its customer-data declaration, the same on SQLite and PostgreSQL.
 */
onBothDatabases('media store contract', mediaMigrations, (open) => {
  const DAY = 86_400_000;
  let store: SqlStore;
  let now: number;
  let media: SqlMediaStore;
  beforeEach(async () => {
    store = await open();
    now = 1_700_000_000_000;
    media = new SqlMediaStore(store.sql, { now: () => now });
  });
  afterEach(() => store.close());

  const message = (id: string, attachments: Attachment[], owner = { customerId: 'cus_ann', conversationId: 'conv-ann' }): Message => ({
    id,
    channel: 'web',
    direction: 'inbound',
    author: 'customer',
    address: 'ann',
    status: 'pending',
    createdAt: now,
    attachments,
    ...owner,
  });

  test('a saved photo is stripped, kept with its size, and read back byte for byte; it waits unbound until a message carries it', async () => {
    expect(media.storage).toBe('database');
    const saved = await media.save(undefined, await jpegWithGps(120, 90));
    expect(saved).toMatchObject({ type: 'image', mimeType: 'image/jpeg', url: expect.stringMatching(/^\/api\/media\/med_/) });
    const id = mediaIdOf(saved)!;
    const opened = await media.open(id);
    expect(opened?.media).toEqual({ id, mimeType: 'image/jpeg', size: saved.size, width: 120, height: 90, createdAt: now });
    expect(opened?.bytes.byteLength).toBe(saved.size);
    expect(hasGpsTag((await sharp(opened!.bytes).metadata()).exif)).toBe(false);
    expect(await media.get('med_missing')).toBeUndefined();
    expect(await media.open('med_missing')).toBeUndefined();
  });

  test('bind gives a file its message, conversation and customer once; another message cannot take it', async () => {
    const first = await media.save('conv-ann', await image('png'));
    const second = await media.save('conv-ann', await image('webp'));
    await media.bind(message('msg-1', [{ type: 'image', url: 'https://provider.example/not-ours.jpg' }, first, second]));
    expect(await media.ofMessage('msg-1', 1)).toMatchObject({ id: mediaIdOf(first), messageId: 'msg-1', index: 1, conversationId: 'conv-ann', customerId: 'cus_ann' });
    expect(await media.ofMessage('msg-1', 2)).toMatchObject({ id: mediaIdOf(second), mimeType: 'image/webp' });
    expect(await media.ofMessage('msg-1', 0)).toBeUndefined();
    await media.bind(message('msg-2', [first], { customerId: 'cus_bo', conversationId: 'conv-bo' }));
    expect(await media.get(mediaIdOf(first)!)).toMatchObject({ messageId: 'msg-1', customerId: 'cus_ann' });
    // A provider file copied during the turn is recorded on its message as it is.
    const copy = await media.save('conv-bo', await image('webp'));
    await media.bindCopy(mediaIdOf(copy)!, message('msg-3', [], { customerId: 'cus_bo', conversationId: 'conv-bo' }), 0);
    expect(await media.ofMessage('msg-3', 0)).toMatchObject({ id: mediaIdOf(copy), customerId: 'cus_bo' });
  });

  test('discard removes files no message carries, never a bound one', async () => {
    const bound = await media.save('conv-ann', await image('png'));
    const loose = await media.save('conv-ann', await image('png'));
    await media.bind(message('msg-1', [bound]));
    await media.discard([bound, loose, { type: 'image', url: 'https://provider.example/x.jpg' }]);
    expect(await media.get(mediaIdOf(bound)!)).toBeDefined();
    expect(await media.get(mediaIdOf(loose)!)).toBeUndefined();
  });

  test('retention deletes files older than the cutoff, oldest first and at most a batch, and unbound files after a day', async () => {
    const old = await media.save('conv-ann', await image('png'));
    now += DAY / 2;
    const older = await media.save(undefined, await image('png')); // never bound
    now += DAY / 2;
    const recent = await media.save('conv-ann', await image('png'));
    await media.bind(message('msg-1', [old, recent]));
    now += DAY / 2 + 2 * 3_600_000; // the unbound file is a day and two hours old
    expect(await media.deleteOlderThan(now - 3 * DAY, 10)).toBe(1); // only the unbound file, past its day
    expect(await media.get(mediaIdOf(older)!)).toBeUndefined();
    expect(await media.deleteOlderThan(now, 1)).toBe(1);
    expect(await media.get(mediaIdOf(old)!)).toBeUndefined();
    expect(await media.get(mediaIdOf(recent)!)).toBeDefined();
    expect(await media.deleteOlderThan(now, 10)).toBe(1);
    expect(await media.deleteOlderThan(now, 10)).toBe(0);
  });

  test('export lists the customer’s photos with their bytes; erasure removes them and nobody else’s', async () => {
    const mine = await media.save('conv-ann', await image('png'));
    await media.bind(message('msg-1', [mine]));
    const waiting = await media.save('conv-ann', await image('png')); // in their conversation, not yet bound
    const theirs = await media.save('conv-bo', await image('png'));
    await media.bind(message('msg-2', [theirs], { customerId: 'cus_bo', conversationId: 'conv-bo' }));
    const subject = { sql: store.sql, customerIds: ['cus_ann'], conversationIds: ['conv-ann'], addresses: [], keyedHash: (v: string) => v };

    const exported = await mediaCustomerData.export(subject);
    expect(exported.media.map((r) => r.id).sort()).toEqual([mediaIdOf(mine), mediaIdOf(waiting)].sort());
    const bytes = (await media.open(mediaIdOf(mine)!))!.bytes;
    expect(exported.media.find((r) => r.id === mediaIdOf(mine))?.data).toBe(Buffer.from(bytes).toString('base64'));

    await store.sql.transaction((tx) => mediaCustomerData.erase({ ...subject, sql: tx }));
    expect(await media.get(mediaIdOf(mine)!)).toBeUndefined();
    expect(await media.get(mediaIdOf(waiting)!)).toBeUndefined();
    expect(await media.get(mediaIdOf(theirs)!)).toMatchObject({ customerId: 'cus_bo' });
    expect((await mediaCustomerData.export(subject)).media).toEqual([]);
  });
});
