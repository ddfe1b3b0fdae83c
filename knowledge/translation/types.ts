/**
 * Turns a customer's question into words of another language, so that articles written only in
 * that language can be searched: a bilingual dictionary (FreeDict), a machine translator
 * (Apertium). The knowledge base's own learned word table and the thesaurus (`crosslingual.ts`)
 * come first; translators add coverage.
 */
export interface QueryTranslator {
  /**
   * Words or phrases in `to` (ISO 639-1, a locale is fine) for a question written in `from`;
   * empty when the translator has nothing for that pair. Rejects only when the translator broke
   * (a crashed or stuck process); callers search with what the other translators gave.
   */
  translate(question: string, from: string, to: string): Promise<string[]>;
  /** Frees files and processes. */
  close?(): Promise<void>;
}

// ISO 639-1 ↔ ISO 639-3 (the codes FreeDict and Apertium name their pairs with) for the
// languages either ships; a code not listed is taken as it is.
const TO_ISO3: Record<string, string> = {
  af: 'afr', ar: 'ara', bg: 'bul', br: 'bre', ca: 'cat', cs: 'ces', cy: 'cym', da: 'dan', de: 'deu', el: 'ell', en: 'eng',
  eo: 'epo', es: 'spa', eu: 'eus', fi: 'fin', fr: 'fra', ga: 'gle', gl: 'glg', hi: 'hin', hr: 'hrv', hu: 'hun', is: 'isl',
  it: 'ita', ja: 'jpn', la: 'lat', lt: 'lit', nl: 'nld', nb: 'nob', nn: 'nno', oc: 'oci', pl: 'pol', pt: 'por', ro: 'ron',
  ru: 'rus', sr: 'srp', sv: 'swe', sw: 'swh', tr: 'tur', zh: 'zho',
};
const TO_ISO1 = Object.fromEntries(Object.entries(TO_ISO3).map(([two, three]) => [three, two]));

/** The ISO 639-1 base of a locale or code: `es-MX` → `es`, `spa` → `es`, `pt_BR` → `pt`. */
export function isoBase(code: string): string {
  const base = code.toLowerCase().split(/[-_]/)[0]!;
  return TO_ISO1[base] ?? base;
}

/** The ISO 639-3 code of a locale or code: `es-MX` → `spa`. */
export function iso3(code: string): string {
  const base = isoBase(code);
  return TO_ISO3[base] ?? base;
}
