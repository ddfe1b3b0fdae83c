import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import sharp from 'sharp';
import { WhatsAppWebChannel, type WebJsClient } from '../../channels/whatsapp-web/adapter';
import type { WebJsMessage } from '../../channels/whatsapp-web/mapping';
import { silentLogger } from '../../core/logger';
import type { Message, WireMessage } from '../../core/message';
import { photoNotes } from '../../core/photos';
import { MediaStore } from '../../core/services';
import { toMessage } from '../../core/storage/sql-store';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { hasGpsTag, jpegWithGps, photoForm } from '../media/photos.fixture';
import { emailApp, mailUs, startSink, CUSTOMER_DOMAIN, type Sink } from './email.fixture';
import { until } from './fake-provider';

/**
 * Cards out and photos in on the channels the conformance suite (tests/channels/conformance.ts)
 * does not drive — web chat, e-mail and WhatsApp Web — with the conformance bot's own "cards"
 * reply and a phone photo carrying GPS in its EXIF. Every channel, then:
 *
 * | channel | cards rendered | photo into the media store |
 * | --- | --- | --- |
 * | web chat | here (wire `cards`), tests/catalog/carousel.browser.test.ts (the widget) | here, tests/media/web-photos.test.ts |
 * | SMS / MMS, WhatsApp Cloud, Slack, Teams | `*.conformance.test.ts` through each SDK | `*.conformance.test.ts` (the photo scenario), tests/media/provider-photos.test.ts, teams-photos.test.ts |
 * | e-mail | here (a numbered list, links and pictures in the HTML part, a card chosen by number) | here, tests/channels/email.test.ts |
 * | WhatsApp Web | here (numbered text, a card chosen by number) | here (the inlined file decoded and stored) |
 *
 * The vision module is left out, as in the conformance suite: the bot itself answers the photo.
 */
const BOT = join(__dirname, 'bot');
const WITHOUT = ['vision'];

/** The stored copy of a message's first photo: the media store's record and bytes. */
async function storedPhoto(app: App, message: Message): Promise<{ bytes: Buffer; media: { messageId?: string | null; conversationId?: string | null } }> {
  const [note] = photoNotes(message);
  expect(note).toMatchObject({ index: 0, url: expect.stringMatching(/^\/api\/media\/med_/), width: 200, height: 150 });
  const opened = await app.bot.services.require(MediaStore).open(note.url!.split('/').pop()!);
  expect(opened).toBeDefined();
  return { bytes: Buffer.from(opened!.bytes), media: opened!.media };
}

async function inboundOn(app: App, channel: string, address: string): Promise<Message[]> {
  await app.engine.idle();
  const rows = await app.store.sql.all(`SELECT * FROM messages WHERE channel = ? AND address = ? AND direction = 'inbound' ORDER BY seq`, [channel, address]);
  return rows.map(toMessage);
}

let photo: Uint8Array;
beforeAll(async () => {
  photo = await jpegWithGps(200, 150);
});

describe('web chat and e-mail', () => {
  let sink: Sink;
  let app: App;
  let port: number;
  beforeAll(async () => {
    sink = await startSink();
    ({ app, port } = await emailApp(sink, {}, {}, { botDir: BOT, without: WITHOUT }));
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  const postWeb = async (body: RequestInit['body'], json = true): Promise<WireMessage[]> => {
    const res = await app.fetch(new Request('http://127.0.0.1/api/web/messages', { method: 'POST', body, ...(json ? { headers: { 'content-type': 'application/json' } } : {}) }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
  };

  test('web chat: cards travel on the wire whole (title, subtitle, price, picture, page, buttons), for the widget to draw', async () => {
    const [reply] = await postWeb(JSON.stringify({ userId: 'cards-web-1', text: 'cards' }));
    expect(reply.text).toBe('Our picks');
    expect(reply.cards).toEqual([
      {
        title: 'Trail Jacket',
        subtitle: 'Waterproof and breathable',
        imageUrl: 'https://shop.example.test/img/trail.jpg',
        price: { amount: 89, currency: 'GBP' },
        url: 'https://shop.example.test/trail',
        buttons: [{ title: 'Details', payload: 'details-trail' }],
      },
      { title: 'Summit Tent', price: { amount: 199.5, currency: 'GBP' }, url: 'https://shop.example.test/tent', buttons: [{ title: 'Details', payload: 'details-tent' }] },
    ]);
    const [chosen] = await postWeb(JSON.stringify({ userId: 'cards-web-1', text: 'Details', payload: 'details-tent' }));
    expect(chosen.text).toBe('You chose details-tent');
  });

  test('web chat: a photo comes into the media store, stripped of its GPS, bound to the message', async () => {
    const [reply] = await postWeb(photoForm({ userId: 'photo-web-1' }, [{ name: 'crack.jpg', bytes: photo }]), false);
    expect(reply.text).toBe('Got image');
    const [message] = await inboundOn(app, 'web', 'photo-web-1');
    const { bytes, media } = await storedPhoto(app, message);
    expect(media).toMatchObject({ messageId: message.id, conversationId: message.conversationId });
    expect(hasGpsTag((await sharp(bytes).metadata()).exif)).toBe(false);
  });

  test('e-mail: cards as a numbered list with prices, links and pictures; replying a card\'s number chooses it', async () => {
    const from = `cards@${CUSTOMER_DOMAIN}`;
    await mailUs(port, { from, subject: 'products', text: 'cards' });
    const mail = await sink.next(from);
    expect(mail.text).toContain(
      'Our picks\n\n1. Trail Jacket — £89.00\n   Waterproof and breathable\n   https://shop.example.test/trail\n   Reply 1 for Details\n\n2. Summit Tent — £199.50\n   https://shop.example.test/tent\n   Reply 2 for Details',
    );
    // The HTML part: an ordered list, each product's picture (its title as alt text) and its page a link.
    const html = String(mail.html);
    expect(html).toContain(
      '<ol start="1">\n<li style="margin-bottom:12px"><img src="https://shop.example.test/img/trail.jpg" alt="Trail Jacket" width="160" style="display:block;max-width:160px;height:auto;border:0;margin:4px 0">' +
        '<strong>Trail Jacket — £89.00</strong><br>\nWaterproof and breathable<br>\n<a href="https://shop.example.test/trail">https://shop.example.test/trail</a><br>\nReply 1 for Details</li>',
    );
    expect(html).toContain('<li style="margin-bottom:12px"><strong>Summit Tent — £199.50</strong><br>\n<a href="https://shop.example.test/tent">https://shop.example.test/tent</a><br>\nReply 2 for Details</li>');
    // The customer answers the mail with the second card's number: its "Details", not the first's.
    await mailUs(port, { from, subject: 'Re: products', text: '2' });
    expect((await sink.next(from, /You chose/)).text).toMatch(/^You chose details-tent/);
  });

  test('e-mail: an attached photo comes into the media store, stripped of its GPS', async () => {
    const from = `photo@${CUSTOMER_DOMAIN}`;
    await mailUs(port, { from, subject: 'my screen', text: '', attachments: [{ filename: 'crack.jpg', content: Buffer.from(photo), contentType: 'image/jpeg' }] });
    expect((await sink.next(from)).text).toMatch(/Got image/);
    const [message] = await inboundOn(app, 'email', from);
    const { bytes, media } = await storedPhoto(app, message);
    expect(media).toMatchObject({ messageId: message.id });
    expect(hasGpsTag((await sharp(bytes).metadata()).exif)).toBe(false);
  });
});

/** whatsapp-web.js's Client, as the library emits events and takes sends (no Chromium, no phone). */
class FakeClient extends EventEmitter implements WebJsClient {
  readonly sent: Array<{ chatId: string; content: string }> = [];
  async initialize(): Promise<void> {}
  async sendMessage(chatId: string, content: string) {
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_OUT${this.sent.length}` } };
  }
  async destroy(): Promise<void> {}
}

let serial = 0;
function webJsMessage(from: string, extra: Partial<WebJsMessage>): WebJsMessage {
  return { from, id: { fromMe: false, _serialized: `false_${from}_3EB0${++serial}` }, body: '', type: 'chat', timestamp: Math.floor(Date.now() / 1000), hasMedia: false, ...extra };
}

describe('WhatsApp Web', () => {
  let app: App;
  const client = new FakeClient();
  beforeAll(async () => {
    const channel = new WhatsAppWebChannel({ dataDir: '/tmp/sb-unused', chromiumPath: '/usr/bin/chromium', createClient: () => client, printQr: () => undefined });
    app = await createApp({ botDir: BOT, databaseUrl: ':memory:', env: {}, channels: [channel], modules: defaultModules().filter((m) => !WITHOUT.includes(m.name)), logger: silentLogger() });
    client.emit('ready');
  });
  afterAll(async () => app?.close());

  const repliesTo = (chatId: string, n: number) => until(() => (client.sent.filter((s) => s.chatId === chatId).length >= n ? client.sent.filter((s) => s.chatId === chatId) : undefined), `${n} replies to ${chatId}`);

  test('cards as numbered lines with prices and links (WhatsApp Web has no buttons or cards)', async () => {
    client.emit('message', webJsMessage('15557770001@c.us', { body: 'cards' }));
    const [reply] = await repliesTo('15557770001@c.us', 1);
    expect(reply.content).toBe(
      'Our picks\n\n1. Trail Jacket — £89.00\nWaterproof and breathable\nhttps://shop.example.test/trail\nReply 1 for Details\n\n2. Summit Tent — £199.50\nhttps://shop.example.test/tent\nReply 2 for Details',
    );
    client.emit('message', webJsMessage('15557770001@c.us', { body: '#1' }));
    const [, chosen] = await repliesTo('15557770001@c.us', 2);
    expect(chosen.content).toBe('You chose details-trail');
  });

  test('a photo (inlined by whatsapp-web.js) comes into the media store, stripped of its GPS', async () => {
    const data = Buffer.from(photo).toString('base64');
    client.emit('message', webJsMessage('15557770002@c.us', { type: 'image', hasMedia: true, body: 'the screen', downloadMedia: async () => ({ mimetype: 'image/jpeg', data }) }));
    const [reply] = await repliesTo('15557770002@c.us', 1);
    expect(reply.content).toBe('Got image');
    const [message] = await inboundOn(app, 'whatsapp-web', '15557770002@c.us');
    const { bytes, media } = await storedPhoto(app, message);
    expect(media).toMatchObject({ messageId: message.id });
    expect(hasGpsTag((await sharp(bytes).metadata()).exif)).toBe(false);
  });
});
