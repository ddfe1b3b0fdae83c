import { join } from 'node:path';
import sharp from 'sharp';
import { silentLogger } from '../../core/logger';
import type { Message } from '../../core/message';
import { photoNotes } from '../../core/photos';
import { MediaStore } from '../../core/services';
import { toMessage } from '../../core/storage/sql-store';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { FakeProvider, until, type ProviderCall, type ProviderReply } from './fake-provider';

/** A webhook request as the provider would send it: path, headers (signature included), raw body. */
export interface WebhookRequest {
  method?: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** An inbound message to deliver, in channel-neutral terms. */
export interface InboundSpec {
  /** The provider's message id (used for deduplication). */
  id: string;
  /** The sender, as the channel spells it (a phone number, a user id). */
  from: string;
  text?: string;
  /**
   * A button of the last reply pressed (index from 0), or its number typed where there are no
   * buttons; `card` when it is a card's button (the index then counts the cards' buttons).
   */
  choice?: { index: number; title: string; payload: string; card?: boolean };
  attachment?: { url: string; mimeType: string };
}

/** What one call to the provider sent to the customer. */
export interface SentMessage {
  to: string;
  text?: string;
  /** Titles of native buttons or list rows, when there are any. */
  buttons?: string[];
  /** Cards the channel shows natively (carousel, blocks, hero cards, WhatsApp images with buttons). */
  cards?: SentCard[];
}

/** One card as the provider received it. */
export interface SentCard {
  /** All the card's words (title, subtitle, formatted price), in the provider's format. */
  text: string;
  imageUrl?: string;
  /** Titles of the card's buttons. */
  buttons?: string[];
}

/**
 * How the provider keeps a customer's photo, for the photo scenario: what the webhook carries
 * (`attachment`: a URL on the fake provider, or what the channel's look-up names) and the fake
 * provider's answers to fetching it (`serve`: a look-up, the download), given only with the
 * channel's own credentials, so a photo stored proves they were sent.
 */
export interface ProviderPhoto {
  attachment(id: string, urls: FixtureUrls): { url: string; mimeType: string };
  /** The answer to a call that fetches the photo (or looks it up), or undefined for other calls. */
  serve(call: ProviderCall, file: Buffer, urls: FixtureUrls): ProviderReply | undefined;
}

/** Where the app under test is reachable. */
export interface FixtureUrls {
  /** The fake provider's base URL (point the SDK here). */
  provider: string;
  /** The public URL the channel is configured with (what the provider signs). */
  publicUrl: string;
}

/**
 * What an adapter implements to run the conformance suite. The suite starts the real app on
 * loopback with `env(...)`, a fake provider answering `answer(...)`, and delivers webhooks built
 * by the fixture; it reads what the SDK sent from the provider's calls through `sent(...)`.
 */
export interface ConformanceFixture {
  /** The channel's name on stored messages. */
  channel: string;
  /** Environment enabling the channel against the fake provider. */
  env(urls: FixtureUrls): Record<string, string>;
  /** The fake provider's normal answer to a call. */
  answer(call: ProviderCall): ProviderReply;
  /** The message a call delivered, if the call is a message send. */
  sent(call: ProviderCall): SentMessage | undefined;
  /** A correctly signed webhook delivering `message`. */
  inbound(message: InboundSpec, urls: FixtureUrls): WebhookRequest;
  /** The same request with a forged signature. */
  forge(request: WebhookRequest): WebhookRequest;
  /** A request signed with an expired timestamp — only for channels whose signatures carry one. */
  expired?(message: InboundSpec, urls: FixtureUrls): WebhookRequest;
  /** A correctly signed request whose body is malformed. */
  malformed(urls: FixtureUrls): WebhookRequest;
  /** How the provider answers a send that is rate limited (with Retry-After: 1), failing, or refused for good. */
  failure(kind: 'rate-limited' | 'server-error' | 'permanent'): ProviderReply;
  /** The address a sender is stored under (default: `from`). */
  address?(from: string): string;
  /** The channel acknowledges with one of these statuses (default 200). */
  okStatuses?: number[];
  /** How the provider serves a customer's photo; without it the scenario checks the attachment's metadata only. */
  photo?: ProviderPhoto;
}

/** A running app plus its fake provider, for one suite. */
export interface ChannelHarness {
  app: App;
  provider: FakeProvider;
  urls: FixtureUrls;
  /** Delivers a webhook to the app over HTTP. */
  deliver(request: WebhookRequest): Promise<Response>;
  /** Messages the SDK has sent so far (calls the provider accepted). */
  sends(): SentMessage[];
  /** All stored messages, oldest first. */
  messages(): Promise<Message[]>;
  close(): Promise<void>;
}

export const PUBLIC_URL = 'https://bot.example.test';
const BOT_DIR = join(__dirname, '..', '..', 'tests', 'channels', 'bot');

/** Starts the conformance bot with the fixture's channel, on loopback, against a fresh fake provider. */
export async function startHarness(fixture: ConformanceFixture, extraEnv: Record<string, string> = {}): Promise<ChannelHarness> {
  const photo = fixture.photo ? await phonePhoto() : undefined;
  const provider = await FakeProvider.start((call) => (photo && fixture.photo!.serve(call, photo, urls)) || fixture.answer(call));
  const urls = { provider: provider.url, publicUrl: PUBLIC_URL };
  const app = await createApp({
    botDir: BOT_DIR,
    databaseUrl: ':memory:',
    env: { MAX_BODY_BYTES: String(64 * 1024), ...fixture.env(urls), ...extraEnv },
    logger: silentLogger(),
    engine: { outbox: { baseDelayMs: 50, maxDelayMs: 200, pollMs: 50, maxAttempts: 4 } },
    // The channel's contract, not photo troubleshooting: the bot itself sees every attachment
    // (the vision module would answer a photo it could not fetch from the fake's host).
    modules: defaultModules().filter((m) => m.name !== 'vision'),
  });
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    provider,
    urls,
    deliver: (r) => fetch(base + r.path, { method: r.method ?? 'POST', headers: r.headers, body: r.method === 'GET' ? undefined : r.body }),
    sends: () => provider.calls.flatMap((c) => ((c.status ?? 500) < 300 ? (fixture.sent(c) ?? []) : [])),
    messages: async () => (await app.store.sql.all(`SELECT * FROM messages ORDER BY seq`)).map(toMessage),
    close: async () => {
      await app.close();
      await provider.close();
    },
  };
}

/** The photo providers serve: 200 × 150, a phone's GPS position and camera in its EXIF. */
export const PHOTO_SIZE = { width: 200, height: 150 };

async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { ...PHOTO_SIZE, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'CanaryPhone', Model: 'Model GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' },
    })
    .toBuffer();
}

let counter = 0;
/** A fresh provider message id. */
export function nextId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}`;
}

/**
 * The scenarios every channel must pass, through real HTTP and the official SDK: text in, reply
 * out; buttons offered and chosen; cards shown; a photo in (into the media store, when the
 * fixture says how its provider serves one); a duplicate processed once; forged, expired
 * and malformed requests refused with nothing stored; an oversize body refused; provider 429/500
 * retried and permanent errors not retried.
 */
export function channelConformance(fixture: ConformanceFixture, sender: () => string): void {
  const addr = (from: string) => fixture.address?.(from) ?? from;
  const ok = fixture.okStatuses ?? [200];
  let h: ChannelHarness;
  beforeAll(async () => {
    h = await startHarness(fixture);
  });
  afterAll(async () => h && (await h.close()));

  /** Delivers a message and waits for the reply that reaches the provider. */
  async function exchange(spec: InboundSpec): Promise<SentMessage> {
    const before = h.sends().filter((s) => s.to === addr(spec.from)).length;
    const res = await h.deliver(fixture.inbound(spec, h.urls));
    expect(ok).toContain(res.status);
    return until(() => h.sends().filter((s) => s.to === addr(spec.from))[before], `a reply to ${spec.from}`);
  }

  async function count(): Promise<number> {
    return Number((await h.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM messages`))?.n);
  }

  async function refusedWithNothingStored(request: WebhookRequest, statuses: number[]): Promise<void> {
    const before = await count();
    const res = await h.deliver(request);
    expect(statuses).toContain(res.status);
    await h.app.engine.idle();
    expect(await count()).toBe(before);
  }

  test(`${fixture.channel}: text in, reply out through the SDK`, async () => {
    const from = sender();
    const reply = await exchange({ id: nextId('in'), from, text: 'hello there' });
    expect(reply.text).toContain('echo: hello there');
    const stored = (await h.messages()).filter((m) => m.address === addr(from));
    expect(stored.map((m) => [m.direction, m.channel])).toEqual([['inbound', fixture.channel], ['outbound', fixture.channel]]);
    await until(async () => (await h.app.store.getMessage(stored[1].id))?.status === 'sent', 'the reply marked sent');
  });

  test(`${fixture.channel}: buttons offered, then chosen`, async () => {
    const from = sender();
    const menu = await exchange({ id: nextId('in'), from, text: 'menu' });
    if (menu.buttons) expect(menu.buttons).toEqual(['Red', 'Green']);
    else expect(menu.text).toMatch(/1\. Red\s+2\. Green/);
    const chosen = await exchange({ id: nextId('in'), from, choice: { index: 1, title: 'Green', payload: 'color-green' } });
    expect(chosen.text).toContain('You chose color-green');
  });

  test(`${fixture.channel}: cards are shown natively, or as numbered text with prices and links`, async () => {
    const from = sender();
    const before = h.sends().filter((s) => s.to === addr(from)).length;
    await h.deliver(fixture.inbound({ id: nextId('in'), from, text: 'cards' }, h.urls));
    const shown = await until(() => {
      const sent = h.sends().filter((s) => s.to === addr(from)).slice(before);
      const all = [...sent.map((s) => s.text ?? ''), ...sent.flatMap((s) => s.cards ?? []).map((c) => c.text)].join('\n');
      return /Summit Tent/.test(all) ? sent : undefined;
    }, 'both cards');
    const cards = shown.flatMap((s) => s.cards ?? []);
    if (cards.length) {
      expect(cards).toHaveLength(2);
      expect(cards[0].text).toMatch(/Trail Jacket[\s\S]*£89\.00/);
      expect(cards[0].imageUrl).toBe('https://shop.example.test/img/trail.jpg');
      expect(cards[1].text).toMatch(/Summit Tent[\s\S]*£199\.50/);
      expect(cards.map((c) => c.buttons)).toEqual([['Details'], ['Details']]);
      // The second card's "Details": the payload, not the title shared by both, says which.
      const chosen = await exchange({ id: nextId('in'), from, choice: { index: 1, title: 'Details', payload: 'details-tent', card: true } });
      expect(chosen.text).toContain('You chose details-tent');
    } else {
      const text = shown.map((s) => s.text).join('\n');
      expect(text).toMatch(/1\. Trail Jacket — £89\.00\nWaterproof and breathable\nhttps:\/\/shop\.example\.test\/trail\nReply 1 for Details/);
      expect(text).toMatch(/2\. Summit Tent — £199\.50\nhttps:\/\/shop\.example\.test\/tent\nReply 2 for Details/);
      // Text cannot be pressed: the customer replies the second card's number, which means its "Details".
      const chosen = await exchange({ id: nextId('in'), from, text: '2' });
      expect(chosen.text).toContain('You chose details-tent');
    }
  });

  test(`${fixture.channel}: a long reply is split within the channel's limit, on sentence boundaries`, async () => {
    const from = sender();
    await h.deliver(fixture.inbound({ id: nextId('in'), from, text: 'long' }, h.urls));
    const limit = h.app.channels.find((c) => c.name === fixture.channel)!.capabilities.maxTextLength;
    const expected = Array.from({ length: 60 }, (_, i) => `This is sentence number ${i + 1} of a long reply.`).join(' ');
    const parts = await until(async () => {
      await h.app.engine.idle();
      await h.app.engine.outbox.idle();
      const sent = h.sends().filter((s) => s.to === addr(from)).map((s) => s.text ?? '');
      return sent.join(' ').length >= expected.length ? sent : undefined;
    }, 'every part of the long reply');
    expect(parts.length).toBe(expected.length > limit ? Math.max(2, parts.length) : 1);
    for (const part of parts) {
      expect(Array.from(part).length).toBeLessThanOrEqual(limit);
      expect(part).toMatch(/\.$/);
    }
    expect(parts.join(' ')).toBe(expected);
  });

  test(`${fixture.channel}: a photo comes in${fixture.photo ? ', fetched with the channel’s credentials and kept stripped in the media store' : ''}`, async () => {
    const from = sender();
    const id = nextId('in');
    const attachment = fixture.photo?.attachment(id, h.urls) ?? { url: 'https://media.example.test/cat.jpg', mimeType: 'image/jpeg' };
    const reply = await exchange({ id, from, attachment });
    expect(reply.text).toContain('Got image');
    const inbound = (await h.messages()).find((m) => m.address === addr(from) && m.direction === 'inbound');
    expect(inbound?.attachments?.[0]).toMatchObject({ type: 'image', mimeType: 'image/jpeg' });
    if (!fixture.photo) return;
    // The turn copied the provider's file into the media store (the note is saved with the turn).
    const [note] = photoNotes(inbound!);
    expect(note).toEqual(expect.objectContaining({ index: 0, url: expect.stringMatching(/^\/api\/media\/med_/), ...PHOTO_SIZE }));
    const opened = await h.app.bot.services.require(MediaStore).open(note.url!.split('/').pop()!);
    expect(opened?.media).toMatchObject({ messageId: inbound!.id, conversationId: inbound!.conversationId, mimeType: 'image/jpeg' });
    const exif = (await sharp(Buffer.from(opened!.bytes)).metadata()).exif;
    // No GPS block left: the GPS IFD pointer (tag 0x8825) in neither byte order.
    expect(Boolean(exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))))).toBe(false);
  });

  test(`${fixture.channel}: a duplicate delivery is processed once`, async () => {
    const from = sender();
    const spec = { id: nextId('dup'), from, text: 'once only' };
    await exchange(spec);
    const again = await h.deliver(fixture.inbound(spec, h.urls));
    expect(ok).toContain(again.status);
    await h.app.engine.idle();
    await h.app.engine.outbox.idle();
    const stored = (await h.messages()).filter((m) => m.address === addr(from));
    expect(stored.filter((m) => m.direction === 'inbound')).toHaveLength(1);
    expect(h.sends().filter((s) => s.to === addr(from))).toHaveLength(1);
  });

  test(`${fixture.channel}: a forged signature is refused and nothing is stored`, async () => {
    await refusedWithNothingStored(fixture.forge(fixture.inbound({ id: nextId('forged'), from: sender(), text: 'forged' }, h.urls)), [401, 403]);
    const unsigned = fixture.inbound({ id: nextId('unsigned'), from: sender(), text: 'unsigned' }, h.urls);
    // The request's proof: a signature header, or the bearer token of channels that use one (Teams).
    const headers = Object.fromEntries(Object.entries(unsigned.headers).filter(([k]) => !/signature|^authorization$/i.test(k)));
    await refusedWithNothingStored({ ...unsigned, headers }, [401, 403]);
  });

  if (fixture.expired) {
    const expired = fixture.expired;
    test(`${fixture.channel}: an expired timestamp is refused and nothing is stored`, async () => {
      await refusedWithNothingStored(expired({ id: nextId('old'), from: sender(), text: 'old' }, h.urls), [401, 403]);
    });
  }

  test(`${fixture.channel}: a malformed body is refused with a reason and nothing is stored`, async () => {
    const request = fixture.malformed(h.urls);
    const before = await count();
    const res = await h.deliver(request);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/\w+/);
    expect(await count()).toBe(before);
  });

  test(`${fixture.channel}: an oversize body is refused (413) and nothing is stored`, async () => {
    const request = fixture.inbound({ id: nextId('big'), from: sender(), text: 'x'.repeat(70 * 1024) }, h.urls);
    await refusedWithNothingStored(request, [413]);
  });

  test(`${fixture.channel}: a 429 is retried after Retry-After, a 500 is retried`, async () => {
    const from = sender();
    const isSendTo = (c: ProviderCall) => fixture.sent(c)?.to === addr(from);
    h.provider.failNext(isSendTo, fixture.failure('rate-limited'), fixture.failure('server-error'));
    const reply = await exchange({ id: nextId('in'), from, text: 'retry me' });
    expect(reply.text).toContain('echo: retry me');
    const attempts = h.provider.calls.filter(isSendTo);
    expect(attempts).toHaveLength(3);
    // Retry-After: 1 was honoured: the second attempt came at least a second after the first.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
    const out = (await h.messages()).find((m) => m.address === addr(from) && m.direction === 'outbound');
    await until(async () => (await h.app.store.getMessage(out!.id))?.status === 'sent', 'the retried reply marked sent');
  });

  test(`${fixture.channel}: a permanent error is recorded and not retried`, async () => {
    const from = sender();
    const isSendTo = (c: ProviderCall) => fixture.sent(c)?.to === addr(from);
    h.provider.failNext(isSendTo, fixture.failure('permanent'));
    const res = await h.deliver(fixture.inbound({ id: nextId('in'), from, text: 'fail me' }, h.urls));
    expect(ok).toContain(res.status);
    const out = await until(async () => (await h.messages()).find((m) => m.address === addr(from) && m.direction === 'outbound' && m.status === 'failed'), 'the reply marked failed');
    expect(out.error).toMatch(/\w/);
    // A failed message is never due again: a poll now delivers whatever is due, and not this one.
    await h.app.engine.outbox.poll();
    await h.app.engine.outbox.idle();
    expect(h.provider.calls.filter(isSendTo)).toHaveLength(1);
  });
}
