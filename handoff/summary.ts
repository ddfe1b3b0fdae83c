import type { Message } from '../core/message';

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
