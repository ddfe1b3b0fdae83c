import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { silentLogger } from '../../core/logger';
import type { WireMessage } from '../../core/message';
import { createApp } from '../../server/app';
import { ApertiumTranslator } from '../../knowledge/translation/apertium';
import { openDictData, readIndex } from '../../knowledge/translation/dictd';
import { FreeDictTranslator } from '../../knowledge/translation/freedict';
import { DEBIAN_PATHS } from '../../knowledge/translation';
import { botDir } from '../knowledge/helpers';

// Debian's packages, as .ci/run installs them: dictd, dict-freedict-*, apertium and its pairs.
beforeAll(() => {
  for (const path of [join(DEBIAN_PATHS.freedict, 'freedict-spa-eng.index'), join(DEBIAN_PATHS.apertium, 'modes', 'spa-eng.mode')]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: install the packages .ci/run lists (dict-freedict-*, apertium-*)`);
  }
});

describe('FreeDict as Debian installs it', () => {
  const freedict = new FreeDictTranslator(DEBIAN_PATHS.freedict);
  afterAll(() => freedict.close());

  it('reads the packaged dictzip files by random access as gzip reads them whole', () => {
    const base = join(DEBIAN_PATHS.freedict, 'freedict-spa-eng');
    const whole = gunzipSync(readFileSync(`${base}.dict.dz`));
    const data = openDictData(base);
    const entries = readIndex(`${base}.index`);
    expect(entries.length).toBeGreaterThan(4000);
    for (const e of entries.filter((_, i) => i % 97 === 0)) expect(data.read(e.offset, e.length)).toBe(whole.subarray(e.offset, e.offset + e.length).toString('utf8'));
    data.close();
  });

  it('writes test fixtures that dictzip itself reads', () => {
    const fixture = join(__dirname, '../fixtures/translation/dictd/freedict-spa-eng.dict.dz');
    expect(execFileSync('dictzip', ['-l', fixture], { encoding: 'utf8' })).toMatch(/dzip .* 6 +64 /);
    expect(execFileSync('dictzip', ['-dc', fixture], { encoding: 'utf8' })).toBe(gunzipSync(readFileSync(fixture)).toString('utf8'));
  });

  it('translates customers’ words into English, and through English into German', async () => {
    expect(await freedict.translate('¿Puedo pagar mi pedido?', 'es', 'en')).toEqual(expect.arrayContaining(['pay', 'order']));
    expect(await freedict.translate('Wann kommt meine Rückerstattung?', 'de', 'en')).toEqual(expect.arrayContaining(['refund']));
    expect(await freedict.translate('livraison', 'fr', 'en')).toEqual(expect.arrayContaining(['delivery']));
    const pivoting = new FreeDictTranslator(DEBIAN_PATHS.freedict, { pivot: true });
    expect(await pivoting.translate('pagar el pedido', 'es', 'de')).toEqual(expect.arrayContaining(['bezahlen']));
    await pivoting.close();
  });
});

describe('Apertium as Debian installs it', () => {
  const apertium = new ApertiumTranslator({ dataDir: DEBIAN_PATHS.apertium, timeoutMs: 20_000 });
  afterAll(() => apertium.close());

  it('translates directly and through Spanish, one process per direction', async () => {
    expect((await apertium.translate('¿Cuánto tarda el envío?', 'es', 'en'))[0]).toMatch(/^How much takes the/);
    expect(apertium.route('pt', 'en')).toEqual(['pt>es', 'es>en']);
    expect((await apertium.translate('Quanto tempo demora o reembolso?', 'pt', 'en'))[0]).toMatch(/how long/i);
    expect((await apertium.translate('Comment changer mon mot de passe ?', 'fr', 'en'))[0]).toMatch(/password/i);
    expect((await apertium.translate('Posso pagare a rate?', 'it', 'en'))[0]).toMatch(/pay/i);
    const questions = Array.from({ length: 20 }, (_, i) => `Quiero devolver ${i + 1} zapatos`);
    const answers = await Promise.all(questions.map((q) => apertium.translate(q, 'es', 'en')));
    answers.forEach((a, i) => expect(a[0]).toContain(String(i + 1)));
  });
});

describe('a bot with knowledge.translation on auto', () => {
  it('answers a Spanish question from an English-only article', async () => {
    const dir = botDir(
      [
        ['garden-care', 'en', 'Caring for garden furniture', 'Oil wooden garden furniture twice a year and keep it covered in winter.'],
        ['returns', 'en', 'Returning an item', 'You can send an item back within 30 days for a full refund.'],
      ],
      'name: Shop\ndefaultLocale: en\nlocales: [en, es]\nknowledge:\n  translation:\n    freedict: auto\n    apertium: auto\n',
    );
    const app = await createApp({ botDir: dir, databaseUrl: ':memory:', env: {}, logger: silentLogger() });
    try {
      const res = await app.fetch(
        new Request('http://local/api/web/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'ana', text: '¿Cómo cuido los muebles del jardín?', locale: 'es' }),
        }),
      );
      const [reply] = ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
      expect(reply!.knowledge).toEqual({ outcome: 'answer', article: 'garden-care', locale: 'en' });
      expect(reply!.text).toMatch(/^Solo tengo esto en inglés:/);
    } finally {
      await app.close();
    }
  });
});
