import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '../../core/message';
import type { PhotoNote } from '../../core/photos';
import { Escalator, type EscalationRequest, type PhotoReading } from '../../core/services';
import type { App } from '../../server/app';
import { catalogModule } from '../../catalog/module';
import { visionModule } from '../../vision/module';
import type { PhotoTrace } from '../../core/photos';
import { botDir, startApp } from '../knowledge/helpers';

const STATION = (locale: string, intro: string) => `---
id: power-station-errors
locale: ${locale}
title: PS-500 error codes
tags: [power station]
codes: [PS-500, E-17, E-21]
---

${intro}

## E-17: too hot
Move the station into the shade and wait 30 minutes.

## E-21: input voltage too high
Use the charger supplied in the box.
`;

const WATCH = `---
id: watch-errors
locale: en
title: TW-300 watch errors
codes: [ERR-42]
---

ERR 42 means no satellite fix: step outside, away from buildings.
`;

/** A photo as the media module records it on the message after the reader read it. */
function photo(reading: Partial<PhotoReading>, error?: string): PhotoNote {
  return { index: 0, url: '/api/media/ph_test', ...(error ? { error } : { reading: { text: '', codes: [], confidence: 0.9, ...reading } }) };
}

describe('answering photos', () => {
  let app: App;
  const escalations: EscalationRequest[] = [];

  beforeEach(async () => {
    escalations.length = 0;
    const dir = botDir([['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95.']]);
    writeFileSync(join(dir, 'knowledge', 'power-station-errors.en.md'), STATION('en', 'The PS-500 shows a code when it protects itself.'));
    writeFileSync(join(dir, 'knowledge', 'power-station-errors.es.md'), STATION('es', 'La PS-500 muestra un código cuando se protege.').replace('too hot', 'demasiado caliente').replace('Move the station into the shade', 'Lleva la estación a la sombra'));
    writeFileSync(join(dir, 'knowledge', 'watch-errors.en.md'), WATCH);
    const fakeHandoff = {
      name: 'fake-handoff',
      setup: ({ bot }: { bot: App['bot'] }) =>
        bot.services.provide(Escalator, {
          escalate: async (ctx, request) => {
            escalations.push(request);
            await ctx.reply('Connecting you to a person.');
          },
        }),
    };
    // The real catalog module: one product with an EAN-13, in English and Spanish.
    writeFileSync(
      join(dir, 'catalog.csv'),
      [
        'id,title,description,price,currency,image,url,category,locale,barcode',
        'tent-2p,Ridge 2 tent,"A two-person tent, 2.1 kg.",149,GBP,https://shop.example/tent.jpg,https://shop.example/tent-2p,Tents,en,5012345678900',
        'tent-2p,Tienda Ridge 2,"Una tienda para dos personas, 2,1 kg.",149,GBP,https://shop.example/tent.jpg,https://shop.example/es/tent-2p,Tiendas,es,5012345678900',
      ].join('\n'),
    );
    ({ app } = await startApp(dir, { modules: [fakeHandoff, catalogModule(), visionModule({ reader: { read: () => Promise.reject(new Error('not used')), close: async () => {} } })] }));
  });
  afterEach(() => app.close());

  async function send(notes: PhotoNote[], extra: { text?: string; locale?: string; payload?: string; address?: string } = {}): Promise<Message[]> {
    const { message } = await app.engine.receive({
      channel: 'test',
      address: extra.address ?? 'ann',
      text: extra.text,
      locale: extra.locale,
      payload: extra.payload,
      metadata: notes.length ? { photos: notes } : undefined,
    });
    const replies = await app.engine.repliesTo(message.id, 10_000);
    if (!replies) throw new Error('no reply');
    return replies;
  }
  const trace = (m: Message) => m.metadata?.photo as PhotoTrace | undefined;

  test('a code on a display leads to its article: "I can see E-17 in your photo:" and the right section', async () => {
    const [reply] = await send([photo({ text: 'E-17\nTrailpower' })]);
    expect(reply.text).toMatch(/^I can see E-17 in your photo:\n\nMove the station into the shade and wait 30 minutes\./);
    expect(trace(reply)).toEqual({ outcome: 'article', article: 'power-station-errors', code: 'E-17' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'power-station-errors', locale: 'en' });
  });

  test('in the customer’s language, from the article’s translation', async () => {
    const [reply] = await send([photo({ text: 'E 17' })], { locale: 'es' });
    expect(reply.text).toMatch(/^Veo E-17 en tu foto:\n\nLleva la estación a la sombra/);
  });

  test('a code in a QR code counts like printed text; a barcode equal to a code too', async () => {
    const [fromQr] = await send([photo({ codes: [{ format: 'QRCode', value: 'https://northwind.example/r?m=ERR-42' }] })]);
    expect(trace(fromQr)).toMatchObject({ outcome: 'article', article: 'watch-errors' });
    const [fromBarcode] = await send([photo({ codes: [{ format: 'Code128', value: 'PS500' }] })], { address: 'bob' });
    expect(trace(fromBarcode)).toMatchObject({ outcome: 'article', article: 'power-station-errors' });
  });

  test('two articles’ codes: a focused question; the choice answers from that article', async () => {
    const [question] = await send([photo({ text: 'E-17 ... ERR 42' })]);
    expect(question.text).toBe('I can see more than one code in your photo. Which one is your question about?');
    expect(question.buttons?.map((b) => b.title)).toEqual(['E-17', 'ERR-42', 'None of these']);
    expect(trace(question)).toEqual({ outcome: 'question', offered: ['power-station-errors', 'watch-errors'] });
    const watch = question.buttons![1];
    const [answer] = await send([], { text: watch.title, payload: watch.payload });
    expect(answer.text).toMatch(/^I can see ERR-42 in your photo:\n\nERR 42 means no satellite fix/);
  });

  test('a doubtful reading (O for 0, I for 1) asks before answering; "None of these" hands off with what was read', async () => {
    const [question] = await send([photo({ text: 'E-I7 overheat' })]);
    expect(question.text).toBe('Is the code in your photo E-17?');
    expect(question.buttons?.map((b) => b.title)).toEqual(['Yes, E-17', 'None of these']);
    const none = question.buttons![1];
    const [handoff] = await send([], { text: none.title, payload: none.payload });
    expect(handoff.text).toBe('Connecting you to a person.');
    expect(escalations).toEqual([{ reason: 'low-confidence', note: 'Photo 1: text “E-I7 overheat”' }]);
  });

  test('no code: the text read is a question for the knowledge base', async () => {
    const [reply] = await send([photo({ text: 'Delivery: standard delivery working days', confidence: 0.92 })]);
    expect(reply.text).toMatch(/^In your photo I read “Delivery: standard delivery working days”\.\n\nStandard delivery takes 3 to 5 working days/);
    expect(trace(reply)).toEqual({ outcome: 'answer', article: 'shipping' });
  });

  test('a product’s barcode leads to the catalog’s card for it, in the customer’s language', async () => {
    const [reply] = await send([photo({ text: 'Ridge', confidence: 0.4, codes: [{ format: 'EAN13', value: '5012345678900' }] })]);
    expect(reply.text).toBe('I can see Ridge 2 tent in your photo:');
    expect(reply.cards).toEqual([
      {
        title: 'Ridge 2 tent',
        subtitle: 'A two-person tent, 2.1 kg.',
        imageUrl: 'https://shop.example/tent.jpg',
        price: { amount: 149, currency: 'GBP' },
        url: 'https://shop.example/tent-2p',
        buttons: [{ title: expect.any(String), payload: 'product:tent-2p' }],
      },
    ]);
    expect(trace(reply)).toEqual({ outcome: 'product', product: 'tent-2p', code: '5012345678900' });
    const [spanish] = await send([photo({ codes: [{ format: 'EAN13', value: '5012345678900' }] })], { locale: 'es', address: 'bea' });
    expect(spanish.text).toBe('Veo Tienda Ridge 2 en tu foto:');
    expect(spanish.cards?.map((c) => [c.title, c.url])).toEqual([['Tienda Ridge 2', 'https://shop.example/es/tent-2p']]);
  });

  test('nothing useful: a person gets the photo’s reading in the handoff note; low-confidence text is not asked', async () => {
    const [reply] = await send([photo({ text: 'qx 3% reed LA', confidence: 0.31, codes: [{ format: 'EAN13', value: '4006381333931' }] })]);
    expect(reply.text).toBe('Connecting you to a person.');
    expect(trace(reply)).toEqual({ outcome: 'handoff' });
    expect(escalations).toEqual([{ reason: 'low-confidence', note: 'Photo 1: text “qx 3% reed LA”; codes EAN13 4006381333931' }]);
  });

  test('a photo that could not be read goes to a person with the reason', async () => {
    await send([photo({}, 'OCR took longer than 15000 ms; the photo was not read')]);
    expect(escalations).toEqual([{ reason: 'low-confidence', note: 'Photo 1: not read (OCR took longer than 15000 ms; the photo was not read)' }]);
  });

  test('a message without photos passes on to the rest of the bot', async () => {
    const [reply] = await send([], { text: 'How long does standard delivery take?' });
    expect(reply.metadata?.photo).toBeUndefined();
    expect(reply.text).toMatch(/Standard delivery takes 3 to 5 working days/);
  });
});
