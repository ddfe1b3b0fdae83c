/**
 * Cross-script keys. Names and loanwords cross languages by sound, not spelling: "Panthers",
 * "Пэнтерс" and "البانثرز" share a consonant skeleton (b-n-t-r-s). Transliterating Cyrillic and
 * Arabic to Latin and reducing every word to that skeleton lets a question in one script find a
 * paragraph in another without any model.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', ђ: 'dj', џ: 'dz',
};

// Arabic has no p, v or g: names spelled with them come out as b, f and j/gh, which the
// skeleton classes below merge again.
const ARABIC: Record<string, string> = {
  ا: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'th', ر: 'r', ز: 'z',
  س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'g', ف: 'f', ق: 'k', ك: 'k',
  ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'o', ي: 'i', ء: '', پ: 'p', چ: 'ch', ژ: 'zh', ڤ: 'v', گ: 'g',
};

/** Latin spelling of a folded Cyrillic or Arabic word; other words are returned as they are. */
export function transliterate(word: string): string {
  const c = word.charCodeAt(0);
  const table = c >= 0x400 && c < 0x530 ? CYRILLIC : c >= 0x600 && c < 0x780 ? ARABIC : undefined;
  if (!table) return word;
  let out = '';
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

/**
 * The text with its Cyrillic and Arabic words transliterated (Arabic's article "al-" dropped),
 * so that it can be analyzed as a Latin-script language: the pivot for cross-lingual search.
 */
export function latinize(folded: string): string {
  return folded.replace(/[\u0400-\u052f\u0600-\u06ff]+/g, (w) => stripArticle(transliterate(w), w));
}

/** Drops the Arabic article (and a clinging w-/f-/b-/l-/k-) from a transliterated word. */
export function stripArticle(latin: string, original: string): string {
  const c = original.charCodeAt(0);
  return c >= 0x600 && c < 0x780 && latin.length > 4 ? latin.replace(/^(wa|fa|ba|la|ka)?al/, '') : latin;
}

// Consonant classes: sounds that scripts swap when borrowing a name fall into one class.
const CLASS: Record<string, string> = {
  b: 'b', p: 'b', f: 'f', v: 'f', w: '', c: 'k', k: 'k', q: 'k', g: 'k', j: 'k', x: 'k',
  s: 's', z: 's', t: 't', d: 't', l: 'l', r: 'r', m: 'm', n: 'n',
};

/**
 * The consonant skeleton of a Latin-script word (transliterate others first): vowels, h, w and y
 * dropped, similar consonants merged, doubled letters collapsed. Empty when too short to be
 * distinctive.
 */
export function skeleton(latinWord: string): string {
  let out = '';
  for (const ch of latinWord) {
    const k = CLASS[ch];
    if (k === undefined) {
      if (ch >= '0' && ch <= '9') return ''; // numbers have their own exact terms
      continue;
    }
    if (k && out[out.length - 1] !== k) out += k;
  }
  return out.length >= 3 ? out : '';
}
