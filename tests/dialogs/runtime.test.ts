import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from '../../core/bot';
import type { TurnContext } from '../../core/context';
import { ConfigError } from '../../core/errors';
import type { EscalationRequest } from '../../core/services';
import { TestBot, TestChannel } from '../../core/testing/harness';
import { dialog } from '../../dialogs/builder';
import { SimpleRecognizer } from '../../dialogs/intents/simple';
import { detectLanguageMiddleware } from '../../dialogs/language';
import type { DialogAction } from '../../dialogs/registry';
import { DialogRuntime } from '../../dialogs/runtime';
import type { Dialog } from '../../dialogs/schema';
import type { DialogState } from '../../dialogs/state';
import { Answerer, Escalator } from '../../core/services';
import { plainText } from '../../core/markdown/format';

const PLAIN = { maxButtons: 0, maxButtonTitle: 20, maxTextLength: 1600, format: plainText, media: false, typing: false };
const open: TestBot[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function setup(dialogs: Dialog[], options: { actions?: Record<string, DialogAction>; configure?: (bot: Bot) => void; fetch?: typeof fetch } = {}) {
  const bot = new Bot({ name: 'Test', defaultLocale: 'en', locales: ['en', 'es', 'de', 'fr'] });
  options.configure?.(bot);
  bot.use(detectLanguageMiddleware());
  const runtime = await DialogRuntime.create({
    dialogs,
    actions: new Map(Object.entries(options.actions ?? {})),
    recognizer: new SimpleRecognizer(),
    fetch: options.fetch,
    now: () => new Date('2026-11-28T12:00:00Z'),
  });
  bot.use(runtime.middleware());
  bot.use(async (ctx) => ctx.reply('(fallback)'));
  const t = await TestBot.create(bot, { channels: [new TestChannel('sms', PLAIN)] });
  open.push(t);
  return t;
}

const stack = (t: TestBot, address: string) => t.state(address).then((s) => (s?.dialogs as DialogState).stack);

describe('dialog steps', () => {
  test('say fills slots, profile, locale and channel; per-locale text with buttons', async () => {
    const t = await setup([
      dialog('hello')
        .keywords('hello')
        .say({ en: 'Hi {{profile.name}}, on {{channel}} in {{locale}}', es: 'Hola {{profile.name}}' }, { buttons: [{ title: { en: 'More', es: 'Más' }, payload: 'more' }] })
        .build(),
    ]);
    await t.conversation('ann').send('first').expect('(fallback)');
    const customer = await t.store.findCustomerByAddress('test', 'ann');
    await t.store.updateProfile(customer!.id, { name: 'Ann' });
    await t.conversation('ann').send('hello').expect({ text: 'Hi Ann, on test in en', buttons: ['More'] });
  });

  test('ask validates, re-prompts, and after maxRetries follows the fallback', async () => {
    const t = await setup([
      dialog('qty')
        .keywords('buy')
        .ask('count', { type: 'number', prompt: 'How many?', reprompt: 'Between 1 and 10, please.', min: 1, max: 10, maxRetries: 1, fallback: { say: 'Giving up.', jump: 'bye' } })
        .say('You want {{slots.count}}.')
        .end()
        .step({ id: 'bye', say: 'Bye.' })
        .build(),
    ]);
    await t.conversation('a').send('buy').expect('How many?').send('12').expect('Between 1 and 10, please.').send('three').expect('Giving up.').expect('Bye.').expectNoMore();
    await t.conversation('b').send('buy').expect('How many?').send('I want 4 please').expect('You want 4.');
    expect(await stack(t, 'b')).toEqual([]);
  });

  test('email, phone, yes-no and choice slots', async () => {
    const t = await setup([
      dialog('contact')
        .keywords('contact')
        .ask('email', { type: 'email', prompt: 'Email?' })
        .ask('phone', { type: 'phone', prompt: 'Phone?' })
        .ask('ok', { type: 'yes-no', prompt: 'Sure?' })
        .ask('color', { type: 'choice', prompt: 'Color?', choices: [{ value: 'red', title: { en: 'Red', de: 'Rot' } }, { value: 'blue', title: 'Blue' }] })
        .say('{{slots.email}} {{slots.phone}} {{slots.ok}} {{slots.color}}')
        .build(),
    ]);
    await t
      .conversation('c')
      .send('contact')
      .expect('Email?')
      .send('ann@example.com')
      .expect('Phone?')
      .send('+1 415 555 2671')
      .expect({ text: 'Sure?', buttons: ['Yes', 'No'] })
      .send('Yes')
      .expect({ text: 'Color?', buttons: ['Red', 'Blue'] })
      .send('2')
      .expect('ann@example.com +14155552671 true blue');
  });

  test('branch on slots and channel', async () => {
    const t = await setup([
      dialog('where')
        .keywords('where')
        .branch({ if: 'channel == "sms"', jump: 'sms' })
        .say('rich')
        .end()
        .step({ id: 'sms', say: 'short' })
        .build(),
    ]);
    await t.conversation('d').send('where').expect('rich');
    await t.conversation('d', 'sms').send('where').expect('short');
  });

  test('call: an action into a slot, an error branch, and the default apology', async () => {
    const t = await setup(
      [
        dialog('calc')
          .keywords('calc')
          .call('double', { args: { n: '21' }, into: 'result' })
          .say('= {{slots.result}}')
          .call('broken', { onError: { say: 'Handled.', jump: 'after' } })
          .say('skipped')
          .step({ id: 'after', call: 'broken' })
          .say('never')
          .build(),
      ],
      {
        actions: {
          double: (_ctx, args) => Number(args.n) * 2,
          broken: () => {
            throw new Error('down');
          },
        },
      },
    );
    await t.conversation('e').send('calc').expect('= 42').expect('Handled.').expect(/could not look that up/).expectNoMore();
  });

  describe('webhooks', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2000);
          if (req.url === '/fail') return void res.writeHead(500).end();
          const parsed = JSON.parse(body);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ echo: parsed.args.q, slot: parsed.slots.name, locale: parsed.locale }));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    test('posts slots and args, and takes the error branch on timeout or HTTP error', async () => {
      const t = await setup([
        dialog('hook')
          .keywords('hook')
          .ask('name', { prompt: 'Name?' })
          .call({ webhook: `${base}/ok`, method: 'POST', timeoutMs: 2000 }, { args: { q: 'hi {{slots.name}}' }, into: 'r' })
          .say('{{slots.r.echo}}/{{slots.r.slot}}/{{slots.r.locale}}')
          .call({ webhook: `${base}/slow`, method: 'POST', timeoutMs: 100 }, { onError: { say: 'Timed out.' } })
          .call({ webhook: `${base}/fail`, method: 'POST', timeoutMs: 1000 }, { onError: { say: 'Failed.' } })
          .build(),
      ]);
      await t.conversation('f').send('hook').expect('Name?').send('Ann').expect('hi Ann/Ann/en').expect('Timed out.').expect('Failed.');
    });
  });

  test('answer uses the answerer, else says it has no answer', async () => {
    const faq = dialog('faq').keywords('question').ask('q', { prompt: 'Ask away.' }).answer('{{slots.q}}').build();
    const without = await setup([faq]);
    await without.conversation('g').send('question').expect('Ask away.').send('returns?').expect(/don't know the answer/);
    const withKb = await setup([faq], {
      configure: (bot) => {
        bot.services.provide(Answerer, { answer: async (q) => ({ status: 'answered', text: `KB: ${q}`, confidence: 0.9, locale: 'en' }) });
      },
    });
    await withKb.conversation('g').send('question').expect('Ask away.').send('returns?').expect('KB: returns?');
  });

  test('answer per locale: the customer’s question, else the default locale’s; the customer’s language goes along', async () => {
    const faq = dialog('faq')
      .keywords('1001')
      .answer({ en: 'How do returns work?', es: '¿Cómo funcionan las devoluciones?' })
      .build();
    const asked: Array<[string, string | undefined]> = [];
    const t = await setup([faq], {
      configure: (bot) => {
        bot.services.provide(Answerer, {
          answer: async (q, _ctx, options) => {
            asked.push([q, options?.locale]);
            return { status: 'answered', text: `KB: ${q}`, confidence: 0.9, locale: 'en', knowledge: { outcome: 'answer', article: 'returns', locale: 'en' } };
          },
        });
      },
    });
    await t.conversation('es-1').send('1001', { locale: 'es' }).expect('KB: ¿Cómo funcionan las devoluciones?');
    await t.conversation('de-1').send('1001', { locale: 'de' }).expect('KB: How do returns work?');
    expect(asked).toEqual([
      ['¿Cómo funcionan las devoluciones?', 'es'],
      ['How do returns work?', 'de'],
    ]);
  });

  test('handoff calls the escalator, or says no agent is available', async () => {
    const calls: EscalationRequest[] = [];
    const flow = dialog('help-me').keywords('stuck').handoff({ note: 'stuck', queue: 'billing' }).say('after').build();
    const t = await setup([flow], {
      configure: (bot) => {
        bot.services.provide(Escalator, {
          escalate: async (ctx: TurnContext, request) => {
            calls.push(request);
            await ctx.reply('An agent will join.');
          },
        });
      },
    });
    await t.conversation('h').send('stuck').expect('An agent will join.').expectNoMore();
    expect(calls).toEqual([{ reason: 'dialog', note: 'stuck', queue: 'billing' }]);
    expect(await stack(t, 'h')).toEqual([]);
    const none = await setup([flow]);
    await none.conversation('h').send('stuck').expect(/No agent is available/).expectNoMore();
  });

  test('begin runs a sub-dialog and comes back; goto replaces; end stops', async () => {
    const t = await setup([
      dialog('main').keywords('main').say('one').begin('sub').say('three').goto('last').build(),
      dialog('sub').say('two').end().say('not said').build(),
      dialog('last').say('four').build(),
    ]);
    await t.conversation('i').send('main').expect('one').expect('two').expect('three').expect('four').expectNoMore();
  });

  test('a goto loop stops instead of hanging the turn', async () => {
    const t = await setup([dialog('a').keywords('loop').goto('b').build(), dialog('b').goto('a').build()]);
    await t.conversation('j').send('loop').expectNoMore();
    expect(await stack(t, 'j')).toEqual([]);
  });

  test('the builder validates like a YAML file', () => {
    expect(() => dialog('x').ask('n', { type: 'number', prompt: 'n?', maxRetries: 99 }).build()).toThrow(ConfigError);
    expect(() => dialog('x').build()).toThrow(/non-empty `steps`/);
  });
});

describe("a dialog's article (knowledge:)", () => {
  /** An answerer whose best article for every question is `top`; records the articles answered from. */
  function kb(top: string | undefined, options: { wouldReply?: boolean; anotherBusiness?: boolean; locale?: string } = {}) {
    const answered: Array<{ article: string; question: string; confidence?: number }> = [];
    const configure = (bot: Bot) =>
      bot.services.provide(Answerer, {
        answer: async () => ({ status: 'abstain', confidence: 0, locale: 'en' }),
        assess: async () => ({ confidence: 0.4, wouldAnswer: false, wouldReply: options.wouldReply ?? true, anotherBusiness: options.anotherBusiness, articleId: top }),
        answerFrom: async (article, question, _ctx, from) => {
          answered.push({ article, question, confidence: from?.confidence });
          const locale = options.locale ?? 'en';
          return { status: 'answered', text: `From ${article}.`, confidence: 0.4, locale, knowledge: { outcome: 'answer', article, locale } };
        },
      });
    return { answered, configure };
  }
  const tracking = () => dialog('track').knowledge('order-tracking').intents('en', ['where is my parcel', 'track my order']).intents('de', ['wo ist mein paket']).payloads('track').ask('number', { prompt: 'Order number?' }).build();

  test("the customer's words start it and the article is the knowledge base's first: the article's answer, then the first question", async () => {
    const { answered, configure } = kb('order-tracking');
    const t = await setup([tracking()], { configure });
    const conversation = t.conversation('a').send('where is my parcel').expect('From order-tracking.').expect('Order number?').expectNoMore();
    await conversation;
    expect(answered).toEqual([{ article: 'order-tracking', question: 'where is my parcel', confidence: 0.4 }]);
    // The reply says which article and which dialog, as on the web wire's `knowledge`.
    expect(conversation.replies[0]!.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'order-tracking', locale: 'en', dialog: 'track' });
  });

  test('another article first, none close enough, another business’s parcel, a button, or the article not in the customer’s language: only the dialog', async () => {
    // [the answerer, the message, whether the article was asked for an answer (then not sent)]
    for (const [answerer, [text, extra], asked] of [
      [kb('missing-parcel'), ['where is my parcel', {}], false],
      [kb('order-tracking', { wouldReply: false }), ['where is my parcel', {}], false],
      [kb('order-tracking', { anotherBusiness: true }), ['where is my vinted parcel', {}], false],
      [kb('order-tracking'), ['Track', { payload: 'track' }], false],
      [kb('order-tracking', { locale: 'en' }), ['wo ist mein Paket', { locale: 'de' }], true],
    ] as const) {
      const t = await setup([tracking()], { configure: answerer.configure });
      await t.conversation('b').send(text, extra).expect(/Order number\?/).expectNoMore();
      expect(answerer.answered.length).toBe(asked ? 1 : 0);
    }
  });

  test('a dialog that names no article starts as before, without asking the knowledge base for one', async () => {
    const { answered, configure } = kb('order-tracking');
    const t = await setup([dialog('track').intents('en', ['where is my parcel', 'track my order']).ask('number', { prompt: 'Order number?' }).build()], { configure });
    await t.conversation('c').send('where is my parcel').expect('Order number?').expectNoMore();
    expect(answered).toEqual([]);
  });
});

describe('digressions, global commands and languages', () => {
  const form = () =>
    dialog('form')
      .keywords('form')
      .ask('day', { type: 'date', prompt: { en: 'Which day?', es: '¿Qué día?', de: 'Welcher Tag?' } })
      .say({ en: 'Booked {{slots.day}}.', es: 'Reservado {{slots.day}}.' })
      .build();
  const hours = () => dialog('hours').keywords('hours', 'horario').intents('en', ['when are you open']).say('9 to 5.').build();

  test('another dialog mid-form runs, then the form re-asks and continues', async () => {
    const t = await setup([form(), hours()]);
    await t
      .conversation('k')
      .send('form')
      .expect('Which day?')
      .send('when are you open?')
      .expect('9 to 5.')
      .expect("Let's continue. Which day?")
      .expectState((state) => expect((state.dialogs as DialogState).stack).toMatchObject([{ dialog: 'form', step: 0, waiting: true }]));
    await t.conversation('k').send('tomorrow').expect('Booked 2026-11-29.');
  });

  test('a question mid-form goes to the knowledge base, then the form goes on', async () => {
    const t = await setup([form()], {
      configure: (bot) => {
        bot.services.provide(Answerer, { answer: async () => ({ status: 'answered', text: 'Parking is free.', confidence: 0.9, locale: 'en' }) });
      },
    });
    await t.conversation('l').send('form').expect('Which day?').send('is parking free?').expect('Parking is free.').expect("Let's continue. Which day?");
  });

  test('global commands work in the customer’s language', async () => {
    const t = await setup([form(), hours()]);
    await t.conversation('m').send('form').expect('Which day?').send('cancelar').expect(/cancelado/);
    expect(await stack(t, 'm')).toEqual([]);
    await t.conversation('n').send('Ich möchte das Formular ausfüllen: form').expect('Welcher Tag?').send('von vorne').expect('Welcher Tag?').send('Hilfe').expect(/abbrechen/).expect('Welcher Tag?');
    await t.conversation('o').send('form').expect('Which day?').send('talk to a person').expect(/No agent is available/).expect("Let's continue. Which day?");
  });

  test('language: detected on long text, sticky, not flipped by "ok"; missing translations fall back', async () => {
    const t = await setup([form(), hours()]);
    await t.conversation('p').send('Hola, quiero reservar con el form por favor').expect('¿Qué día?').send('ok').expect(/^Perdona/).send('mañana').expect('Reservado 2026-11-29.');
    expect((await t.state('p'))?.locale).toBe('es');
    // French was never written for this dialog: the bot's default (English) answers.
    await t.conversation('q').send('Bonjour, je voudrais remplir le form maintenant').expect('Which day?');
    expect((await t.state('q'))?.locale).toBe('fr');
  });
});
