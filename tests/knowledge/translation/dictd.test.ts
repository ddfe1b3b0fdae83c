import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeNumber, encodeNumber, openDictData, readIndex } from '../../../knowledge/translation/dictd';
import { FreeDictTranslator, translationsOf } from '../../../knowledge/translation/freedict';

const DICTD = join(__dirname, '../../fixtures/translation/dictd');

describe('dictd files', () => {
  it('decodes the index’s base-64 numbers as dictd writes them', () => {
    expect(decodeNumber('A')).toBe(0);
    expect(decodeNumber('T9f')).toBe(19 * 4096 + 61 * 64 + 31);
    for (const n of [0, 1, 63, 64, 4095, 123_456_789]) expect(decodeNumber(encodeNumber(n))).toBe(n);
    expect(() => decodeNumber('a-b')).toThrow('not a dictd base-64 number');
  });

  it('reads every article of a dictzip file by random access exactly as inflating it whole does', () => {
    const whole = gunzipSync(readFileSync(join(DICTD, 'freedict-spa-eng.dict.dz')));
    const data = openDictData(join(DICTD, 'freedict-spa-eng'));
    const entries = readIndex(join(DICTD, 'freedict-spa-eng.index'));
    expect(entries.map((e) => e.headword)).toContain('jardín');
    expect(entries.some((e) => e.headword.startsWith('00database'))).toBe(false);
    // The fixture's chunks are 64 bytes: several articles span two.
    expect(entries.some((e) => Math.floor(e.offset / 64) !== Math.floor((e.offset + e.length - 1) / 64))).toBe(true);
    for (const e of entries) expect(data.read(e.offset, e.length)).toBe(whole.subarray(e.offset, e.offset + e.length).toString('utf8'));
    data.close();
  });

  it('reads a plain .dict too', () => {
    const data = openDictData(join(DICTD, 'freedict-deu-eng'));
    const [entry] = readIndex(join(DICTD, 'freedict-deu-eng.index')).filter((e) => e.headword === 'Lieferung');
    expect(data.read(entry!.offset, entry!.length)).toMatch(/^Lieferung \/lˈiːfəʁʊŋ\/ <f>\n \[comm\.\] delivery/);
    data.close();
  });

  it('names the file and line of a malformed index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictd-'));
    writeFileSync(join(dir, 'x.index'), 'good\tA\tB\nbroken line\n');
    expect(() => readIndex(join(dir, 'x.index'))).toThrow(`${join(dir, 'x.index')}:2: expected "headword<TAB>offset<TAB>length"`);
  });
});

describe('FreeDict articles', () => {
  it('keeps the translations and leaves out pronunciation, grammar, domains, notes, synonyms and examples', () => {
    const article = [
      'zurückgeben /tsuːrˈykɡˌeːbən/ <v, trans>',
      ' [comp.]  [eine Eingabe] echo <v>, hand back sth. <v>',
      '         Note: an input/a request',
      '      "zurückgeben, widerhallend"  - echoing back',
      '   Synonyms: {zurückreichen}',
      ' see: {zurückgegeben}',
    ].join('\n');
    expect(translationsOf(article)).toEqual(['echo', 'hand back']);
    expect(translationsOf('enviar /embjˈaɾ/\n1. dispatch, send off, ship\n2. dismiss\n')).toEqual(['dispatch', 'send off', 'ship', 'dismiss']);
  });
});

describe('FreeDictTranslator', () => {
  const freedict = new FreeDictTranslator(DICTD);
  afterAll(() => freedict.close());

  it('lists the folder’s pairs by ISO 639-1 code', () => {
    expect(freedict.pairs.sort()).toEqual(['de>en', 'en>de', 'es>en']);
  });

  it('looks words up by stem, so inflected question words find their headwords', async () => {
    // "cuido" → cuidar, "muebles" → mueble, "jardín" as it is, "sombrillas" → sombrilla; stopwords are not looked up.
    expect(await freedict.translate('¿Cómo cuido los muebles del jardín? Y las sombrillas', 'es', 'en')).toEqual([
      'look after', 'care for', 'mind', 'piece of furniture', 'furniture', 'garden', 'parasol', 'sunshade',
    ]);
    expect(await freedict.translate('Lieferungen', 'de-AT', 'en-GB')).toEqual(['delivery', 'shipment']);
  });

  it('keeps the first senses only', async () => {
    const two = new FreeDictTranslator(DICTD, { maxPerWord: 2 });
    expect(await two.translate('cuidar', 'es', 'en')).toEqual(['look after', 'care for']);
    await two.close();
  });

  it('goes through English when asked to and the pair has no dictionary of its own, and gives nothing for a pair it cannot reach', async () => {
    expect(await freedict.translate('muebles de jardín', 'es', 'de')).toEqual([]);
    const pivoting = new FreeDictTranslator(DICTD, { pivot: true });
    expect(await pivoting.translate('muebles de jardín', 'es', 'de')).toEqual(['Möbel', 'Garten']);
    await pivoting.close();
    expect(await freedict.translate('muebles', 'es', 'fr')).toEqual([]);
    expect(await freedict.translate('muebles', 'es', 'es')).toEqual([]);
  });

  it('reads a word’s entries once: asked again, it answers from memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictd-'));
    for (const name of ['freedict-deu-eng.index', 'freedict-deu-eng.dict']) copyFileSync(join(DICTD, name), join(dir, name));
    const once = new FreeDictTranslator(dir);
    expect(await once.translate('Lieferungen', 'de', 'en')).toEqual(['delivery', 'shipment']);
    // Emptied data: a second read would find no entry at all.
    writeFileSync(join(dir, 'freedict-deu-eng.dict'), '');
    expect(await once.translate('die Lieferungen', 'de', 'en')).toEqual(['delivery', 'shipment']);
    await once.close();
  });

  it('refuses a missing folder, and an index without its data file, naming the file', () => {
    expect(() => new FreeDictTranslator('/nonexistent/dictd')).toThrow('FreeDict folder /nonexistent/dictd does not exist');
    const dir = mkdtempSync(join(tmpdir(), 'dictd-'));
    copyFileSync(join(DICTD, 'freedict-spa-eng.index'), join(dir, 'freedict-spa-eng.index'));
    expect(() => new FreeDictTranslator(dir)).toThrow(`${join(dir, 'freedict-spa-eng')}.index has no ${join(dir, 'freedict-spa-eng')}.dict.dz (or .dict) beside it`);
  });
});
