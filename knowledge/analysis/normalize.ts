/**
 * Text folding shared by documents and queries, so that "Café", "CAFE" and "cafe" meet, and
 * Arabic written with or without vowel marks and hamza variants meets itself.
 */

// Letters that neither NFKD nor lower-casing reduce to ASCII, but readers treat as equivalent.
const LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
  // Arabic: hamza-carrying alefs, alef maqsura and ta marbuta are spelled inconsistently.
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي',
  // Russian ё is usually written е.
  ё: 'е',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

// Combining marks we drop: Latin/Cyrillic diacritics and Arabic harakat + tatweel. Marks of other
// scripts (kana voicing, Indic vowel signs) carry meaning and are kept.
const MARKS_RE = /[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g;

/** Folds case, width, diacritics and script-specific spelling variants; digits become ASCII. */
export function fold(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  s = s.replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  s = s.normalize('NFD').replace(MARKS_RE, '').normalize('NFC');
  return s.replace(LETTER_RE, (c) => LETTERS[c] ?? c);
}

/** Scripts the analyzer treats differently. */
export type Script = 'latin' | 'cyrillic' | 'arabic' | 'cjk' | 'thai' | 'other';

/** The script of a token, from its first letter. */
export function scriptOf(token: string): Script {
  const c = token.codePointAt(0) ?? 0;
  if (c < 0x250) return 'latin';
  if (c >= 0x400 && c < 0x530) return 'cyrillic';
  if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780)) return 'arabic';
  if (c >= 0xe00 && c < 0xe80) return 'thai';
  if ((c >= 0x3040 && c < 0x3100) || (c >= 0x3400 && c < 0xa000) || (c >= 0xac00 && c < 0xd7b0) || (c >= 0xf900 && c < 0xfb00)) return 'cjk';
  if (c >= 0x1e00 && c < 0x1f00) return 'latin';
  return 'other';
}

/** True when the text holds characters of a script written without spaces between words. */
export function needsSegmenter(text: string): boolean {
  return /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]/.test(text);
}
