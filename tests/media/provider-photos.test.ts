import sharp from 'sharp';
import type { Message } from '../../core/message';
import { photoNotes } from '../../core/photos';
import { MediaStore } from '../../core/services';
import { toMessage } from '../../core/storage/sql-store';
import { nextId, PUBLIC_URL } from '../channels/conformance';
import { FakeProvider, type ProviderCall, type ProviderReply } from '../channels/fake-provider';
import { WHATSAPP, whatsappFixture } from '../channels/whatsapp.fixture';
import { envelope, signed } from '../channels/slack-fake';
import { SLACK, slackFixture } from '../channels/slack.fixture';
import { ADMIN, startConsoleApp, TWILIO, type ConsoleHarness } from '../e2e/support';
import { hasGpsTag, jpegWithGps } from './photos.fixture';

/**
 * Photos from provider channels over real HTTP: MMS (the fake Twilio serves `MediaUrl0`),
 * WhatsApp (the Graph API fake answers the media look-up, then the download) and Slack (the fake
 * serves `url_private`). The turn fetches each image with the channel's credentials, strips it and
 * stores it with the conversation. (Teams: tests/media/teams-photos.test.ts.)
 */
let h: ConsoleHarness;
let graph: FakeProvider;
let slack: FakeProvider;
let photo: Uint8Array;
/** Files the fake Graph API serves, by media id. */
const graphFiles = new Map<string, ProviderReply>();

beforeAll(async () => {
  photo = await jpegWithGps(200, 150);
  graph = await FakeProvider.start(graphAnswer);
  slack = await FakeProvider.start((call) => {
    if (call.path.endsWith('/users.info')) return { status: 200, body: { ok: true, user: { id: 'U' } } };
    if (call.path === '/files-pri/T1-F9/crack.jpg') return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.from(photo) };
    return slackFixture.answer(call);
  });
  h = await startConsoleApp({
    ...whatsappFixture.env({ provider: graph.url, publicUrl: PUBLIC_URL }),
    SLACK_SIGNING_SECRET: SLACK.signingSecret,
    SLACK_BOT_TOKEN: SLACK.botToken,
    SLACK_API_URL: `${slack.url}/api/`,
  });
}, 30_000);
afterAll(async () => {
  await h?.close();
  await graph?.close();
  await slack?.close();
});

function graphAnswer(call: ProviderCall): ProviderReply {
  const lookup = /^\/v[\d.]+\/(media-[\w.-]+)$/.exec(call.path);
  if (lookup) return { status: 200, body: { url: `${graph.url}/download/${lookup[1]}`, mime_type: 'image/jpeg', id: lookup[1], messaging_product: 'whatsapp' } };
  const download = /^\/download\/(media-[\w.-]+)$/.exec(call.path);
  if (download) return graphFiles.get(download[1]) ?? { status: 404, body: { error: { message: 'Unsupported get request', code: 100 } } };
  return whatsappFixture.answer(call);
}

async function inbound(channel: string, channelMessageId: string): Promise<Message> {
  await h.app.engine.idle();
  const row = await h.app.store.sql.get(`SELECT * FROM messages WHERE channel = ? AND channel_message_id = ?`, [channel, channelMessageId]);
  if (!row) throw new Error(`no ${channel} message ${channelMessageId}`);
  return toMessage(row);
}

/** The stored copy a turn recorded for the message's first photo: its bytes as served to the customer's agent. */
async function storedCopy(message: Message): Promise<Buffer> {
  const [note] = photoNotes(message);
  expect(note).toMatchObject({ index: 0, url: expect.stringMatching(/^\/api\/media\/med_/) });
  const opened = await h.app.bot.services.require(MediaStore).open(note.url!.split('/').pop()!);
  expect(opened?.media).toMatchObject({ messageId: message.id, index: 0, conversationId: message.conversationId, customerId: message.customerId });
  return Buffer.from(opened!.bytes);
}

test('an MMS photo is fetched with the Twilio credentials, stripped of its GPS and stored with the conversation', async () => {
  const sid = nextId('SM');
  expect((await h.sms('+15557771001', 'the screen looks like this', { contentType: 'image/jpeg', body: Buffer.from(photo) }, sid)).status).toBe(200);
  const message = await inbound('sms', sid);
  const stored = await storedCopy(message);
  const meta = await sharp(stored).metadata();
  expect([meta.format, meta.width, meta.height, hasGpsTag(meta.exif)]).toEqual(['jpeg', 200, 150, false]);
  const fetched = h.twilio.calls.filter((c) => c.method === 'GET' && c.path.includes(`/Messages/${sid}/Media/`));
  expect(fetched.map((c) => Buffer.from(String(c.headers.authorization).replace(/^Basic /, ''), 'base64').toString())).toEqual([`${TWILIO.sid}:${TWILIO.token}`]);

  // Handed to a person, the agent opens the stored copy: the provider is not asked again.
  await h.sms('+15557771001', 'I want to talk to a human');
  await h.app.engine.idle();
  const agent = await h.login(ADMIN.email, ADMIN.password);
  const res = await fetch(`${h.base}/api/handoff/messages/${message.id}/attachments/0`, { headers: { cookie: agent.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await res.arrayBuffer()).equals(stored)).toBe(true);
  expect(h.twilio.calls.filter((c) => c.method === 'GET' && c.path.includes(`/Messages/${sid}/Media/`))).toHaveLength(1);
});

test('a WhatsApp image is downloaded by its media id through the Graph API with the access token, then stored stripped', async () => {
  const id = nextId('wamid.');
  graphFiles.set(`media-${id}`, { status: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.from(photo) });
  const request = whatsappFixture.inbound({ id, from: '15557771002', attachment: { url: '', mimeType: 'image/jpeg' } }, { provider: graph.url, publicUrl: PUBLIC_URL });
  expect((await fetch(h.base + request.path, { method: 'POST', headers: request.headers, body: request.body })).status).toBe(200);
  const message = await inbound('whatsapp', id);
  expect(hasGpsTag((await sharp(await storedCopy(message)).metadata()).exif)).toBe(false);
  const calls = graph.calls.filter((c) => c.method === 'GET' && c.path.includes(id)).map((c) => [c.path.replace(id, 'ID'), c.headers.authorization]);
  expect(calls).toEqual([
    ['/v21.0/media-ID', `Bearer ${WHATSAPP.accessToken}`],
    ['/download/media-ID', `Bearer ${WHATSAPP.accessToken}`],
  ]);
});

test('a provider that refuses the download leaves a note with the reason, and the turn still answers', async () => {
  const id = nextId('wamid.');
  const request = whatsappFixture.inbound({ id, from: '15557771003', attachment: { url: '', mimeType: 'image/jpeg' } }, { provider: graph.url, publicUrl: PUBLIC_URL });
  await fetch(h.base + request.path, { method: 'POST', headers: request.headers, body: request.body });
  const message = await inbound('whatsapp', id);
  expect(photoNotes(message)).toEqual([{ index: 0, error: expect.stringMatching(/HTTP 404/) }]);
  expect(message.status).toBe('processed');
  expect(await h.app.store.repliesTo(message.id)).not.toHaveLength(0);
});

test('a Slack image is fetched from url_private with the bot token, then stored stripped', async () => {
  const eventId = nextId('Ev');
  const body = envelope(
    { type: 'message', subtype: 'file_share', channel: 'DPHOTO1', channel_type: 'im', user: 'UPHOTO1', text: 'cracked screen', ts: '1700000200.000100', files: [{ id: 'F9', name: 'crack.jpg', mimetype: 'image/jpeg', url_private: `${slack.url}/files-pri/T1-F9/crack.jpg` }] },
    eventId,
  );
  expect((await fetch(`${h.base}/api/slack/events`, { method: 'POST', headers: signed(body, undefined, SLACK.signingSecret), body })).status).toBe(200);
  const message = await inbound('slack', eventId);
  expect(hasGpsTag((await sharp(await storedCopy(message)).metadata()).exif)).toBe(false);
  expect(slack.calls.filter((c) => c.path === '/files-pri/T1-F9/crack.jpg').map((c) => c.headers.authorization)).toEqual([`Bearer ${SLACK.botToken}`]);
});
