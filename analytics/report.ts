import { clusterQuestions, type Gap } from '../knowledge/module';
import { loadFacts, loadQuestions, type ConversationFacts, type FactSources, type QuestionFacts, type Range } from './facts';
import { check, features, fit, predict, realCsat, round, type SatisfactionCheck, type SatisfactionModel } from './satisfaction';

/** The headline numbers for a set of conversations. Times in seconds, rates 0–1; null when nothing to measure. */
export interface Figures {
  conversations: number;
  /** Resolved without a human: no handoff at all. */
  contained: number;
  handedOff: number;
  containmentRate: number | null;
  handoffRate: number | null;
  /** Customer's first message → the bot's first reply. */
  firstResponseBotSeconds: number | null;
  /** Handoff requested → the agent's first reply. */
  firstResponseAgentSeconds: number | null;
  /** Contained: first customer message → last bot message. */
  resolutionBotSeconds: number | null;
  /** Handed off: requested → resolved by the agent. */
  resolutionAgentSeconds: number | null;
  csatResponses: number;
  csatAverage: number | null;
  sentimentAverage: number | null;
  predictedSatisfaction: number | null;
}

/** Everything the dashboard and the API show for a range. */
export interface Summary {
  from: string;
  to: string;
  channel?: string;
  totals: Figures;
  byChannel: Array<{ channel: string } & Figures>;
  byDay: Array<{ day: string } & Figures>;
  handoffReasons: Array<{ reason: string; count: number }>;
  topIntents: Array<{ intent: string; count: number }>;
  knowledge: {
    questions: number;
    answered: number;
    /** Answered with confidence ÷ questions. */
    answerRate: number | null;
    /** Translation coverage: answered questions whose answer was in the customer's own language. */
    ownLanguageRate: number | null;
    gaps: Gap[];
  };
  satisfaction: { model: SatisfactionModel; check: SatisfactionCheck };
}

/** One conversation with its predicted satisfaction (the per-conversation CSV). */
export interface ScoredConversation {
  facts: ConversationFacts;
  predicted: number;
  csat?: number;
}

/** Reads the range (core's conversations, analytics' read model) and computes the summary. */
export async function summarize(sources: FactSources, range: Range, now = Date.now()): Promise<Summary> {
  const [facts, questions] = await Promise.all([loadFacts(sources, range), loadQuestions(sources, range)]);
  return buildSummary(facts, questions, range, now);
}

/** The summary of already-loaded facts (pure: tests and the live tiles call it directly). */
export function buildSummary(facts: ConversationFacts[], questions: QuestionFacts[], range: Range, now = Date.now()): Summary {
  const { model, scored, check: quality } = score(facts, now);
  const predicted = new Map(scored.map((s) => [s.facts.id, s.predicted]));
  const figures = (group: ConversationFacts[]) => aggregate(group, predicted);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    ...(range.channel ? { channel: range.channel } : {}),
    totals: figures(facts),
    byChannel: groups(facts, (f) => f.channel).map(([channel, group]) => ({ channel, ...figures(group) })),
    byDay: groups(facts, (f) => f.day).map(([day, group]) => ({ day, ...figures(group) })),
    handoffReasons: counts(facts.flatMap((f) => f.handoffs.map((h) => h.reason))).map(([reason, count]) => ({ reason, count })),
    topIntents: counts(facts.flatMap((f) => f.intents)).slice(0, 10).map(([intent, count]) => ({ intent, count })),
    knowledge: knowledgeFigures(questions),
    satisfaction: { model, check: quality },
  };
}

/** Fits the satisfaction model on the conversations with real CSAT and scores every conversation. */
export function score(facts: ConversationFacts[], now = Date.now()): { model: SatisfactionModel; scored: ScoredConversation[]; check: SatisfactionCheck } {
  const inputs = facts.map((f) => ({ f, x: features(f, now), y: realCsat(f) }));
  const labelled = inputs.filter((i) => i.y !== undefined).map((i) => ({ x: i.x, y: i.y! }));
  const model = fit(labelled);
  const scored = inputs.map((i) => ({ facts: i.f, predicted: round(predict(model, i.x), 2), csat: i.y }));
  return { model: { ...model, weights: model.weights.map((w) => round(w, 3)) }, scored, check: check(labelled) };
}

/** The figures of one group of conversations. */
export function aggregate(facts: ConversationFacts[], predicted: Map<string, number>): Figures {
  const handedOff = facts.filter((f) => f.handoffs.length);
  const contained = facts.filter((f) => !f.handoffs.length);
  const handoffs = handedOff.flatMap((f) => f.handoffs);
  const csats = facts.map(realCsat).filter((c): c is number => c !== undefined);
  const n = facts.length;
  return {
    conversations: n,
    contained: contained.length,
    handedOff: handedOff.length,
    containmentRate: n ? round(contained.length / n, 4) : null,
    handoffRate: n ? round(handedOff.length / n, 4) : null,
    firstResponseBotSeconds: seconds(facts.map((f) => diff(f.firstInboundAt, f.firstBotReplyAt))),
    firstResponseAgentSeconds: seconds(handoffs.map((h) => diff(h.requestedAt, h.firstAgentReplyAt))),
    resolutionBotSeconds: seconds(contained.map((f) => diff(f.firstInboundAt, f.lastBotAt))),
    resolutionAgentSeconds: seconds(handoffs.filter((h) => h.status === 'resolved').map((h) => diff(h.requestedAt, h.resolvedAt))),
    csatResponses: csats.length,
    csatAverage: mean(csats, 2),
    sentimentAverage: mean(facts.flatMap((f) => f.sentiments), 3),
    predictedSatisfaction: mean(facts.map((f) => predicted.get(f.id)).filter((p): p is number => p !== undefined), 2),
  };
}

function knowledgeFigures(questions: QuestionFacts[]): Summary['knowledge'] {
  const answered = questions.filter((q) => q.status === 'answered');
  const own = answered.filter((q) => !q.fromDefault);
  return {
    questions: questions.length,
    answered: answered.length,
    answerRate: questions.length ? round(answered.length / questions.length, 4) : null,
    ownLanguageRate: answered.length ? round(own.length / answered.length, 4) : null,
    gaps: clusterQuestions(questions.filter((q) => q.status !== 'answered').map((q) => ({ text: q.text, locale: q.locale, at: q.at }))).slice(0, 10),
  };
}

function groups<T>(items: T[], key: (item: T) => string): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return [...map].sort((a, b) => a[0].localeCompare(b[0]));
}

/** Most frequent first, ties alphabetically. */
function counts(values: string[]): Array<[string, number]> {
  const map = new Map<string, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function diff(from: number | undefined, to: number | undefined): number | undefined {
  return from !== undefined && to !== undefined && to >= from ? to - from : undefined;
}

function seconds(durationsMs: Array<number | undefined>): number | null {
  const avg = mean(durationsMs.filter((d): d is number => d !== undefined), 6);
  return avg === null ? null : round(avg / 1000, 1);
}

function mean(values: number[], digits: number): number | null {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length, digits) : null;
}
