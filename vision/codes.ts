import type { DeclaredCode } from '../core/services';

/** A declared code found in what a photo showed. */
export interface CodeHit {
  /** As the article declares it (`E-17`); the first found when the article's codes matched several times. */
  code: string;
  /** Every code of the article found, in reading order (`PS-500`, `E-17`: a model and its error). */
  codes: string[];
  articleId: string;
  /**
   * True when the characters read are the code's own; false when the match needed a character
   * OCR often confuses (`0` read as `O`, `1` as `I`, `5` as `S`): then the bot asks before answering.
   */
  exact: boolean;
  /** Where it was found. */
  source: 'text' | 'barcode';
}

/** Characters OCR mistakes for each other on displays and labels. */
const CONFUSABLE: Record<string, string> = {
  '0': '0OQD',
  O: 'O0QD',
  D: 'D0O',
  '1': '1IL|!',
  I: 'I1L|!',
  L: 'L1I|',
  '2': '2Z',
  Z: 'Z2',
  '5': '5S',
  S: 'S5',
  '6': '6G',
  G: 'G6',
  '8': '8B',
  B: 'B8',
};

/** Separators printed or read between a code's characters (`E-17`, `E 17`, `E.17`, `E–17`). */
const SEPARATOR = '[\\s.\\-/_:–—]{0,2}';

/** A code's letters and digits only, upper-case: `e-17` → `E17`. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The declared codes that appear in `text` (OCR output, a caption) and among `barcodes` (their
 * decoded values), each article once, exact matches first. A code matches whole, ignoring case and
 * separators, never inside a longer code (`E-17` is not in `E-170`).
 */
export function findCodes(text: string, barcodes: string[], declared: DeclaredCode[]): CodeHit[] {
  const found: Array<CodeHit & { at: number }> = [];
  const values = new Set(barcodes.map(normalizeCode));
  for (const d of declared) {
    const normal = normalizeCode(d.code);
    if (!normal) continue;
    const exact = pattern(normal, false);
    const hit = { code: d.code, codes: [d.code], articleId: d.articleId };
    // A barcode holds the code itself (a part number) or text around it (a QR code's URL).
    if (values.has(normal) || barcodes.some((b) => exact.test(b))) found.push({ ...hit, exact: true, source: 'barcode', at: -1 });
    else if (exact.test(text)) found.push({ ...hit, exact: true, source: 'text', at: text.search(exact) });
    else if (pattern(normal, true).test(text)) found.push({ ...hit, exact: false, source: 'text', at: text.search(pattern(normal, true)) });
  }
  // Exact before doubtful, then in reading order (barcodes first: they are never misread).
  found.sort((a, b) => Number(b.exact) - Number(a.exact) || a.at - b.at);
  return dedupe(found.map(({ at: _at, ...h }) => h));
}

/** A whole-code pattern; `loose` accepts confusable characters in place of the code's own. */
function pattern(normal: string, loose: boolean): RegExp {
  const chars = [...normal].map((c) => {
    const set = loose ? (CONFUSABLE[c] ?? c) : c;
    return set.length > 1 ? `[${set.replace(/[\\\]|!^-]/g, (x) => `\\${x}`)}]` : escape(c);
  });
  return new RegExp(`(?<![A-Za-z0-9])${chars.join(SEPARATOR)}(?![A-Za-z0-9])`, 'i');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One hit per article: its best (exact before doubtful), with every code of the article found alike. */
function dedupe(hits: CodeHit[]): CodeHit[] {
  const byArticle = new Map<string, CodeHit>();
  for (const hit of hits) {
    const first = byArticle.get(hit.articleId);
    if (!first) byArticle.set(hit.articleId, { ...hit, codes: [hit.code] });
    else if (first.exact === hit.exact) first.codes.push(hit.code);
  }
  return [...byArticle.values()];
}
