import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateRouting, readRouting } from '../../cli/eval/answers/routing';

const ROOT = join(__dirname, '..', '..');
const HELPCENTRE = join(ROOT, 'tests', 'fixtures', 'helpcentre');

function casesFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'routing-')), 'cases.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('eval routing', () => {
  test('reads routing cases, defaulting the language to English', () => {
    const file = casesFile(['{"text":"I want to return an item","route":"dialog:returns"}', '', '{"text":"¿Aceptáis PayPal?","lang":"es","route":"article:payment"}']);
    expect(readRouting(file)).toEqual([
      { text: 'I want to return an item', lang: 'en', route: 'dialog:returns' },
      { text: '¿Aceptáis PayPal?', lang: 'es', route: 'article:payment' },
    ]);
  });

  test('a bad line is refused with its file and line number', () => {
    expect(() => readRouting(casesFile(['{"text":"hi","route":"dialog:returns"}', '{"text":"hi","route":"faq"}']))).toThrow(/cases\.jsonl:2: expected/);
    expect(() => readRouting(casesFile(['{oops']))).toThrow(/cases\.jsonl:1: not JSON/);
  });

  test('on the demo bot and the help centre, messages go to the dialog or the article they are meant for', async () => {
    const report = await evaluateRouting(readRouting(join(HELPCENTRE, 'routing.jsonl')), { botDir: join(ROOT, 'bots', 'demo'), knowledgeDir: join(HELPCENTRE, 'knowledge') });
    expect(report.to_dialog.n + report.to_article.n).toBe(readRouting(join(HELPCENTRE, 'routing.jsonl')).length);
    // Measured (session 12): 6 of 41 dialog requests go to the knowledge base. Two with typos ("i
    // wanna retrun the lamp i bought": "wanna" is no "want"; "wheres my oder": four letters, too
    // short to forgive); two the recognizer rejects before the knowledge base is asked ("take back
    // the rug", "renvoyer le canapé": it reads no thesaurus); "my package still hasn't come" (the
    // missing-parcel article), and a Portuguese store-hours question whose nearest example is not
    // close enough to keep it from a Spanish article. No question meant for an article starts a dialog.
    expect(report.to_article.cases).toEqual([]);
    expect(report.to_dialog.misrouted).toBeLessThanOrEqual(6);
  }, 120_000);
});
