import { parseDate, parseNumber, parseValue } from '../../dialogs/entities';

const now = new Date('2026-11-28T12:00:00Z');

describe('slot values by type and locale', () => {
  test('numbers follow the locale', () => {
    expect(parseNumber('1,234.5', 'en')).toBe(1234.5);
    expect(parseNumber('1.234,5', 'de')).toBe(1234.5);
    expect(parseNumber('2,5 kg', 'fr')).toBe(2.5);
    expect(parseNumber('none', 'en')).toBeUndefined();
    expect(parseValue('I want 12', { type: 'number', locale: 'en', max: 10 })).toEqual({ ok: false });
  });

  test('dates in four languages, with past/future checks', () => {
    expect(parseDate('tomorrow', 'en', now)).toBe('2026-11-29');
    expect(parseDate('mañana', 'es', now)).toBe('2026-11-29');
    expect(parseDate('gestern', 'de', now)).toBe('2026-11-27');
    expect(parseDate('le 3 mars 2026', 'fr', now)).toBe('2026-03-03');
    expect(parseValue('tomorrow', { type: 'date', locale: 'en', past: true, now })).toEqual({ ok: false });
    expect(parseValue('yesterday', { type: 'date', locale: 'en', past: true, now })).toEqual({ ok: true, value: '2026-11-27' });
  });

  test('phones use the locale’s country; emails are found in text', () => {
    expect(parseValue('030 123456', { type: 'phone', locale: 'de' })).toEqual({ ok: true, value: '+4930123456' });
    expect(parseValue('(415) 555-2671', { type: 'phone', locale: 'en-US' })).toEqual({ ok: true, value: '+14155552671' });
    expect(parseValue('12', { type: 'phone', locale: 'en' })).toEqual({ ok: false });
    expect(parseValue('it is Ann@Example.com thanks', { type: 'email', locale: 'en' })).toEqual({ ok: true, value: 'ann@example.com' });
  });

  test('yes/no and choices in any language', () => {
    expect(parseValue('Sí, claro', { type: 'yes-no', locale: 'es' })).toEqual({ ok: true, value: true });
    expect(parseValue('nein', { type: 'yes-no', locale: 'de' })).toEqual({ ok: true, value: false });
    expect(parseValue('maybe', { type: 'yes-no', locale: 'en' })).toEqual({ ok: false });
    const choices = [
      { value: 'damaged', titles: ['Arrived damaged'], synonyms: ['kaputt'] },
      { value: 'wrong-item', titles: ['Wrong item'] },
    ];
    expect(parseValue('es ist kaputt', { type: 'choice', locale: 'de', choices })).toEqual({ ok: true, value: 'damaged' });
    expect(parseValue('x', { type: 'choice', locale: 'en', choices, payload: 'wrong-item' })).toEqual({ ok: true, value: 'wrong-item' });
    expect(parseValue('blue', { type: 'choice', locale: 'en', choices })).toEqual({ ok: false });
  });
});
