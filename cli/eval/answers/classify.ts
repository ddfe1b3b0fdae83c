import type { KnowledgeTrace } from '../../../core/message';

/** What one reply did with one question (issue #15's five classes). */
export type Outcome = 'right' | 'wrong' | 'clarify_gold' | 'clarify_other' | 'none';
/** Which kind of question: its article exists in its language, only in another, or not at all. */
export type Kind = 'same_language' | 'other_language' | 'out_of_scope';

/** The outcome classes, in report order. */
export const OUTCOMES: Outcome[] = ['right', 'wrong', 'clarify_gold', 'clarify_other', 'none'];
/** The question kinds, in report order. */
export const KINDS: Kind[] = ['same_language', 'other_language', 'out_of_scope'];

/**
 * Classifies the knowledge base's trace of a reply against the gold article (null: nothing
 * answers it). No trace at all (a dialog started, a handoff) counts as `none`: the customer got
 * no article. Any answer to an out-of-scope question is `wrong`.
 */
export function classify(trace: KnowledgeTrace | undefined, gold: string | null): Outcome {
  if (!trace || trace.outcome === 'none') return 'none';
  if (trace.outcome === 'answer') return gold !== null && trace.article === gold ? 'right' : 'wrong';
  return gold !== null && (trace.offered ?? []).some((o) => o.article === gold) ? 'clarify_gold' : 'clarify_other';
}

/** The kind of a question, given which locales each article exists in. */
export function kindOf(gold: string | null, lang: string, locales: Map<string, Set<string>>): Kind {
  if (gold === null) return 'out_of_scope';
  const available = locales.get(gold);
  if (!available) throw new Error(`no article "${gold}" in the knowledge folder`);
  const base = lang.toLowerCase().split('-')[0];
  return available.has(lang) || available.has(base) ? 'same_language' : 'other_language';
}

/** Counts and rates of each outcome for one kind of question. */
export type OutcomeRates = { n: number } & Record<Outcome, number>;

/** Rates (0–1, three decimals) of each outcome per kind. */
export function rates(rows: Array<{ kind: Kind; outcome: Outcome }>): Record<Kind, OutcomeRates> {
  const out = {} as Record<Kind, OutcomeRates>;
  for (const kind of KINDS) {
    const of = rows.filter((r) => r.kind === kind);
    const entry = { n: of.length } as OutcomeRates;
    for (const o of OUTCOMES) entry[o] = of.length ? round(of.filter((r) => r.outcome === o).length / of.length) : 0;
    out[kind] = entry;
  }
  return out;
}

/** The value at quantile `q` (0–1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
