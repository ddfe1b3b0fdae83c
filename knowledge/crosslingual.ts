import { analyze, stemmerFor, tokens } from './analysis/analyzer';
import { conceptTranslations } from './analysis/thesaurus';
import type { Passage } from './types';

/** Per language pair `from>to`: source stem → target words, best first. */
type Table = Map<string, Map<string, string[]>>;

/** How a {@link TermTable} is learned. */
export interface TermTableOptions {
  /** Least number of translated article pairs two stems must share (default 2). */
  minPairs?: number;
  /** Least Dice association between two stems (default 0.5). */
  minDice?: number;
  /** Most translations kept per source stem (default 3). */
  maxPerTerm?: number;
}

const base = (locale: string) => locale.toLowerCase().split(/[-_]/)[0]!;

/**
 * Word translations learned from the knowledge base's own translations, no model needed: two
 * articles with the same id in two languages say the same thing, so a word of one and a word of
 * the other that keep turning up in the same article pairs (Dice association over pairs) are
 * likely translations: "reembolso" ↔ "refund". The table turns a customer's question into extra
 * words in an article's language (see `QuestionSearch`), together with the shipped thesaurus's
 * concepts (the same concept key in two languages' files).
 */
export class TermTable {
  private constructor(private readonly table: Table) {}

  /** Learns from passages (every locale of every article). */
  static learn(passages: Passage[], options: TermTableOptions = {}): TermTable {
    const docs = new Map<string, Map<string, { stems: Set<string>; surface: Map<string, string> }>>();
    for (const p of passages) {
      const lang = base(p.locale);
      const byLang = docs.get(p.articleId) ?? new Map();
      docs.set(p.articleId, byLang);
      const doc = byLang.get(lang) ?? { stems: new Set<string>(), surface: new Map<string, string>() };
      byLang.set(lang, doc);
      const stemmer = stemmerFor(lang);
      for (const w of tokens([p.title, p.heading, p.tags?.join(', '), p.text].filter(Boolean).join('\n'), lang).words) {
        if (w.length < 3) continue;
        const stem = stemmer ? stemmer.stem(w) : w;
        doc.stems.add(stem);
        if (!doc.surface.has(stem)) doc.surface.set(stem, w);
      }
    }
    const table: Table = new Map();
    const langs = new Set([...docs.values()].flatMap((m) => [...m.keys()]));
    for (const from of langs) for (const to of langs) if (from !== to) table.set(`${from}>${to}`, learnPair(docs, from, to, options));
    return new TermTable(table);
  }

  /**
   * The question's content words with, appended, their translations into `to` (the thesaurus's
   * concepts, then the learned words): the question's own words stay (names, numbers and
   * cognates match as they are).
   */
  translate(question: string, from: string, to: string): string {
    const pair = this.table.get(`${base(from)}>${base(to)}`);
    const stemmer = stemmerFor(base(from));
    // The shipped thesaurus's concepts first (hand-written), then the learned words.
    const extra = new Set<string>(conceptTranslations(analyze(question, base(from)).word, base(from), base(to)));
    if (pair) for (const w of tokens(question, base(from)).words) for (const t of pair.get(stemmer ? stemmer.stem(w) : w) ?? []) extra.add(t);
    // The question's content words (its stopwords would count as unmatched words in the other
    // language's analysis), then the translations.
    return [...tokens(question, base(from)).words, ...tokens(question, base(from)).nums, ...extra].join(' ') || question;
  }
}

function learnPair(
  docs: Map<string, Map<string, { stems: Set<string>; surface: Map<string, string> }>>,
  from: string,
  to: string,
  options: TermTableOptions,
): Map<string, string[]> {
  const minPairs = options.minPairs ?? 2;
  const minDice = options.minDice ?? 0.5;
  const pairs = [...docs.values()].filter((m) => m.has(from) && m.has(to)).map((m) => [m.get(from)!, m.get(to)!] as const);
  const countFrom = new Map<string, number>();
  const countTo = new Map<string, number>();
  const both = new Map<string, Map<string, number>>();
  const surface = new Map<string, string>();
  for (const [a, b] of pairs) {
    for (const s of a.stems) countFrom.set(s, (countFrom.get(s) ?? 0) + 1);
    for (const t of b.stems) {
      countTo.set(t, (countTo.get(t) ?? 0) + 1);
      if (!surface.has(t)) surface.set(t, b.surface.get(t)!);
    }
    for (const s of a.stems) {
      const row = both.get(s) ?? new Map<string, number>();
      both.set(s, row);
      for (const t of b.stems) row.set(t, (row.get(t) ?? 0) + 1);
    }
  }
  const out = new Map<string, string[]>();
  for (const [s, row] of both) {
    const scored = [...row]
      .filter(([, n]) => n >= minPairs)
      .map(([t, n]) => [t, (2 * n) / (countFrom.get(s)! + countTo.get(t)!)] as const)
      .filter(([, dice]) => dice >= minDice)
      .sort((x, y) => y[1] - x[1])
      .slice(0, options.maxPerTerm ?? 3);
    if (scored.length) out.set(s, scored.map(([t]) => surface.get(t)!));
  }
  return out;
}
