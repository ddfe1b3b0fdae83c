import { defaultModules } from '../../server/modules';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { mediaResponse } from '../../handoff/media';
import { FakeProvider, type ProviderCall, type ProviderReply } from '../channels/fake-provider';
import { nextId } from '../channels/conformance';
import { envelope, signed } from '../channels/slack-fake';
import { SLACK, slackFixture } from '../channels/slack.fixture';
import { WHATSAPP, whatsappFixture } from '../channels/whatsapp.fixture';
import { ADMIN, PNG_1PX, startConsoleApp, type ConsoleHarness } from '../e2e/support';

/**
 * The media route over real HTTP: the app with WhatsApp (Graph API) and Slack (Bolt's WebClient)
 * pointed at local fake servers, customers sending files, and a console user opening them. Images
 * are fetched by the turn and kept by the media module (stripped): the console serves that copy;
 * other files, and images the turn could not fetch, come from the provider when opened.
 */
const MAX_BYTES = 4096;
/** Files declared larger than this (and within MAX_BYTES) are streamed; the rest are read whole first. */
const BUFFER_BYTES = 2048;
let h: ConsoleHarness;
let graph: FakeProvider;
let slack: FakeProvider;
/** Another host, which must never be asked for anything. */
let elsewhere: FakeProvider;
let agent: { cookie: string; csrf: string };
/** Files the fake Slack serves, by path. */
const slackFiles = new Map<string, ProviderReply>();

beforeAll(async () => {
  elsewhere = await FakeProvider.start(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'internal secrets' }));
  graph = await FakeProvider.start(graphAnswer);
  slack = await FakeProvider.start((call) => {
    if (call.path.endsWith('/users.info')) return { status: 200, body: { ok: true, user: { id: 'U' } } };
    return slackFiles.get(call.path) ?? slackFixture.answer(call);
  });
  h = await startConsoleApp({
    ...whatsappFixture.env({ provider: graph.url, publicUrl: '' }),
    SLACK_SIGNING_SECRET: SLACK.signingSecret,
    SLACK_BOT_TOKEN: SLACK.botToken,
    SLACK_API_URL: `${slack.url}/api/`,
    MEDIA_MAX_BYTES: String(MAX_BYTES),
    MEDIA_BUFFER_BYTES: String(BUFFER_BYTES),
  }, {
    // Without the vision module, which hands a photo it cannot read (these 1-px images) to a person:
    // here customers reach a person only when they ask, and one who never did is tested below.
    modules: defaultModules().filter((m) => m.name !== 'vision'),
  });
  agent = await h.login(ADMIN.email, ADMIN.password);
}, 30_000);
afterAll(async () => {
  await h?.close();
  await Promise.all([graph, slack, elsewhere].map((f) => f?.close()));
});

/** The Graph API: sends, media look-ups (`/v21.0/media-…` → a download URL), and the downloads. */
function graphAnswer(call: ProviderCall): ProviderReply {
  const lookup = /^\/v[\d.]+\/(media-[\w.-]+)$/.exec(call.path);
  if (lookup) return { status: 200, body: { url: `${graph.url}/download/${lookup[1]}?ext=1`, mime_type: 'image/jpeg', file_size: PNG_1PX.length, id: lookup[1], messaging_product: 'whatsapp' } };
  if (call.path.startsWith('/download/media-')) return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: PNG_1PX };
  return whatsappFixture.answer(call);
}

/** Waits for the turns (and so the handoffs); replies may still be on their way to the providers. */
const settle = () => h.app.engine.idle();
/** The Graph API calls that read media (sends are POSTs, and may still be going out). */
const mediaCalls = () => graph.calls.filter((c) => c.method === 'GET');

/** A WhatsApp customer sends an image (media id `media-<wamid>`), then asks for a person. */
async function whatsappImage(from: string, handOff = true): Promise<string> {
  const id = nextId('wamid.');
  await post(whatsappFixture.inbound({ id, from, attachment: { url: '', mimeType: 'image/jpeg' } }, { provider: graph.url, publicUrl: '' }));
  if (handOff) await post(whatsappFixture.inbound({ id: nextId('wamid.'), from, text: 'I want to talk to a human' }, { provider: graph.url, publicUrl: '' }));
  await settle();
  return messageId('whatsapp', id);
}

/** A Slack customer shares a file (`url_private` as given), then asks for a person. */
async function slackFile(user: string, file: { name: string; mimetype: string; url_private: string }): Promise<string> {
  const eventId = nextId('Ev');
  await postSlack(envelope({ type: 'message', subtype: 'file_share', channel: user.replace(/^U/, 'D'), channel_type: 'im', user, text: '', ts: '1700000100.000100', files: [{ id: 'F1', ...file }] }, eventId));
  await postSlack(envelope({ type: 'message', channel: user.replace(/^U/, 'D'), channel_type: 'im', user, text: 'I want to talk to a human', ts: '1700000101.000100' }));
  await settle();
  return messageId('slack', eventId);
}

/** A customer sends a PNG by MMS (the fake Twilio serves it), then asks for a person. */
async function mmsPicture(phone: string, text: string): Promise<string> {
  const sid = nextId('SM');
  await h.sms(phone, text, { contentType: 'image/png', body: PNG_1PX }, sid);
  await h.sms(phone, 'I want to talk to a human');
  await settle();
  return messageId('sms', sid);
}

async function post(r: { path: string; headers: Record<string, string>; body: string }): Promise<void> {
  const res = await fetch(h.base + r.path, { method: 'POST', headers: r.headers, body: r.body });
  expect(res.status).toBe(200);
}

async function postSlack(body: string): Promise<void> {
  await post({ path: '/api/slack/events', headers: signed(body, undefined, SLACK.signingSecret), body });
}

async function messageId(channel: string, channelMessageId: string): Promise<string> {
  const row = await h.app.store.sql.get<{ id: string }>(`SELECT id FROM messages WHERE channel = ? AND channel_message_id = ?`, [channel, channelMessageId]);
  if (!row) throw new Error(`no ${channel} message ${channelMessageId}`);
  return row.id;
}

/** Whether a response is the 1×1 PNG the providers serve, as stored (re-encoded without metadata). */
const isPng1px = async (res: Response) => {
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  return meta.format === 'png' && meta.width === 1 && meta.height === 1;
};

const open = (id: string, index = 0, auth: { cookie?: string } = agent, query = '') =>
  fetch(`${h.base}/api/handoff/messages/${encodeURIComponent(id)}/attachments/${index}${query}`, { headers: auth.cookie ? { cookie: auth.cookie } : {} });

test('an agent opens a WhatsApp image: fetched once by the turn (media look-up, then the download, both with the access token), served from the stored copy', async () => {
  const before = mediaCalls().length;
  const id = await whatsappImage('15557770001');
  const res = await open(id);
  expect(res.status).toBe(200);
  // The Graph API called it image/jpeg; its bytes are a PNG, and the stored copy is one.
  const served = Buffer.from(await res.arrayBuffer());
  const meta = await sharp(served).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', 1, 1]);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-disposition')).toBe(`inline; filename="image-1.png"; filename*=UTF-8''image-1.png`);
  const calls = mediaCalls().slice(before).map((c) => [c.method, c.path.replace(/wamid\.\w+/, 'ID'), c.headers.authorization]);
  expect(calls).toEqual([
    ['GET', '/v21.0/media-ID', `Bearer ${WHATSAPP.accessToken}`],
    ['GET', '/download/media-ID?ext=1', `Bearer ${WHATSAPP.accessToken}`],
  ]);

  // The console's transcript links the image to the route, without the provider's URL.
  const handoff = (await (await fetch(`${h.base}/api/handoff/queue`, { headers: { cookie: agent.cookie } })).json()) as { handoffs: Array<{ id: string; channel: string }> };
  const mine = handoff.handoffs.find((x) => x.channel === 'whatsapp')!;
  const conversation = (await (await fetch(`${h.base}/api/handoff/conversations/${mine.id}`, { headers: { cookie: agent.cookie } })).json()) as {
    transcript: Array<{ id: string; attachments?: unknown[] }>;
  };
  expect(conversation.transcript.find((m) => m.id === id)?.attachments).toEqual([
    { type: 'image', mimeType: 'image/jpeg', href: `/api/handoff/messages/${id}/attachments/0`, inline: true },
  ]);
});

test('an agent opens a Slack file with the bot token', async () => {
  slackFiles.set('/files-pri/T1-F1/receipt.pdf', { status: 200, headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 receipt' });
  const id = await slackFile('UMEDIA1', { name: 'receipt.pdf', mimetype: 'application/pdf', url_private: `${slack.url}/files-pri/T1-F1/receipt.pdf` });
  const res = await open(id);
  expect([res.status, await res.text()]).toEqual([200, '%PDF-1.4 receipt']);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toBe(`inline; filename="receipt.pdf"; filename*=UTF-8''receipt.pdf`);
  const download = slack.calls.filter((c) => c.path === '/files-pri/T1-F1/receipt.pdf');
  expect(download.map((c) => c.headers.authorization)).toEqual([`Bearer ${SLACK.botToken}`]);
});

test('an agent opens an MMS picture with the Twilio account credentials', async () => {
  const res = await open(await mmsPicture('+15557770009', 'here is the damage'));
  expect(res.status).toBe(200);
  expect(await isPng1px(res)).toBe(true);
  const media = h.twilio.calls.filter((c) => c.path.includes('/Media/'));
  const [user, password] = Buffer.from(String(media[0].headers.authorization).replace(/^Basic /, ''), 'base64').toString().split(':');
  expect([media.length, user, password]).toEqual([1, 'AC' + '0'.repeat(32), 'twilio-test-token']);
});

test('Twilio’s redirect to its CDN is followed without the credentials', async () => {
  const cdn = await FakeProvider.start(() => ({ status: 200, headers: { 'content-type': 'image/png' }, body: PNG_1PX }));
  try {
    const isMedia = (c: ProviderCall) => c.method === 'GET' && c.path.includes('/Media/');
    h.twilio.failNext(isMedia, { status: 307, headers: { location: `${cdn.url}/signed/photo.png?sig=abc` }, body: '' });
    const res = await open(await mmsPicture('+15557770010', 'a photo via the CDN'));
    expect(res.status).toBe(200);
    expect(await isPng1px(res)).toBe(true);
    expect(h.twilio.calls.filter(isMedia).pop()?.headers.authorization).toMatch(/^Basic /);
    expect(cdn.calls.map((c) => [c.path, c.headers.authorization])).toEqual([['/signed/photo.png?sig=abc', undefined]]);
  } finally {
    await cdn.close();
  }
});

test('Slack’s sign-in page instead of the file (no files:read scope) is a 502 that says so', async () => {
  slackFiles.set('/files-pri/T1-F6/photo.png', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html>Sign in to Slack</html>' });
  const res = await open(await slackFile('UMEDIA7', { name: 'photo.png', mimetype: 'image/png', url_private: `${slack.url}/files-pri/T1-F6/photo.png` }));
  expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([502, 'Slack answered a sign-in page instead of the file: give the app the files:read scope and reinstall it']);
});

test('401 without a console session, and the provider is never asked', async () => {
  const id = await whatsappImage('15557770002');
  const before = mediaCalls().length;
  const res = await open(id, 0, {});
  expect(res.status).toBe(401);
  expect((await open(id, 0, { cookie: 'sb_session=forged' })).status).toBe(401);
  expect(mediaCalls().length).toBe(before);
});

test('404 for an attachment the message does not have, or a message that is not a customer’s', async () => {
  const id = await whatsappImage('15557770003');
  const before = mediaCalls().length;
  const missing = await open(id, 1);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { error: string }).error).toBe(`Message ${id} has no file attachment 1`);
  expect((await open('msg_does_not_exist')).status).toBe(404);
  const reply = (await h.app.store.sql.get<{ id: string }>(`SELECT id FROM messages WHERE direction = 'outbound' ORDER BY seq DESC LIMIT 1`))!;
  expect((await open(reply.id)).status).toBe(404);
  expect(mediaCalls().length).toBe(before);
});

test('nothing but a stored attachment is fetched: no URL parameter, no token to another host', async () => {
  const id = await whatsappImage('15557770004');
  const asked = await open(id, 0, agent, `?url=${encodeURIComponent(`${elsewhere.url}/latest/meta-data`)}`);
  expect(asked.status).toBe(400);

  // A Slack file whose URL is not Slack's (a forged event, or a changed record): refused before any request.
  const foreign = await slackFile('UMEDIA2', { name: 'x.txt', mimetype: 'text/plain', url_private: `${elsewhere.url}/latest/meta-data` });
  const refused = await open(foreign);
  expect(refused.status).toBe(502);
  expect(((await refused.json()) as { error: string }).error).toMatch(/^Refusing to send the Slack bot token to 127\.0\.0\.1:\d+/);
  expect(elsewhere.calls).toEqual([]);
});

test('HTML from a customer comes as a download with a safe file name, never inline', async () => {
  slackFiles.set('/files-pri/T1-F2/page.html', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<script>alert(1)</script>' });
  const id = await slackFile('UMEDIA3', { name: '../"évil"\r\n.html', mimetype: 'text/html', url_private: `${slack.url}/files-pri/T1-F2/page.html` });
  const res = await open(id);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="__vil_.html"; filename*=UTF-8''_%C3%A9vil_.html`);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

test('files over MEDIA_MAX_BYTES are 413, a provider failure is 502, each with the reason', async () => {
  slackFiles.set('/files-pri/T1-F3/big.bin', { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(MAX_BYTES + 1) }, body: Buffer.alloc(MAX_BYTES + 1) });
  slackFiles.set('/files-pri/T1-F4/streamed.bin', { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(MAX_BYTES * 2) });
  slackFiles.set('/files-pri/T1-F5/gone.png', { status: 404, headers: { 'content-type': 'text/plain' }, body: 'file_not_found' });
  const declared = await open(await slackFile('UMEDIA4', { name: 'big.bin', mimetype: 'application/octet-stream', url_private: `${slack.url}/files-pri/T1-F3/big.bin` }));
  expect([declared.status, ((await declared.json()) as { error: string }).error]).toEqual([413, `The Slack file is ${MAX_BYTES + 1} bytes, over the ${MAX_BYTES}-byte limit for opening attachments (MEDIA_MAX_BYTES)`]);
  const streamed = await open(await slackFile('UMEDIA5', { name: 'streamed.bin', mimetype: 'application/octet-stream', url_private: `${slack.url}/files-pri/T1-F4/streamed.bin` }));
  expect(streamed.status).toBe(413);
  const gone = await open(await slackFile('UMEDIA6', { name: 'gone.png', mimetype: 'image/png', url_private: `${slack.url}/files-pri/T1-F5/gone.png` }));
  expect([gone.status, ((await gone.json()) as { error: string }).error]).toEqual([502, 'The provider answered HTTP 404 for the Slack file: file_not_found']);
});

test('a customer never handed to a person: their files do not open', async () => {
  const id = await whatsappImage('15557770005', false);
  expect((await open(id)).status).toBe(403);
});

describe('a provider whose body disagrees with its headers: never part of a file served as the whole', () => {
  /** Serves `reply` as Slack file `name` and opens it as a fresh customer's attachment. */
  let n = 0;
  const openSlack = async (reply: ProviderReply, name = 'file.bin') => {
    const path = `/files-pri/T1-X${++n}/${name}`;
    slackFiles.set(path, reply);
    return open(await slackFile(`UMEDIAX${n}`, { name, mimetype: 'application/octet-stream', url_private: `${slack.url}${path}` }));
  };
  /** Sends `first` bytes of a file, then breaks the connection. */
  const breakOffAfter = (first: number) => (res: import('node:http').ServerResponse) => res.write(Buffer.alloc(first, 1), () => res.destroy());
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  test('a compressed file within the limit opens whole, though its Content-Length counts compressed bytes', async () => {
    const text = 'Order 1042: two tents, one stove. '.repeat(100); // 3400 bytes, a few dozen compressed
    const gz = gzipSync(text);
    const res = await openSlack({ status: 200, headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(gz.length) }, body: gz }, 'order.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(text.length));
    expect(await res.text()).toBe(text);
  });

  test('a small declared Content-Length followed by more than MEDIA_MAX_BYTES is a 413 before anything is served', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BYTES * 50)); // a few hundred bytes on the wire, 200 KB decoded
    expect(bomb.length).toBeLessThan(BUFFER_BYTES);
    const res = await openSlack({ status: 200, headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, body: bomb });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await errorOf(res)).toBe(`The file is over the ${MAX_BYTES}-byte limit for opening attachments (MEDIA_MAX_BYTES)`);
  });

  test('no declared length and more than MEDIA_MAX_BYTES, sent in pieces: a 413, not a cut file', async () => {
    const res = await openSlack({
      status: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: null,
      write: (r) => {
        const piece = Buffer.alloc(1000, 7);
        const more = (left: number): void => void (left ? r.write(piece, () => more(left - 1)) : r.end());
        more(10);
      },
    });
    expect([res.status, await errorOf(res)]).toEqual([413, `The file is over the ${MAX_BYTES}-byte limit for opening attachments (MEDIA_MAX_BYTES)`]);
  });

  test('a provider that breaks off a file it reads whole is a 502 that says how far it got', async () => {
    const declared = await openSlack({ status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '1500' }, body: null, write: breakOffAfter(500) });
    expect(declared.status).toBe(502);
    expect(await errorOf(declared)).toMatch(/^The provider broke off the file after 500 bytes of the 1500 it declared \(.+\); nothing was served$/);
    const undeclared = await openSlack({ status: 200, headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' }, body: null, write: breakOffAfter(500) });
    expect(undeclared.status).toBe(502);
    expect(await errorOf(undeclared)).toMatch(/^The provider broke off the file after 500 bytes \(.+\); nothing was served$/);
  });

  test('a file declared above MEDIA_BUFFER_BYTES is streamed with its length; broken off, the transfer ends short and the client sees it fail', async () => {
    const whole = Buffer.alloc(3000, 9);
    const ok = await openSlack({ status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '3000' }, body: whole });
    expect([ok.status, ok.headers.get('content-length')]).toEqual([200, '3000']);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(whole);

    // Headers are out when the provider breaks off: the server closes the connection short of the
    // 3000 bytes it announced, and the client's read fails instead of yielding a shorter file —
    // also when only a few bytes are missing (the server's error text must not fill the gap).
    for (const sent of [1000, 2995]) {
      const broken = await openSlack({ status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '3000' }, body: null, write: breakOffAfter(sent) });
      expect([broken.status, broken.headers.get('content-length')]).toEqual([200, '3000']);
      await expect(broken.arrayBuffer()).rejects.toThrow(/terminated/);
    }
  });
});

describe('mediaResponse with an adapter’s own Response (no HTTP in between to hold the provider to its length)', () => {
  const attachment = { type: 'file' as const, name: 'scan.bin', url: 'x' };
  const limits = { maxBytes: 4096, bufferBytes: 2048 };
  const upstream = (declared: number, actual: number) => new Response(new Uint8Array(actual), { headers: { 'content-length': String(declared) } });

  test('read whole: more than declared is a 502, more than the limit a 413 naming the declared size', async () => {
    await expect(mediaResponse(upstream(100, 200), attachment, 0, limits)).rejects.toMatchObject({ status: 502, message: 'The provider declared 100 bytes for the file, then sent more; nothing was served' });
    await expect(mediaResponse(upstream(100, 60), attachment, 0, limits)).rejects.toMatchObject({ status: 502, message: 'The provider declared 100 bytes for the file but sent 60; nothing was served' });
    await expect(mediaResponse(upstream(2000, 5000), attachment, 0, { ...limits, bufferBytes: 4096 })).rejects.toMatchObject({
      status: 413,
      message: 'The file is over the 4096-byte limit for opening attachments (MEDIA_MAX_BYTES): the provider declared 2000 bytes, then sent more',
    });
    const fine = await mediaResponse(upstream(100, 100), attachment, 0, limits);
    expect([fine.headers.get('content-length'), (await fine.arrayBuffer()).byteLength]).toEqual(['100', 100]);
  });

  test('streamed: more or fewer bytes than declared error the body after the headers; the last KiB waits for the end', async () => {
    const reader = (await mediaResponse(upstream(3000, 3000), attachment, 0, limits)).body!.getReader();
    const got: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value.byteLength);
    expect(got).toEqual([3000 - 1024, 1024]);

    for (const actual of [3500, 2500]) {
      const res = await mediaResponse(upstream(3000, actual), attachment, 0, limits);
      expect(res.headers.get('content-length')).toBe('3000');
      await expect(res.arrayBuffer()).rejects.toThrow(actual > 3000 ? 'provider sent more than 3000 bytes' : 'provider sent 2500 of 3000 bytes');
    }
  });
});
