import { DatasetError, parseCsv, stratifiedSplit } from '../../dialogs/intents/datasets';
import { normalizeText } from '../../dialogs/intents/features';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, newlines in fields, CRLF and a BOM', () => {
    const csv = '\ufefftext,category\r\n"a, b",x\r\n"say ""hi""",y\n"two\nlines",z\nplain,w';
    expect(parseCsv(csv)).toEqual([['text', 'category'], ['a, b', 'x'], ['say "hi"', 'y'], ['two\nlines', 'z'], ['plain', 'w']]);
  });

  it('skips blank lines and rejects an unterminated quote', () => {
    expect(parseCsv('a,b\n\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(() => parseCsv('a,b\n"open,2\n')).toThrow(DatasetError);
  });
});

describe('stratifiedSplit', () => {
  it('holds out every fifth item of each label, in file order', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ text: `t${i}`, intent: i % 2 ? 'odd' : 'even' }));
    const [kept, held] = stratifiedSplit(items, 0.2);
    expect(held.map((h) => h.text)).toEqual(['t8', 't9', 't18', 't19']);
    expect(kept).toHaveLength(16);
  });
});

describe('normalizeText', () => {
  it('folds case, accents, full-width forms and digits but keeps non-Latin marks', () => {
    expect(normalizeText('Où est ÇA 42?')).toBe('ou est ca 00?');
    expect(normalizeText('ＡＢＣ１')).toBe('abc0');
    expect(normalizeText('हिन्दी')).toBe('हिन्दी');
  });
});
