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
const UNG = /^([a-z]*[aeiouy][a-z]*?)ung(?:en)?$/;
// Not folded in, for each cost on the tuning sets (session 13): present-tense -et after a root in
// t or d ("kostet" → "kosten": "was kostet Expressversand" met the return article's "Kosten"), and
// the bare -t of inseparable-prefix verbs ("bezahlt" → "bezahlen", "bestellt" → "bestellen"), which
// pulled German articles over the foreign-language one a question was about. The separable verb
// of a main clause put back together in place of its words ("Wie schicke ich das Sofa zurück?" →
// "zurückschicken") lost that very question to another article; {@link separatedVerb} adds it
// beside them instead.

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
  // On the stem, so that every inflection of the word ("gelieferte", "gelieferten") takes the same path.
  const ieren = IEREN.exec(stem);
  if (ieren) return `${ieren[1]}i`;
  const participle = PARTICIPLE.exec(stem);
  if (participle) {
    const [, prefix = '', root = '', ending] = participle;
    // "gestartet", "geöffnet": the -et ending follows a root ending in t, d or a consonant and n.
    const full = ending === 'et' && !/(t|d|[^aeiouylr]n)$/.test(root) ? `${root}e` : root;
    return stemmer.stem(infinitive(prefix + full));
  }
  // On the word: Snowball keeps short -ung nouns whole ("zahlung") and strips long ones ("liefer").
  const root = UNG.exec(word)?.[1] ?? '';
  return root.length >= 3 ? stemmer.stem(infinitive(root)) : stem;
}

// Particles a main clause leaves at its end ("Baut ihr den Schrank auch auf?", "Wann bucht ihr
// das Geld ab?"), folded: those of {@link SEPARABLE} that make the verbs customers use of articles'
// nouns (Aufbau, Abbuchung, Abholung, Rücksendung, Umtausch, Anruf). Not "zu", "vor", "nach" or
// "bei", which end a clause as often as an adjective or adverb ("Ist der Laden sonntags zu?").
const CLAUSE_END_PARTICLES = new Set(['zuruck', 'ab', 'an', 'auf', 'aus', 'ein', 'um', 'zusammen', 'mit', 'weg']);
// Present-tense endings of a finite verb ("baut", "buchst", "schicke", "holen", "bucht").
const PRESENT_ENDING = /(?:est|et|st|en|t|e)$/;
// A root shorter than this is no verb to join ("ist", "hat" would give "abisen").
const MIN_ROOT = 3;

/** A German main clause's separable verb: its finite verb as written ("baut") and the verb whole ("aufbauen"). */
export interface SeparatedVerb {
  finite: string;
  infinitive: string;
}

/**
 * The separable verb of a German main clause, put back together, or null: "Baut ihr den Schrank
 * auch auf" → "aufbauen", "wann bucht ihr das Geld ab" → "abbuchen". The particle closes the
 * clause and the finite verb is its first word that is not a question word or a pronoun
 * (`skip`); its present-tense ending comes off. Articles write the noun or the whole verb
 * ("Aufbau", "Abbuchung"), which meets the infinitive through {@link germanFamily}; the clause's
 * own words stay as they are, so a verb that was not separable costs one stray term.
 */
export function separatedVerb(clause: string[], skip: Set<string>): SeparatedVerb | null {
  const particle = clause[clause.length - 1];
  if (clause.length < 3 || !particle || !CLAUSE_END_PARTICLES.has(particle)) return null;
  const verb = clause.slice(0, -1).find((w) => !skip.has(w));
  const root = verb?.replace(PRESENT_ENDING, '') ?? '';
  return verb && root.length >= MIN_ROOT ? { finite: verb, infinitive: particle + infinitive(root) } : null;
}
