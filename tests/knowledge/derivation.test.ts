import { separatedVerbs, stemOf, stems } from '../../knowledge/analysis/analyzer';
import { fold } from '../../knowledge/analysis/normalize';

const stem = (word: string, lang = 'de') => stemOf(fold(word), lang);
const distinct = (ws: string[], lang = 'de') => new Set(ws.map((w) => stem(w, lang))).size;

describe('German word families meet on one stem', () => {
  test.each([
    ['-ieren verbs, their participles and their -ierung and -ation nouns', ['stornieren', 'storniert', 'Stornierung', 'stornierte']],
    ['-ieren verbs and -ation nouns', ['reklamieren', 'reklamiert', 'Reklamation', 'Reklamationen']],
    ['ge- participles and -ung nouns of -ern verbs', ['liefern', 'geliefert', 'gelieferten', 'Lieferung', 'Lieferungen']],
    ['participles after a separable prefix', ['zurückschicken', 'zurückgeschickt']],
    ['participles after a separable prefix and the noun', ['umtauschen', 'umgetauscht', 'Umtausch']],
    ['separable verbs and their -ung nouns', ['zustellen', 'zugestellt', 'Zustellung']],
    ['-ung nouns of verbs whose root ends in t', ['erstatten', 'Erstattung']],
    ['participles of roots in t', ['kosten', 'gekostet']],
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

  test('present-tense -et and the bare -t of inseparable-prefix verbs keep their Snowball stems', () => {
    expect(stem('kostet')).not.toBe(stem('kosten'));
    expect(stem('bezahlt')).not.toBe(stem('bezahlen'));
  });

  test('other languages keep their Snowball stems', () => {
    expect(stem('Lieferung', 'nl')).not.toBe(stem('geliefert', 'nl'));
    expect(stem('storniert', 'en')).toBe('storniert');
  });

  test("a main clause's separable verb is put back together beside its own words", () => {
    // The assembly article's "Aufbau" and the payment article's "Abbuchung" meet the question's verb.
    expect(stems('Baut ihr den Schrank auch auf, wenn ihr ihn liefert?', 'de')).toContain(stem('Aufbau'));
    expect(stems('Wann bucht ihr das Geld ab?', 'de')).toContain(stem('Abbuchung'));
    expect(stems('Wie schicke ich das Sofa zurück?', 'de')).toEqual(expect.arrayContaining([stem('schicke'), stem('Sofa'), stem('zurückschicken')]));
    // Only where the particle closes the clause ("zu" closes it as an adjective: shut).
    expect(stems('Ich baue auf dem Balkon', 'de')).not.toContain(stem('aufbauen'));
    expect(stems('Ist der Laden am Sonntag zu?', 'de')).toEqual(stems('Laden Sonntag', 'de'));
  });

  test("a separable verb's finite half is told apart, in German only", () => {
    expect(separatedVerbs('Baut ihr den Schrank auch auf? Wann bucht ihr das Geld ab', 'de')).toEqual([
      { finite: 'baut', infinitive: 'aufbauen' },
      { finite: 'bucht', infinitive: 'abbuchen' },
    ]);
    expect(separatedVerbs('Ich baue auf dem Balkon', 'de')).toEqual([]);
    expect(separatedVerbs('can you build it up', 'en')).toEqual([]);
  });
});
