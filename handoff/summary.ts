import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Message } from '../core/message';
import { complete } from '../core/llm';

/**
 * A short extractive summary of a conversation for the agent who takes it over: what the customer
 * first asked, the bot's last answers they did not accept, and their latest words — at most
 * `maxSentences` of the customer's own sentences, ranked by how much they say (words that recur in
 * the conversation count more) and kept in order.
 */
export function summarize(transcript: Message[], maxSentences = 3): string {
  const said = transcript.filter((m) => m.direction === 'inbound' && m.text?.trim());
  if (!said.length) return '';
  const sentences = said.flatMap((m, i) =>
    (m.text ?? '')
      .split(/(?<=[.!?。！？])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 2)
      .map((s) => ({ s, i })),
  );
  const words = (s: string) => s.toLocaleLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const frequency = new Map<string, number>();
  for (const { s } of sentences) for (const w of new Set(words(s))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const scored = sentences.map((x, order) => ({
    ...x,
    order,
    score: words(x.s).reduce((sum, w) => sum + (frequency.get(w) ?? 0), 0) + (x.i === 0 ? 3 : 0) + (x.i === said.length - 1 ? 2 : 0),
  }));
  const chosen = scored.sort((a, b) => b.score - a.score).slice(0, maxSentences).sort((a, b) => a.order - b.order);
  return chosen.map((c) => c.s).join(' … ');
}

/** Makes a conversation summary for agents: extractive by default, or by a chat model. */
export type Summarizer = (transcript: Message[]) => Promise<string>;

/**
 * A summarizer that asks a langchain chat model for two or three sentences on what the customer
 * wants and what has been tried, and falls back to the extractive summary if the model fails —
 * an agent's view must not break because a model did.
 */
export function llmSummarizer(model: BaseChatModel, onError?: (err: unknown) => void): Summarizer {
  return async (transcript) => {
    const lines = transcript
      .filter((m) => m.text && m.metadata?.confidential !== true)
      .slice(-40)
      .map((m) => `${m.author === 'customer' ? 'Customer' : m.author === 'agent' ? 'Agent' : 'Bot'} (${m.channel}): ${m.text}`);
    if (!lines.length) return '';
    try {
      const reply = await complete(
        model,
        'You summarise customer-service conversations for the human agent taking over. In two or three short sentences, in English, say what the customer wants, what the bot already tried, and anything promised. Only use facts from the transcript.',
        lines.join('\n'),
      );
      return reply || summarize(transcript);
    } catch (err) {
      onError?.(err);
      return summarize(transcript);
    }
  };
}
