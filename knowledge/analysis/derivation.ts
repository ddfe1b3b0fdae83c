import type { Stemmer } from 'snowball-stemmers';

/**
 * German word families that Snowball leaves apart. Snowball strips inflections, not derivations,
 * so a customer's verb misses the article's noun: "storniert" (stem "storniert"), "stornieren"
 * ("storni") and "Stornierung" ("stornier") are three terms, and so are "geliefert", "liefern"
 * and "Lieferung". The rules below bring a word to the Snowball stem of its verb's infinitive,
 * from the folded word (ü → u, ß → ss) and its Snowball stem. Each rule is a morphological
 * pattern of the language, not a word list; words that only look like a pattern (a noun starting
 * with "ge") get a stem that no other word has, which costs nothing.
 */

// Separable verb prefixes, folded ("zurück" → "zuruck"): the participle puts "ge" after them
// ("zurückgeschickt", "umgetauscht", "zugestellt").
const SEPARABLE = ['zuruck', 'heraus', 'herein', 'zusammen', 'weiter', 'wieder', 'ab', 'an', 'auf', 'aus', 'bei', 'ein', 'mit', 'nach', 'vor', 'weg', 'zu', 'um', 'her', 'hin', 'los', 'fest'];
const PARTICIPLE = new RegExp(`^(${SEPARABLE.join('|')})?ge([a-z]{3,}?)(e?t)$`);
// -ieren verbs and their nouns in -ierung and -ation: "reklamieren", "reklamiert", "Reklamation".
const IEREN = /^([a-z]{3,}?)(iert|ier|ation)$/;
// -ung nouns of verbs: "Lieferung" (liefern), "Erstattung" (erstatten), "Zustellung" (zustellen).
const UNG = /^([a-z]*[aeiouy][a-z]*?)ungen$|^([a-z]*[aeiouy][a-z]*?)ung$/;
// Present-tense -et after a root ending in t or d ("kostet", "erstattet", "versendet"), which
// Snowball keeps; German nouns hardly end so.
const TET = /^([a-z]{3,}[td])et$/;
// Verbs with an inseparable prefix take no "ge" in the participle, so "bestellt", "bezahlt" and
// "verschickt" end in a bare -t that Snowball keeps; their root is what remains.
const PREFIXED_T = /^(be|er|ver|ent|zer|emp|miss)([a-z]{3,})t$/;

/** The infinitive of a German verb root: "liefer" → "liefern", "schick" → "schicken". */
function infinitive(root: string): string {
  return /e[rl]$/.test(root) ? `${root}n` : `${root}en`;
}

/**
 * The family stem of a folded German word whose Snowball stem is `stem`: the stem of its verb's
 * infinitive where the word is a ge-participle, an -ieren verb form or its noun, or an -ung noun;
 * `stem` otherwise.
 */
export function germanFamily(word: string, stem: string, stemmer: Stemmer): string {
  let family = stem;
  // On the stem, so that every inflection of the word ("gelieferte", "gelieferten") takes the same path.
  const ieren = IEREN.exec(stem);
  const participle = PARTICIPLE.exec(stem);
  // On the word: Snowball keeps short -ung nouns whole ("zahlung") and strips long ones ("liefer").
  const ung = UNG.exec(word);
  if (ieren) return `${ieren[1]}i`;
  if (participle) {
    const [, prefix = '', root = '', ending] = participle;
    // "gestartet", "geöffnet": the -et ending follows a root ending in t, d or a consonant and n.
    const full = ending === 'et' && !/(t|d|[^aeiouylr]n)$/.test(root) ? `${root}e` : root;
    family = stemmer.stem(infinitive(prefix + full));
  } else if (ung && (ung[1] ?? ung[2] ?? '').length >= 3) family = stemmer.stem(infinitive(ung[1] ?? ung[2] ?? ''));
  const tet = TET.exec(family);
  if (tet) family = stemmer.stem(infinitive(tet[1] ?? ''));
  // Roots ending in t lose it on every form alike ("erstatten", "erstattet", "Erstattung" → "erstat").
  // Again on the result: the infinitive's own stem may end in t ("bestätigen" → "bestat").
  for (let i = 0, m = PREFIXED_T.exec(family); m && i < 3; i++, m = PREFIXED_T.exec(family)) family = stemmer.stem(infinitive(`${m[1]}${m[2]}`));
  return family;
}

// The particles a German main clause sends to its end ("Wie schicke ich das Sofa zurück?",
// "Holt ihr den Schrank ab?"), the same as the separable prefixes of a participle, less the short
// ones that also end clauses as prepositions or adverbs ("zu", "bei", "her", "hin").
const PARTICLES = new Set(SEPARABLE.filter((p) => !['zu', 'bei', 'her', 'hin'].includes(p)));
// What may come before the verb of a main clause that keeps it second: a question word, a subject
// pronoun, a linking word. A clause starting with anything else is taken to start with its verb
// (a yes/no question or a command); longer first phrases ("Am Montag kommt…") are left alone.
const BEFORE_VERB = new Set(
  'wie wann wo warum wieso weshalb was wer wen wem wohin womit wodurch ich du er sie es wir ihr man und aber oder dann also jetzt bitte'.split(' '),
);

/** A finite verb's infinitive: "schicke" → "schicken", "holt" → "holen", "bietet" → "bieten", "liefert" → "liefern". */
function finiteToInfinitive(verb: string): string {
  const root = verb.replace(/(en|st|t|e)$/, '').replace(/([td])e$/, '$1');
  return infinitive(root);
}

/**
 * German text with each main clause's separable verb put back together: "Wie schicke ich das
 * Sofa zurück?" reads "Wie zurückschicken ich das Sofa?", so that it meets the article's
 * "zurückschicken" and "zurückgeschickt". Expects lower-case text (folded), and keeps the clause
 * boundaries; a clause whose verb cannot be told (see {@link BEFORE_VERB}) is kept as written.
 */
export function rejoinSeparable(folded: string, stop: Set<string>): string {
  return folded.replace(/[^.!?;:,\n]+/g, (clause) => {
    const ws = clause.match(/[a-z]+/g);
    const last = ws?.[ws.length - 1];
    if (!ws || ws.length < 3 || !last || !PARTICLES.has(last)) return clause;
    const at = BEFORE_VERB.has(ws[0]!) ? 1 : 0;
    const verb = ws[at]!;
    if (at === ws.length - 1 || stop.has(verb) || BEFORE_VERB.has(verb) || verb.length < 3) return clause;
    let seen = -1;
    return clause.replace(/[a-z]+/g, (w) => {
      seen++;
      if (seen === at) return last + finiteToInfinitive(verb);
      return seen === ws.length - 1 ? '' : w;
    });
  });
}
