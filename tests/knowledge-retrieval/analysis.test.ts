import { analyze, closeEnough, questionStems, questionWords, stems, words } from '../../knowledge/analysis/analyzer';
import { detectLanguage } from '../../knowledge/analysis/language';
import { fold } from '../../knowledge/analysis/normalize';
import { latinize, skeleton, transliterate } from '../../knowledge/analysis/translit';

describe('analysis per script', () => {
  test('Latin: case, diacritics and ß fold; stopwords go; stems and 4-grams come out', () => {
    expect(fold('Où est ma COMMANDE? Café crème, Straße')).toBe('ou est ma commande? cafe creme, strasse');
    const a = analyze('Les remboursements de la Café', 'fr');
    expect(a.word).toEqual(['rembours', 'caf']);
    expect(a.gram).toContain(' caf');
    expect(a.gram).toContain('cafe');
    // The same word with and without accents analyzes the same.
    expect(analyze('Rückerstattung', 'de')).toEqual(analyze('ruckerstattung', 'de'));
  });

  test('Spanish and Portuguese accented endings stem alike typed with or without the accent, and with the verb', () => {
    const stem = (word: string, lang: string) => analyze(word, lang).word[0];
    // Folding turned "reparación" into "reparacion", an ending Snowball strips only with its accent.
    for (const word of ['reparación', 'reparacion', 'reparáis', 'reparais', 'reparamos']) expect(stem(word, 'es')).toBe(stem('reparar', 'es'));
    expect(stem('cancelacion', 'es')).toBe(stem('cancelar', 'es'));
    for (const word of ['queréis', 'quereis']) expect(stem(word, 'es')).toBe(stem('querer', 'es'));
    for (const word of ['reparação', 'reparacao']) expect(stem(word, 'pt')).toBe(stem('reparar', 'pt'));
    expect(stem('disponivel', 'pt')).toBe(stem('disponível', 'pt'));
    // A short word is no verb ending: "país" keeps its letters.
    expect(stem('pais', 'es')).toBe('pais');
  });

  test('abbreviations customers type are spelled out as the articles write them, per language', () => {
    expect(stems("j'ai oublié mon mdp", 'fr')).toEqual(stems("j'ai oublié mon mot de passe", 'fr'));
    expect(questionStems('reset my pw', 'en')).toEqual(questionStems('reset my password', 'en'));
    expect(words('vcs entregam', 'pt')).toEqual(['voces', 'entregam']);
    expect(stems('shipping to the uk', 'en')).toEqual(stems('shipping to the United Kingdom', 'en'));
    // Each language its own: French writers do not shorten "passwort", and an English "x" is no "per".
    expect(words('pw', 'fr')).toEqual(['pw']);
    expect(words('2 x 3', 'en')).toEqual(['2', 'x', '3']);
  });

  test('Cyrillic: Russian stems, plus Latin transliteration grams and skeletons for names', () => {
    const a = analyze('Как вернуть деньги за заказ Тесла?', 'ru');
    expect(a.word).toEqual(['вернут', 'деньг', 'заказ', 'тесл']);
    expect(a.gram).toEqual(expect.arrayContaining(['тесл', 'tesl', 'esla']));
    expect(a.skel).toContain(skeleton('tesla'));
    expect(transliterate('пэнтерс')).toBe('penters');
  });

  test('Arabic: hamza/alef/ya variants and harakat fold, the article drops for names, digits become ASCII', () => {
    // Alef maqsura is written as ya, and hamza seats as bare alef.
    expect(fold('أَحْمَد إلى ٢٠١٥')).toBe('احمد الي 2015');
    const a = analyze('كيف أسترجع أموالي من البانثرز؟ ٢٠١٥', 'ar');
    expect(a.num).toEqual(['2015']);
    expect(a.word).toContain('بانثرز');
    // "البانثرز" and "Panthers" share one consonant skeleton.
    expect(a.skel).toContain(analyze('Panthers', 'en').skel[0]);
    expect(latinize('البانثرز')).toBe('banthrz');
  });

  test('Arabic: a word ending in ta marbuta stems alike written ة or ه, with the article or without', () => {
    const stem = (word: string) => analyze(word, 'ar').word[0];
    // Folding writes ة as ه, an ending Snowball strips only as ة.
    for (const word of ['المباراة', 'المباراه', 'مباراه', 'للمباراة']) expect(stem(word)).toBe(stem('مباراة'));
    // The pronoun ending ه ("his book") still goes.
    expect(stem('كتابه')).toBe(stem('كتاب'));
  });

  test('Chinese: words by Intl.Segmenter, character unigrams and bigrams, numbers apart', () => {
    expect(words(fold('如何申请退款？'), 'zh')).toEqual(['如何', '申请', '退款']);
    const a = analyze('我的订单2015年', 'zh');
    expect(a.num).toEqual(['2015']);
    expect(a.gram).toEqual(expect.arrayContaining(['订', '单', '订单']));
    expect(fold('ＡＢＣ１２３')).toBe('abc123');
  });

  test('language detection, with the locale hint winning on short ambiguous text', () => {
    expect(detectLanguage('¿Dónde está mi pedido? Lo compré hace una semana')).toBe('es');
    expect(detectLanguage('Wo ist meine Bestellung? Ich warte seit einer Woche')).toBe('de');
    expect(detectLanguage('Где мой заказ?')).toBe('ru');
    expect(detectLanguage('أين طلبي؟')).toBe('ar');
    expect(detectLanguage('我的订单在哪里？')).toBe('zh');
    expect(detectLanguage('ok', 'pt-BR')).toBe('pt');
  });

  test('question words: what two questions share besides their topic goes, in the question’s language', () => {
    expect(questionWords('Hola, ¿cómo puedo pagar con Bizum?', 'es')).toEqual(['pagar', 'bizum']);
    expect(questionWords('Olá, como posso pagar com MB Way?', 'pt')).toEqual(['pagar', 'mb', 'way']);
    // Another language's question words are words like any other ("come" is Italian for "how").
    expect(questionWords('how do I come to the store', 'en')).toEqual(['come', 'store']);
    expect(questionWords('come posso venire al negozio', 'it')).toEqual(['venire', 'negozio']);
    // Stems are the retriever's (Snowball), so word forms meet.
    expect(questionStems('Wie lange dauern die Lieferungen?', 'de')).toEqual(questionStems('lange dauern Lieferung', 'de'));
  });

  test('a text’s stems are the retriever’s word and number terms', () => {
    const text = 'Rücksendungen sind 30 Tage lang kostenlos, Retouren über 2 Paketshops.';
    const { word, num } = analyze(text, 'de');
    expect(stems(text, 'de')).toEqual([...word, ...num]);
    expect(num).toEqual(['30', '2']);
  });
});

describe('one typo between terms', () => {
  test('a changed, added or dropped letter, or two neighbours swapped, in terms of five letters or more', () => {
    expect(closeEnough('retrun', 'return')).toBe(true);
    expect(closeEnough('pasword', 'password')).toBe(true);
    expect(closeEnough('parcels', 'parcel')).toBe(true);
    expect(closeEnough('leather', 'weather')).toBe(true);
  });

  test('short terms match only whole, and two typos are another word', () => {
    expect(closeEnough('hat', 'cat')).toBe(false);
    expect(closeEnough('card', 'cart')).toBe(false);
    expect(closeEnough('return', 'retain')).toBe(false);
    expect(closeEnough('refund', 'refunding')).toBe(false);
  });
});
