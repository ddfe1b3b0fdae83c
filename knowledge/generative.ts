import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Citation } from '../core/services';
import { citationOf } from './extract';
import { complete } from '../core/llm';
import type { Passage } from './types';

/** The marker the model must answer with when the passages don't answer the question. */
export const NO_ANSWER = 'NO_ANSWER';

/** A grounded answer with the passages it cites, or a refusal. */
export type Generated = { status: 'answered'; text: string; citations: Citation[] } | { status: 'refused'; reason: string };

/**
 * Answers from the given passages only, through a langchain chat model. The model must cite
 * passages as [n] and say NO_ANSWER when they don't answer; an answer that cites nothing (or
 * only passages that were not given) counts as a refusal, so an ungrounded reply never reaches
 * a customer.
 */
export async function generateAnswer(
  model: BaseChatModel,
  question: string,
  passages: Passage[],
  options: { language: string; botName?: string; maxChars?: number },
): Promise<Generated> {
  if (!passages.length) return { status: 'refused', reason: 'no passages' };
  const system = [
    `You are ${options.botName ?? 'a'} customer-service assistant. Answer the customer's question using ONLY the numbered passages the user gives.`,
    `Cite every fact with the passage number in square brackets, like [1].`,
    `If the passages do not answer the question, reply with exactly ${NO_ANSWER} and nothing else. Never use outside knowledge or guess.`,
    `Answer in ${options.language}, in at most ${options.maxChars ?? 600} characters.`,
  ].join('\n');
  const context = passages
    .map((p, i) => `[${i + 1}] ${p.title}${p.heading ? ` — ${p.heading}` : ''}\n${p.text}`)
    .join('\n\n');
  const reply = await complete(model, system, `Passages:\n\n${context}\n\nQuestion: ${question}`);
  if (!reply || reply.includes(NO_ANSWER)) return { status: 'refused', reason: 'the passages do not answer the question' };
  const cited = [...reply.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1]) - 1).filter((i) => i >= 0 && i < passages.length);
  if (!cited.length) return { status: 'refused', reason: 'the reply cites no passage' };
  const seen = new Set<string>();
  const citations = [...new Set(cited)]
    .map((i) => citationOf(passages[i]))
    .filter((c) => !seen.has(c.articleId) && seen.add(c.articleId));
  // The [n] markers mean nothing to a customer; the sources are listed after the answer instead.
  const text = reply.replace(/\s*\[\d{1,2}\](?:\s*\[\d{1,2}\])*/g, '').trim();
  return { status: 'answered', text, citations };
}
