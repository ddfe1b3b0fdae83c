import type { MessageActivity } from '../core/storage/activity';
import type { Store } from '../core/storage/store';
import type { AnalyticsReadModel, HandoffRow } from './read-model';

/** A date range (ms, `from` inclusive, `to` exclusive) and an optional channel, as the API takes them. */
export interface Range {
  from: number;
  to: number;
  channel?: string;
}

/** One escalation of a conversation (as the read model keeps it), with the agent's first reply. */
export interface HandoffFacts extends Omit<HandoffRow, 'id' | 'conversationId'> {
  firstAgentReplyAt?: number;
}

/** What analytics needs to know about one conversation, read once from the store. */
export interface ConversationFacts {
  id: string;
  /** The channel the conversation started on. */
  channel: string;
  /** The UTC day it started, `YYYY-MM-DD`. */
  day: string;
  createdAt: number;
  inbound: number;
  /** `metadata.sentiment` of each customer message that has one. */
  sentiments: number[];
  /** Bot replies marked `metadata.fallback` (the bot did not understand). */
  fallbacks: number;
  /** `metadata.intent` of customer messages, as the dialog runtime recognised them. */
  intents: string[];
  firstInboundAt?: number;
  firstBotReplyAt?: number;
  lastBotAt?: number;
  handoffs: HandoffFacts[];
  /** The CSAT answer to the question asked after the bot resolved it (see `csat.ts`). */
  csat?: number;
  /** Customer messages that were only a CSAT answer to an earlier conversation. */
  csatAnswers: number;
}

/** One knowledge-base question in the range, with the conversation's channel. */
export interface QuestionFacts {
  text: string;
  locale: string;
  status: string;
  fromDefault: boolean;
  channel?: string;
  at: number;
}

/** Where the facts come from: core's conversations and messages (typed store reads) and analytics' read model. */
export interface FactSources {
  store: Pick<Store, 'conversationsStarted' | 'conversationChannels'>;
  model: AnalyticsReadModel;
}

/**
 * Reads the conversations that started in the range (on the channel, when given) with their
 * messages, then their handoffs and ratings from the read model, and folds them in memory.
 */
export async function loadFacts(sources: FactSources, range: Range): Promise<ConversationFacts[]> {
  const conversations = await sources.store.conversationsStarted(range);
  if (!conversations.length) return [];
  const byId = new Map<string, ConversationFacts>();
  const agentReplies = new Map<string, number[]>();
  for (const c of conversations) {
    const facts: ConversationFacts = { id: c.id, channel: c.channel, day: dayOf(c.createdAt), createdAt: c.createdAt, inbound: 0, sentiments: [], fallbacks: 0, intents: [], handoffs: [], csatAnswers: 0 };
    byId.set(c.id, facts);
    for (const m of c.messages) addMessage(facts, m, agentReplies);
  }
  const ids = [...byId.keys()];
  for (const h of await sources.model.handoffsOf(ids)) {
    const facts = byId.get(h.conversationId)!;
    const firstAgentReplyAt = (agentReplies.get(facts.id) ?? []).find((t) => t >= h.requestedAt);
    facts.handoffs.push({ reason: h.reason, status: h.status, outcome: h.outcome, requestedAt: h.requestedAt, assignedAt: h.assignedAt, resolvedAt: h.resolvedAt, csat: h.csat, firstAgentReplyAt });
  }
  for (const [id, score] of await sources.model.csatOf(ids)) byId.get(id)!.csat = score;
  // A conversation that was only a CSAT answer to an earlier one is not a conversation of its own.
  return [...byId.values()].filter((f) => !(f.csatAnswers > 0 && f.inbound === f.csatAnswers));
}

function addMessage(facts: ConversationFacts, m: MessageActivity, agentReplies: Map<string, number[]>): void {
  const at = m.createdAt;
  const meta = m.metadata;
  if (m.direction === 'inbound') {
    facts.inbound++;
    if (meta.csatAnswer === true) return void facts.csatAnswers++;
    facts.firstInboundAt ??= at;
    if (typeof meta.sentiment === 'number' && Number.isFinite(meta.sentiment)) facts.sentiments.push(meta.sentiment);
    if (typeof meta.intent === 'string' && meta.intent) facts.intents.push(meta.intent);
    return;
  }
  if (m.author === 'bot') {
    // A reply is what follows the customer's first message (a proactive greeting is not one).
    if (facts.firstInboundAt !== undefined && facts.firstBotReplyAt === undefined) facts.firstBotReplyAt = at;
    facts.lastBotAt = at;
    if (meta.fallback === true) facts.fallbacks++;
  } else if (m.author === 'agent') {
    agentReplies.set(facts.id, [...(agentReplies.get(facts.id) ?? []), at]);
  }
}

/**
 * Knowledge-base questions asked in the range; the channel is their conversation's (questions
 * without a conversation only count when no channel is asked for).
 */
export async function loadQuestions(sources: FactSources, range: Range): Promise<QuestionFacts[]> {
  const questions = await sources.model.questions(range.from, range.to);
  const channels = await sources.store.conversationChannels(questions.flatMap((q) => (q.conversationId ? [q.conversationId] : [])));
  return questions
    .map((q) => ({ text: q.text, locale: q.locale, status: q.status, fromDefault: q.fromDefault, channel: q.conversationId ? channels.get(q.conversationId) : undefined, at: q.askedAt }))
    .filter((q) => !range.channel || q.channel === range.channel);
}

/** The UTC day of a timestamp, `YYYY-MM-DD`. */
export function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
