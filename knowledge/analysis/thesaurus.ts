import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, SENTENCE_END } from './analyzer';
import { perLanguage } from './language';

/** One entry of a synonym group, as the stems the analyzer makes of it. */
type Entry = string[];

/** The groups of a language (their concept keys and phrases too) and, per first stem, the entries that start with it. */
interface Thesaurus {
  groups: Entry[][];
  phrases: string[][];
  concepts: (string | undefined)[];
  byConcept: Map<string, number>;
  byFirst: Map<string, Array<{ entry: Entry; group: number }>>;
}

const DIR = join(__dirname, 'thesaurus');

/**
 * The shipped customer-service thesaurus of a language (`thesaurus/<lang>.txt`: one group of
 * words and phrases per line, `concept: a, b, c`), analyzed like queries so a group matches
 * whatever inflection. The same concept key in two languages' files makes their groups
 * translations of each other. Null when the language has none.
 */
const thesaurus = perLanguage((lang): Thesaurus | null => {
  const file = join(DIR, `${lang}.txt`);
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => /^([a-z][a-z-]*):\s*(.*)$/.exec(line) ?? [line, undefined, line]);
  const concepts = lines.map((m) => m[1]);
  const phrases = lines.map((m) => m[2]!.split(',').map((p) => p.trim()).filter(Boolean));
  const groups = phrases.map((list) => list.map((phrase) => analyze(phrase, lang).word).filter((e) => e.length));
  const byConcept = new Map(concepts.flatMap((c, i) => (c ? [[c, i] as [string, number]] : [])));
  const byFirst = new Map<string, Array<{ entry: Entry; group: number }>>();
  groups.forEach((entries, group) =>
    entries.forEach((entry) => {
      const list = byFirst.get(entry[0]!) ?? [];
      list.push({ entry, group });
      byFirst.set(entry[0]!, list);
    }),
  );
  return { groups, phrases, concepts, byConcept, byFirst };
});

/**
 * The stems a query's words stand for besides their own: for each thesaurus entry found in the
 * query's stems (in order), the stems of the other entries of its group. Stems already in the
 * query are left out: the expansion adds words, it does not re-weigh the customer's.
 */
export function synonymStems(queryStems: string[], lang: string): string[] {
  const t = thesaurus(lang);
  if (!t) return [];
  const own = new Set(queryStems);
  const groups = matchedGroups(t, queryStems);
  const out = new Set<string>();
  for (const g of groups) for (const entry of t.groups[g]!) for (const s of entry) if (!own.has(s)) out.add(s);
  return [...out];
}

/**
 * The query's stems that some text's stems stand for through the thesaurus: for every entry of a
 * group found in the query (a phrase counts whole: "stopped working"), its stems, when the text
 * holds a whole other entry of the group ("warranty"). What `explains` credits beyond exact stems.
 */
export function stemsHeldBySynonyms(queryStems: string[], lang: string, stems: Set<string>): Set<string> {
  const t = thesaurus(lang);
  const held = new Set<string>();
  if (!t) return held;
  queryStems.forEach((stem, i) => {
    for (const { entry, group } of t.byFirst.get(stem) ?? []) {
      if (!holdsPhrase(queryStems, i, entry)) continue;
      if (t.groups[group]!.some((other) => other.every((s) => stems.has(s)))) for (const s of entry) held.add(s);
    }
  });
  return held;
}

/**
 * How many words may come between two words of a phrase and it still counts: phrasal verbs come
 * apart around their object ("put the bed together", "send it all back", "call it off"), and
 * German separable verbs around much more ("schicke ich den Stuhl zurück").
 */
export const PHRASE_GAP = 2;

/** The groups with an entry found in the query's stems, in order. */
function matchedGroups(t: Thesaurus, queryStems: string[]): Set<number> {
  return new Set(matchedEntries(t, queryStems).map((m) => m.group));
}

/** Every entry found in the query's stems, in order, with its group's index. */
function matchedEntries(t: Thesaurus, queryStems: string[]): Array<{ entry: Entry; group: number }> {
  const found: Array<{ entry: Entry; group: number }> = [];
  queryStems.forEach((stem, i) => {
    for (const match of t.byFirst.get(stem) ?? []) if (holdsPhrase(queryStems, i, match.entry)) found.push(match);
  });
  return found;
}

/**
 * The phrases (entries of two words or more) found in a query's stems, each with what it means:
 * the stems of the other entries of its group that are not its own words.
 */
export function matchedPhrases(queryStems: string[], lang: string): Array<{ phrase: string[]; meaning: string[] }> {
  const t = thesaurus(lang);
  if (!t) return [];
  return matchedEntries(t, queryStems)
    .filter(({ entry }) => entry.length > 1)
    .map(({ entry, group }) => {
      const meaning = new Set(t.groups[group]!.flat());
      for (const s of entry) meaning.delete(s);
      return { phrase: entry, meaning: [...meaning] };
    });
}

/**
 * Whether `entry`'s stems follow position `start` of `stems` in order, at most {@link PHRASE_GAP}
 * words apart and in one sentence (`stems` may mark sentence ends: `phraseStems`).
 */
function holdsPhrase(stems: string[], start: number, entry: Entry): boolean {
  let at = start;
  for (let k = 1; k < entry.length; k++) {
    const window = stems.slice(at + 1, at + 2 + PHRASE_GAP);
    const end = window.indexOf(SENTENCE_END);
    const next = (end < 0 ? window : window.slice(0, end)).indexOf(entry[k]!);
    if (next < 0) return false;
    at += next + 1;
  }
  return true;
}

/**
 * The thesaurus as a small bilingual dictionary: for each concept a query's stems (in `from`)
 * mention, the words and phrases of the same concept in `to`.
 */
export function conceptTranslations(queryStems: string[], from: string, to: string): string[] {
  const source = thesaurus(from);
  const target = thesaurus(to);
  if (!source || !target) return [];
  const out: string[] = [];
  for (const g of matchedGroups(source, queryStems)) {
    const concept = source.concepts[g];
    const there = concept === undefined ? undefined : target.byConcept.get(concept);
    if (there !== undefined) out.push(...target.phrases[there]!);
  }
  return out;
}

/** How many of a question's word stems some texts hold, themselves or through a thesaurus synonym. */
export function wordsHeld(questionStems: string[], lang: string, texts: string[]): number {
  return stemsHeld(questionStems, lang, texts).size;
}

/** The question's word stems that some texts hold, themselves or through a thesaurus synonym. */
export function stemsHeld(questionStems: string[], lang: string, texts: string[]): Set<string> {
  const stems = [...new Set(questionStems)];
  const held = new Set(texts.flatMap((t) => analyze(t, lang).word));
  const bySynonym = stemsHeldBySynonyms(stems, lang, held);
  return new Set(stems.filter((s) => held.has(s) || bySynonym.has(s)));
}
