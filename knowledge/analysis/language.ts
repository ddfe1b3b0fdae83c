import { detect } from 'tinyld';

/**
 * Language of a text, as an ISO 639-1 code. Short texts are ambiguous, so a caller's hint (the
 * customer's locale) wins unless the detector disagrees on a text long enough to be sure.
 */
export function detectLanguage(text: string, hint?: string): string {
  const base = hint?.split(/[-_]/)[0]?.toLowerCase();
  // Scripts used by one language settle it without statistics.
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u0e00-\u0e7f]/.test(text)) return 'th';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u4e00-\u9fff]/.test(text) && !(base === 'ja')) return 'zh';
  const found = detect(text);
  if (!found) return base || 'en';
  if (base && base !== found && text.length < 40) return base;
  return found;
}

/** The base language of a locale tag: `es-MX` → `es`. */
export function baseLanguage(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}
