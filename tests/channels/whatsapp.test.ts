import { toGraphBodies } from '../../channels/whatsapp/outbound';
import { ConfigError } from '../../core/errors';
import type { Message } from '../../core/message';
import { render } from '../../core/render';
import { WhatsAppChannel } from '../../channels/whatsapp/adapter';
import { whatsapp } from '../../channels/whatsapp';
import { nextId, startHarness, type ChannelHarness } from './conformance';
import { until } from './fake-provider';
import { WHATSAPP, envelope, signedPayload, waMessage, whatsappFixture, whatsappSender } from './whatsapp.fixture';
import { CustomerServiceWindow } from '../../core/services';

function outbound(extra: Partial<Message>): Message {
  return { id: 'm1', channel: 'whatsapp', direction: 'outbound', author: 'bot', customerId: 'c', conversationId: 'v', address: '155512', status: 'pending', createdAt: 0, ...extra };
}

/** The Graph bodies a message becomes after rendering for WhatsApp's capabilities. */
function bodies(message: Message) {
  const caps = new WhatsAppChannel({ appSecret: 'a', verifyToken: 'v', accessToken: 't', phoneNumberId: '1', sql: undefined as never }).capabilities;
  return render(message, caps).flatMap((part) => toGraphBodies(part)) as Array<Record<string, any>>;
}

describe('WhatsApp rendering', () => {
  const buttons = (n: number, title = 'Option') => Array.from({ length: n }, (_, i) => ({ title: `${title} ${i + 1}`, payload: `p${i + 1}` }));

  test('up to 3 choices are reply buttons with titles of at most 20 characters', () => {
    const [b] = bodies(outbound({ text: 'Pick', buttons: [{ title: 'A very long button title indeed', payload: 'long' }, ...buttons(2)] }));
    expect(b.interactive.type).toBe('button');
    expect(b.interactive.action.buttons.map((x: any) => x.reply.id)).toEqual(['long', 'p1', 'p2']);
    expect(b.interactive.action.buttons[0].reply.title.length).toBeLessThanOrEqual(20);
  });

  test('4 to 10 choices become a list; more than 10 a numbered text', () => {
    const [list] = bodies(outbound({ text: 'Pick', buttons: buttons(10) }));
    expect(list.interactive.type).toBe('list');
    expect(list.interactive.action.sections[0].rows).toHaveLength(10);
    for (const row of list.interactive.action.sections[0].rows) expect(row.title.length).toBeLessThanOrEqual(24);
    expect(list.interactive.action.button.length).toBeLessThanOrEqual(20);

    const [text] = bodies(outbound({ text: 'Pick', buttons: buttons(12) }));
    expect(text.type).toBe('text');
    expect(text.text.body).toMatch(/^Pick\n\n1\. Option 1\n.*12\. Option 12$/s);
  });

  test('text is split at 4096 characters; an interactive body at 1024', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence ${i} is here.`).join(' ');
    const parts = bodies(outbound({ text: long + long }));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.body.length).toBeLessThanOrEqual(4096);

    const withButtons = bodies(outbound({ text: long.slice(0, 3000), buttons: buttons(2) }));
    const last = withButtons[withButtons.length - 1];
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(1024);
    expect(withButtons.slice(0, -1).every((p) => p.type === 'text')).toBe(true);
  });

  test('media go by link, with captions', () => {
    const [text, image] = bodies(outbound({ text: 'Here', attachments: [{ type: 'image', url: 'https://x.test/a.png', caption: 'A' }] }));
    expect(text.type).toBe('text');
    expect(image).toMatchObject({ type: 'image', image: { link: 'https://x.test/a.png', caption: 'A' } });
  });
});

describe('WhatsApp settings', () => {
  test('half a configuration names what is missing', () => {
    expect(whatsapp.configure({})).toBeUndefined();
    // The API's address alone does not turn the channel on.
    expect(whatsapp.configure({ WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9' })).toBeUndefined();
    expect(() => whatsapp.configure({ WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v' })).toThrow(ConfigError);
    expect(() => whatsapp.configure({ WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v' })).toThrow(/WHATSAPP_ACCESS_TOKEN.*WHATSAPP_PHONE_NUMBER_ID/);
  });

  test('bot.yaml channels.whatsapp fills in what the environment leaves unset; the environment wins', () => {
    const channels = { whatsapp: { appSecret: 'yaml-secret', verifyToken: 'v', accessToken: 'a', phoneNumberId: '1', fallbackTemplate: 'hello:en' } };
    expect(whatsapp.configure({ WHATSAPP_APP_SECRET: 'env-secret' }, channels)).toMatchObject({ appSecret: 'env-secret', verifyToken: 'v', fallbackTemplate: 'hello:en' });
  });
});

describe('WhatsApp channel over HTTP', () => {
  let h: ChannelHarness;
  const DAY = 24 * 3600;
  beforeAll(async () => {
    h = await startHarness(whatsappFixture);
  });
  afterAll(async () => h && (await h.close()));

  const sentTo = (to: string) => h.sends().filter((s) => s.to === to);
  const deliverAt = (from: string, text: string, timestamp: number) =>
    h.deliver(signedPayload(envelope({ messages: [waMessage({ id: nextId('wamid.'), from, text }, timestamp)] })));

  test('webhook verification echoes the challenge for the right token only', async () => {
    const get = (q: string) => h.deliver({ method: 'GET', path: `/api/whatsapp/webhook?${q}`, headers: {}, body: '' });
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${WHATSAPP.verifyToken}&hub.challenge=4242`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('4242');
    expect((await get('hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=4242')).status).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${WHATSAPP.verifyToken}&hub.challenge=1`)).status).toBe(403);
  });

  test('a list reply maps to its payload', async () => {
    const from = whatsappSender();
    const message = { from, id: nextId('wamid.'), timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'opt-4', title: 'Option 4' } } };
    await h.deliver(signedPayload(envelope({ messages: [message] })));
    await until(() => sentTo(from).length === 1, 'a reply');
    expect(sentTo(from)[0].text).toBe('You chose opt-4');
  });

  test('five options go out as a list', async () => {
    const from = whatsappSender();
    await deliverAt(from, 'many', Math.floor(Date.now() / 1000));
    await until(() => sentTo(from).length === 1, 'the list');
    expect(sentTo(from)[0].buttons).toEqual(['Option 1', 'Option 2', 'Option 3', 'Option 4', 'Option 5']);
  });

  test('outside the 24-hour window a free-form reply fails for good, with the reason, and nothing is sent', async () => {
    const from = whatsappSender();
    await deliverAt(from, 'hello from yesterday', Math.floor(Date.now() / 1000) - DAY - 60);
    const failed = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'failed'), 'the failure');
    expect(failed.error).toMatch(/window-closed.*24 hours.*template/);
    expect(h.provider.calls.filter((c) => c.body.includes(from))).toHaveLength(0);
  });

  test('a message from the customer reopens the window', async () => {
    const from = whatsappSender();
    await deliverAt(from, 'old', Math.floor(Date.now() / 1000) - 2 * DAY);
    await until(async () => (await h.messages()).some((m) => m.address === from && m.status === 'failed'), 'the failure');
    await deliverAt(from, 'new', Math.floor(Date.now() / 1000));
    await until(() => sentTo(from).length === 1, 'a reply');
    expect(sentTo(from)[0].text).toBe('echo: new');
  });

  test('the window is open before the turn can reply, however slowly it is recorded', async () => {
    const from = whatsappSender();
    const window = (h.app.channels.find((c) => c.name === 'whatsapp') as WhatsAppChannel).window;
    const touch = window.touch.bind(window);
    // A slow database write (a busy pool): the turn must not get to the window check first.
    window.touch = async (address, at) => {
      await new Promise((r) => setTimeout(r, 300));
      return touch(address, at);
    };
    try {
      await deliverAt(from, 'quick', Math.floor(Date.now() / 1000));
      const reply = await until(async () => (await h.messages()).find((m) => m.address === from && m.direction === 'outbound' && m.status !== 'sending' && m.status !== 'pending'), 'the reply sent or failed');
      expect({ status: reply.status, error: reply.error }).toEqual({ status: 'sent', error: undefined });
      expect(sentTo(from).map((s) => s.text)).toEqual(['echo: quick']);
    } finally {
      window.touch = touch;
    }
  });

  test('other modules see the window as the CustomerServiceWindow service', async () => {
    const from = whatsappSender();
    const window = h.app.bot.services.get(CustomerServiceWindow)!;
    expect(await window.isOpen(from, Date.now())).toBe(false);
    const at = Math.floor(Date.now() / 1000) - 60;
    await deliverAt(from, 'hi', at);
    await until(() => sentTo(from).length === 1, 'a reply');
    expect(await window.isOpen(from, Date.now())).toBe(true);
    expect(await window.isOpen(from, (at + DAY) * 1000 - 1)).toBe(true);
    expect(await window.isOpen(from, (at + DAY) * 1000)).toBe(false);
  });

  test('Graph error 131047 (window closed at Meta) is permanent and not retried', async () => {
    const from = whatsappSender();
    const isSendTo = (c: { body: string }) => c.body.includes(`"to":"${from}"`);
    h.provider.failNext(isSendTo, { status: 400, body: { error: { code: 131047, message: 'Re-engagement message' } } });
    await deliverAt(from, 'hi', Math.floor(Date.now() / 1000));
    const failed = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'failed'), 'the failure');
    expect(failed.error).toMatch(/24-hour customer-service window is closed.*131047/);
    // A failed message is never due again: a poll now delivers whatever is due, and not this one.
    await h.app.engine.outbox.poll();
    await h.app.engine.outbox.idle();
    expect(h.provider.calls.filter(isSendTo)).toHaveLength(1);
  });

  test('delivery statuses are recorded on the sent message', async () => {
    const from = whatsappSender();
    await deliverAt(from, 'status please', Math.floor(Date.now() / 1000));
    const out = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'sent'), 'sent');
    const statuses = [{ id: out.channelMessageId, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: from }];
    expect((await h.deliver(signedPayload(envelope({ statuses })))).status).toBe(200);
    expect((await h.app.store.getMessage(out.id))?.metadata?.delivery).toMatchObject({ status: 'read' });
  });

  test('the Graph call carries the bearer token', async () => {
    const from = whatsappSender();
    await deliverAt(from, 'token?', Math.floor(Date.now() / 1000));
    await until(() => sentTo(from).length === 1, 'a reply');
    const call = h.provider.calls.find((c) => c.body.includes(from))!;
    expect(call.path).toBe(`/v21.0/${WHATSAPP.phoneNumberId}/messages`);
    expect(call.headers.authorization).toBe(`Bearer ${WHATSAPP.accessToken}`);
  });
});

describe('WhatsApp window fallback template', () => {
  let h: ChannelHarness;
  beforeAll(async () => {
    h = await startHarness(whatsappFixture, { WHATSAPP_FALLBACK_TEMPLATE: 'follow_up:en_US' });
  });
  afterAll(async () => h && (await h.close()));

  test('outside the window the configured template goes out instead, and is recorded', async () => {
    const from = whatsappSender();
    const old = Math.floor(Date.now() / 1000) - 25 * 3600;
    await h.deliver(signedPayload(envelope({ messages: [waMessage({ id: nextId('wamid.'), from, text: 'late' }, old)] })));
    const out = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'sent'), 'sent');
    const call = h.provider.calls.find((c) => c.body.includes(from))!;
    expect(JSON.parse(call.body)).toMatchObject({ to: from, type: 'template', template: { name: 'follow_up', language: { code: 'en_US' } } });
    expect(out.metadata?.whatsapp).toEqual({ window: 'closed', sentTemplate: 'follow_up' });
  });

  test('a message may name its own approved template, sent even with the window closed', async () => {
    const from = whatsappSender();
    const old = Math.floor(Date.now() / 1000) - 30 * 3600;
    await h.deliver(signedPayload(envelope({ messages: [waMessage({ id: nextId('wamid.'), from, text: 'hi' }, old)] })));
    await until(() => h.sends().some((s) => s.to === from && s.text === '[template follow_up]'), 'the fallback');
    const conversation = (await h.messages()).find((m) => m.address === from)!.conversationId;
    await h.app.engine.send(conversation, { text: 'Your order shipped', metadata: { whatsappTemplate: { name: 'order_shipped', language: 'es', components: [] } } });
    await until(() => h.sends().some((s) => s.to === from && s.text === '[template order_shipped]'), 'the template');
  });
});
