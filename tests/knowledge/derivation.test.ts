import { stemOf, stems } from '../../knowledge/analysis/analyzer';
import { fold } from '../../knowledge/analysis/normalize';

const stem = (word: string, lang = 'de') => stemOf(fold(word), lang);
const distinct = (ws: string[], lang = 'de') => new Set(ws.map((w) => stem(w, lang))).size;

describe('German word families meet on one stem', () => {
  test.each([
    ['-ieren verbs, their participles and their -ierung and -ation nouns', ['stornieren', 'storniert', 'Stornierung', 'stornierte']],
    ['-ieren verbs and -ation nouns', ['reklamieren', 'reklamiert', 'Reklamation', 'Reklamationen']],
    ['ge- participles and -ung nouns of -ern verbs', ['liefern', 'geliefert', 'gelieferten', 'Lieferung', 'Lieferungen']],
    ['inseparable-prefix verbs whose root ends in t', ['erstatten', 'erstattet', 'Erstattung']],
    ['inseparable-prefix verbs with a bare -t', ['bestellen', 'bestellt', 'Bestellung']],
    ['participles after a separable prefix', ['zurückschicken', 'zurückgeschickt']],
    ['participles after a separable prefix and the noun', ['umtauschen', 'umgetauscht', 'Umtausch']],
    ['separable verbs and their -ung nouns', ['zustellen', 'zugestellt', 'Zustellung']],
    ['-et after a root in t', ['kosten', 'kostet', 'gekostet']],
  ])('%s', (_, family) => {
    expect(distinct(family)).toBe(1);
  });

  test('unrelated words stay apart', () => {
    expect(distinct(['Lieferung', 'Lager', 'Leistung'])).toBe(3);
    expect(distinct(['Stornierung', 'Storno', 'Station'])).toBe(3);
    expect(distinct(['bestellt', 'bezahlt', 'verschickt', 'erstattet'])).toBe(4);
    // Words that only look like a participle keep a stem of their own.
    expect(distinct(['Gewicht', 'Geschäft', 'Geld', 'Angebot'])).toBe(4);
  });

  test('other languages keep their Snowball stems', () => {
    expect(stem('Lieferung', 'nl')).not.toBe(stem('geliefert', 'nl'));
    expect(stem('storniert', 'en')).toBe('storniert');
  });
});

describe('a German main clause gets its separable verb back together', () => {
  test('the particle at the end of the clause joins the verb, as the article writes it', () => {
    expect(stems('Wie schicke ich das Sofa zurück?', 'de')).toEqual(stems('zurückschicken Sofa', 'de'));
    expect(stems('Holt ihr den Schrank ab?', 'de')).toEqual(stems('abholen Schrank', 'de'));
    expect(stems('Baut ihr den Schrank auch auf, wenn ihr liefert?', 'de')).toEqual(stems('aufbauen Schrank auch, wenn ihr liefert', 'de'));
  });

  test('each clause on its own; a clause without a particle at its end, or with a long first phrase, is kept', () => {
    expect(stems('Das Paket ist da. Holt ihr den Karton ab?', 'de')).toEqual(stems('Das Paket ist da. abholen Karton', 'de'));
    expect(stems('Wann kommt das Sofa?', 'de')).toEqual(['wann', 'kommt', 'sofa']);
    expect(stems('Am Montag kommt das Sofa an', 'de')).toEqual(stems('Am Montag kommt das Sofa', 'de'));
  });

  test('only German text', () => {
    expect(stems('take it back up', 'en')).toContain('back');
  });
});
