import { EventEmitter } from 'node:events';
import { WhatsAppWebChannel, clientOptions, type WebJsClient } from '../../channels/whatsapp-web/adapter';
import { toDraft, type WebJsMessage } from '../../channels/whatsapp-web/mapping';
import { Bot } from '../../core/bot';
import { TestBot } from '../../core/testing/harness';
import { whatsappWeb } from '../../channels/whatsapp-web';
import { ConfigError } from '../../core/errors';
import { until } from './fake-provider';
import { adapterApp } from './support';

/** A stand-in for whatsapp-web.js's Client: an EventEmitter emitting the library's event shapes. */
class FakeClient extends EventEmitter implements WebJsClient {
  readonly sent: Array<{ chatId: string; content: string }> = [];
  initialized = false;
  async initialize(): Promise<void> {
    this.initialized = true;
  }
  async sendMessage(chatId: string, content: string) {
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_OUT${this.sent.length}` } };
  }
  async destroy(): Promise<void> {}
}

/** A `message` event payload as whatsapp-web.js emits it (the fields of its Message class we read, and some we don't). */
function webMessage(extra: Partial<WebJsMessage> & { from: string }): WebJsMessage {
  const id = `false_${extra.from}_3EB0${Math.random().toString(16).slice(2, 10).toUpperCase()}`;
  return {
    id: { fromMe: false, remote: extra.from, id: id.split('_')[2], _serialized: id } as WebJsMessage['id'],
    ack: 1,
    hasMedia: false,
    body: '',
    type: 'chat',
    timestamp: Math.floor(Date.now() / 1000),
    to: '15550000000@c.us',
    deviceType: 'android',
    isForwarded: false,
    fromMe: false,
    isStatus: false,
    _data: { notifyName: 'Ana' },
    ...extra,
  } as WebJsMessage;
}

describe('whatsapp-web.js message mapping', () => {
  test('a chat message becomes a draft addressed by chat id', async () => {
    const m = webMessage({ from: '15551230001@c.us', body: 'hola', type: 'chat' });
    expect(await toDraft(m)).toMatchObject({
      channel: 'whatsapp-web',
      address: '15551230001@c.us',
      text: 'hola',
      channelMessageId: m.id._serialized,
      profile: { phone: '+15551230001', name: 'Ana' },
    });
  });

  test('media are downloaded into an attachment; the body is the caption', async () => {
    const data = Buffer.from('fake-jpeg').toString('base64');
    const m = webMessage({
      from: '15551230002@c.us',
      type: 'image',
      hasMedia: true,
      body: 'my receipt',
      downloadMedia: async () => ({ mimetype: 'image/jpeg', data, filename: null, filesize: null }),
    });
    const draft = await toDraft(m);
    expect(draft?.text).toBe('my receipt');
    expect(draft?.attachments).toEqual([{ type: 'image', mimeType: 'image/jpeg', size: 9, url: `data:image/jpeg;base64,${data}` }]);
  });

  test('an inlined file opens for agents by decoding it; one too large was not kept', async () => {
    const data = Buffer.from('fake-jpeg').toString('base64');
    const draft = await toDraft(webMessage({ from: '15551230002@c.us', type: 'image', hasMedia: true, downloadMedia: async () => ({ mimetype: 'image/jpeg', data }) }));
    const channel = new WhatsAppWebChannel({ dataDir: '/tmp/x', chromiumPath: '/usr/bin/chromium' });
    const file = await channel.fetchMedia(draft!.attachments![0], { maxBytes: 1024 });
    expect([file.headers.get('content-type'), await file.text()]).toEqual(['image/jpeg', 'fake-jpeg']);
    await expect(channel.fetchMedia(draft!.attachments![0], { maxBytes: 4 })).rejects.toMatchObject({ status: 413 });
    await expect(channel.fetchMedia({ type: 'image', mimeType: 'image/jpeg', size: 900_000 }, { maxBytes: 1024 })).rejects.toMatchObject({ status: 404 });
  });

  test('voice notes, locations and list choices map to their kinds', async () => {
    const voice = await toDraft(webMessage({ from: '1@c.us', type: 'ptt', hasMedia: true, downloadMedia: async () => undefined }));
    expect(voice?.attachments).toEqual([{ type: 'audio' }]);
    const loc = await toDraft(webMessage({ from: '1@c.us', type: 'location', location: { latitude: '52.5', longitude: '13.4', description: 'Berlin' } }));
    expect(loc?.attachments).toEqual([{ type: 'location', latitude: 52.5, longitude: 13.4, name: 'Berlin' }]);
    const choice = await toDraft(webMessage({ from: '1@c.us', type: 'list_response', body: 'Red', selectedRowId: 'color-red' }));
    expect(choice).toMatchObject({ text: 'Red', payload: 'color-red' });
  });

  test('own messages, status broadcasts and groups are ignored', async () => {
    expect(await toDraft(webMessage({ from: '1@c.us', fromMe: true, body: 'x' }))).toBeUndefined();
    expect(await toDraft(webMessage({ from: 'status@broadcast', isStatus: true, body: 'x' }))).toBeUndefined();
    expect(await toDraft(webMessage({ from: '120363000000000000@g.us', body: 'x' }))).toBeUndefined();
  });
});

describe('whatsapp-web.js channel', () => {
  let t: TestBot;
  afterEach(async () => t && (await t.close()));

  async function start(qrToken?: string) {
    const client = new FakeClient();
    const printed: string[] = [];
    const channel = new WhatsAppWebChannel({ dataDir: '/tmp/x', chromiumPath: '/usr/bin/chromium', qrToken, createClient: () => client, printQr: (q) => printed.push(q) });
    const bot = new Bot({ name: 'web' });
    bot.use((ctx) => ctx.reply('Pick', { buttons: [{ title: 'Red' }, { title: 'Green' }] }));
    t = await TestBot.create(bot, { channels: [channel] });
    return { client, channel, printed };
  }

  test('QR in the terminal and on the operator route (token required), message in, numbered reply out', async () => {
    const { client, channel, printed } = await start('qr-secret');
    expect(client.initialized).toBe(true);
    client.emit('qr', '2@abc,def,ghi');
    expect(printed).toEqual(['2@abc,def,ghi']);
    const http = adapterApp(channel);
    expect((await http.request('/api/whatsapp-web/qr')).status).toBe(401);
    const res = await http.request('/api/whatsapp-web/qr', { headers: { authorization: 'Bearer qr-secret' } });
    expect(await res.json()).toEqual({ state: 'qr', qr: '2@abc,def,ghi' });

    client.emit('ready');
    const m = webMessage({ from: '15551230009@c.us', body: 'hi' });
    client.emit('message', m);
    client.emit('message', m); // delivered twice: processed once
    await until(() => client.sent.length >= 1, 'a reply');
    await t.engine.idle();
    await t.engine.outbox.idle();
    expect(client.sent).toEqual([{ chatId: '15551230009@c.us', content: 'Pick\n\n1. Red\n2. Green' }]);
  });

  test('without a QR token the route refuses and says how to enable it', async () => {
    const { channel } = await start();
    const res = await adapterApp(channel).request('/api/whatsapp-web/qr');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/WHATSAPP_WEB_QR_TOKEN/);
  });

  test('the real client is configured with LocalAuth under DATA_DIR and the system Chromium', () => {
    const options = clientOptions({ dataDir: '/data', chromiumPath: '/usr/bin/chromium' }) as { authStrategy: { dataPath: string }; puppeteer: { executablePath: string } };
    expect(options.puppeteer.executablePath).toBe('/usr/bin/chromium');
    expect(options.authStrategy.dataPath).toMatch(/^\/data\/whatsapp-web/);
  });

  test('WHATSAPP_WEB=1 (or channels.whatsapp-web.enabled: true) requires a Chromium that exists', () => {
    expect(whatsappWeb.configure({})).toBeUndefined();
    expect(whatsappWeb.configure({ WHATSAPP_WEB: '0' })).toBeUndefined();
    expect(() => whatsappWeb.configure({ WHATSAPP_WEB: '1', WHATSAPP_WEB_CHROMIUM: '/nope' })).toThrow(ConfigError);
    expect(() => whatsappWeb.configure({ WHATSAPP_WEB: '1', WHATSAPP_WEB_CHROMIUM: '/nope' })).toThrow(/WHATSAPP_WEB_CHROMIUM.*no Chromium there/);
    // The path from bot.yaml is checked the same way, and the message names both places.
    expect(() => whatsappWeb.configure({ WHATSAPP_WEB: '1' }, { 'whatsapp-web': { chromium: '/nope/chromium' } })).toThrow(
      /WhatsApp Web settings are wrong:\n {2}WHATSAPP_WEB_CHROMIUM \(or channels\.whatsapp-web\.chromium in bot\.yaml\): no Chromium there/,
    );
    // Any file that exists stands in for the system Chromium here (a fresh machine may have none).
    expect(whatsappWeb.configure({ WHATSAPP_WEB_CHROMIUM: process.execPath }, { 'whatsapp-web': { enabled: true } })).toMatchObject({ chromium: process.execPath });
  });
});
