import { LINK_LIMITS } from '../../identity/linking';
import { until } from '../channels/fake-provider';
import { startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { formBotApp, say, web, whatsapp } from '../identity/support';

describe('one-time codes over HTTP (web chat → SMS)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleApp({ TRUST_PROXY: '1' });
  });
  afterAll(async () => h && (await h.close()));

  const say = async (ip: string, userId: string, text: string) => {
    const res = await fetch(`${h.base}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ userId, text }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text).join(' ');
  };
  const askCode = async (ip: string, userId: string, phone: string) => {
    await say(ip, userId, 'continue on my phone');
    return say(ip, userId, phone);
  };

  test('ten fresh visitors from ten addresses asking three times each get at most three codes sent to one number', async () => {
    const victim = '+15557001000';
    for (let v = 0; v < 10; v++) for (let i = 0; i < 3; i++) await askCode(`203.0.113.${v}`, `pump-${v}-${i}`, victim);
    await h.app.engine.outbox.idle();
    expect(h.textsTo(victim).filter((t) => /Your code is/.test(t))).toHaveLength(LINK_LIMITS.codesPerNumberPerHour);
  }, 120_000);

  test('one address making up visitor ids gets at most its quota of codes, to any numbers', async () => {
    const replies: string[] = [];
    for (let v = 0; v < 8; v++) replies.push(await askCode('203.0.113.50', `spray-${v}`, `+1555700200${v}`));
    await h.app.engine.outbox.idle();
    const sent = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((v) => h.textsTo(`+1555700200${v}`));
    expect(sent).toHaveLength(LINK_LIMITS.codesPerClientPerHour);
    expect(replies.at(-1)).toMatch(/Too many attempts/);
    // Another address is not affected.
    expect(await askCode('203.0.113.51', 'spray-other', '+15557002100')).toMatch(/texted a code/);
  }, 120_000);

  test('the instance as a whole sends no more than its hourly ceiling', async () => {
    const ceiling = LINK_LIMITS.codesSentPerInstancePerHour;
    const sentSoFar = Number((await h.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM link_codes WHERE address IS NOT NULL`))!.n);
    LINK_LIMITS.codesSentPerInstancePerHour = sentSoFar + 2;
    try {
      const replies: string[] = [];
      for (let v = 0; v < 4; v++) replies.push(await askCode(`198.18.0.${v}`, `botnet-${v}`, `+1555700300${v}`));
      expect(replies.map((r) => /texted a code/.test(r))).toEqual([true, true, false, false]);
    } finally {
      LINK_LIMITS.codesSentPerInstancePerHour = ceiling;
    }
  }, 120_000);

  test('a shown code cannot be guessed by one address across made-up visitors', async () => {
    const shown = await h.sms('+15557004000', 'can I continue on the web?');
    expect(shown.status).toBeLessThan(300);
    const code = (await until(() => /link ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(h.textsTo('+15557004000').join(' '))?.[1], 'the code texted'));
    const answers: string[] = [];
    for (let v = 0; v < LINK_LIMITS.failuresPerClientPerHour; v++) answers.push(await say('203.0.113.77', `guess-${v}`, 'link AAAA-AAAA'));
    expect(answers.every((a) => /isn't right/.test(a))).toBe(true);
    // Even the right code is refused to that address while it is limited…
    expect(await say('203.0.113.77', 'guess-lucky', `link ${code}`)).toMatch(/Too many attempts/);
    // …and still works for the customer's own browser elsewhere.
    expect(await say('203.0.113.78', 'rightful-owner', `link ${code}`)).toMatch(/Welcome back/);
  }, 120_000);
});

test('linking a phone by code records the verified phone: WhatsApp from that number is the same customer', async () => {
  const { app, sms } = await formBotApp();
  try {
    await say(app, web('linker-1', 'continue on my phone'));
    const codeSent = sms.next('+15557005000');
    await say(app, web('linker-1', '+1 555 700 5000'));
    const code = /\b(\d{6})\b/.exec((await codeSent).text ?? '')![1];
    expect((await say(app, web('linker-1', code)))[0].text).toMatch(/phone is linked/);
    const customer = (await app.store.findCustomerByAddress('web', 'linker-1'))!.id;
    expect(await app.store.sql.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [customer])).toEqual([{ kind: 'phone', value: '+15557005000' }]);

    const [reply] = await say(app, whatsapp('+15557005000', 'hello from WhatsApp'));
    expect(reply.customerId).toBe(customer);
    expect((await app.store.findCustomerByAddress('whatsapp', '15557005000'))!.id).toBe(customer);
  } finally {
    await app.close();
  }
});

test('a number first seen on WhatsApp, then linked from the web by SMS code, merges the two customers', async () => {
  const { app, sms } = await formBotApp();
  try {
    await say(app, whatsapp('+15557006000', 'hi on WhatsApp'));
    const onWhatsApp = (await app.store.findCustomerByAddress('whatsapp', '15557006000'))!.id;
    await say(app, web('linker-2', 'continue on my phone'));
    const codeSent = sms.next('+15557006000');
    await say(app, web('linker-2', '+15557006000'));
    const code = /\b(\d{6})\b/.exec((await codeSent).text ?? '')![1];
    await say(app, web('linker-2', code));
    expect((await app.store.findCustomerByAddress('web', 'linker-2'))!.id).toBe(onWhatsApp);
    expect((await app.store.findCustomerByAddress('sms', '+15557006000'))!.id).toBe(onWhatsApp);
  } finally {
    await app.close();
  }
});
