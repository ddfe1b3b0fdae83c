import sharp from 'sharp';
import { photoNotes } from '../../core/photos';
import { MediaStore } from '../../core/services';
import { nextId, startHarness, type ChannelHarness } from '../channels/conformance';
import type { ProviderCall, ProviderReply } from '../channels/fake-provider';
import { TEAMS, teamsFixture } from '../channels/teams.fixture';
import { hasGpsTag, jpegWithGps } from './photos.fixture';

/**
 * A Teams customer's inline image (`contentUrl` on the conversation's connector, as Teams'
 * `…/v3/attachments/<id>/views/original`): the turn fetches it with the bot's token, strips it and
 * stores it; a URL elsewhere is never sent the token.
 */
let h: ChannelHarness;
let photo: Buffer;
const ATTACHMENT = /^\/teams\/v3\/attachments\/([\w-]+)\/views\/original$/;

function answer(call: ProviderCall): ProviderReply {
  if (!ATTACHMENT.test(call.path)) return teamsFixture.answer(call);
  if (call.headers.authorization !== `Bearer ${TEAMS.botToken}`) return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
  return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: photo };
}

beforeAll(async () => {
  photo = Buffer.from(await jpegWithGps(90, 60));
  h = await startHarness({ ...teamsFixture, answer });
}, 30_000);
afterAll(() => h?.close());

async function send(from: string, url: string): Promise<string> {
  const id = nextId('teams-');
  const res = await h.deliver(teamsFixture.inbound({ id, from, attachment: { url, mimeType: 'image/jpeg' } }, h.urls));
  expect(res.status).toBe(200);
  await h.app.engine.idle();
  return id;
}

test('an inline Teams image is fetched with the bot token from the conversation’s connector, stripped and stored', async () => {
  const id = await send('29:photo-1', `${h.urls.provider}/teams/v3/attachments/att-1/views/original`);
  const message = (await h.messages()).find((m) => m.channelMessageId === id)!;
  const [note] = photoNotes(message);
  expect(note).toMatchObject({ index: 0, url: expect.stringMatching(/^\/api\/media\/med_/), width: 90, height: 60 });
  const opened = await h.app.bot.services.require(MediaStore).open(note.url!.split('/').pop()!);
  expect(hasGpsTag((await sharp(Buffer.from(opened!.bytes)).metadata()).exif)).toBe(false);
  expect(h.provider.calls.filter((c) => ATTACHMENT.test(c.path)).map((c) => c.headers.authorization)).toEqual([`Bearer ${TEAMS.botToken}`]);
});

test('an image URL outside Teams’ hosts and the conversation’s service is not fetched: the note says why', async () => {
  const before = h.provider.calls.length;
  const id = await send('29:photo-2', 'https://attacker.example/steal-token.jpg');
  const message = (await h.messages()).find((m) => m.channelMessageId === id)!;
  expect(photoNotes(message)).toEqual([{ index: 0, error: expect.stringMatching(/^Refusing to fetch attacker\.example for a Teams file/) }]);
  expect(h.provider.calls.slice(before).filter((c) => c.method === 'GET' && !c.path.includes('openid') && !c.path.includes('keys'))).toEqual([]);
});
