import type { Message } from './message';

/**
 * Why the bot did what it did in one turn, written by the modules as they decide: the language,
 * the intent ranking, the dialog and step, the knowledge base's outcome, a handoff's reason. It is
 * stored on the turn's last bot reply (`metadata.trace`) for `switchboard chat --debug` and the
 * console's "why" (agents and admins only: the customer-facing wire format never carries
 * metadata). Writing it is a few small objects per turn; nothing is computed only for it.
 */
export interface TurnTrace {
  /** The language the bot answered in, and what language detection saw in this message. */
  language?: { locale: string; detected?: string; pinned?: boolean };
  /** The recognizer's verdict: the intent (null: out of scope), its confidence, the top candidates. */
  intent?: { intent: string | null; confidence: number; threshold: number; top: Array<{ intent: string; score: number }> };
  /** A global command the customer used ("cancel", "help", "talk to a person"…). */
  command?: string;
  /** What started a dialog this turn. */
  trigger?: { dialog: string; by: 'payload' | 'event' | 'keyword' | 'intent' };
  /** Where the dialogs stand after the turn: the top dialog and step (none: no dialog running). */
  dialog?: { id?: string; step?: number; kind?: string; waiting?: boolean };
  /** The knowledge base's outcome and the closest articles with their scores. */
  knowledge?: { status: string; confidence: number; locale: string; articles: Array<{ id: string; locale: string; title: string; score: number }> };
  /** Why the conversation was handed to a person, or why it could not be (`unavailable`: e.g. no agent account). */
  handoff?: { reason: string; note?: string; unavailable?: string };
  /** What the customer's photos showed: the text read (shortened) and the barcodes' values. */
  photo?: { read: string; codes: string[] };
  /** Nothing answered: the bot's fallback text was sent. */
  fallback?: boolean;
}

/** Rounds a score for the trace (three decimals read well and keep stored metadata small). */
export function score(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Puts a turn's trace on its last bot reply (or, when the bot said nothing, on the customer's
 * message), so the transcript carries the "why" next to what it explains.
 */
export function attachTrace(trace: TurnTrace, inbound: Message, outbound: Message[]): void {
  if (!Object.keys(trace).length) return;
  const reply = [...outbound].reverse().find((m) => m.author === 'bot' && m.status !== 'skipped');
  const target = reply ?? inbound;
  target.metadata = { ...target.metadata, trace };
}

/**
 * A trace as labelled lines, the one wording `switchboard chat --debug` prints and the console's
 * "why" shows: language, intent with confidence and runners-up, dialog and step, knowledge outcome
 * with article scores, handoff reason. Parts the turn did not reach are left out.
 */
export function describeTrace(trace: TurnTrace): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const { language, intent, command, trigger, dialog, knowledge, handoff, fallback } = trace;
  if (language) lines.push(['language', `${language.locale}${language.detected ? ` (detected ${language.detected})` : ' (not detected: kept)'}${language.pinned ? ', chosen by the customer' : ''}`]);
  if (command) lines.push(['command', command]);
  if (intent) {
    const others = intent.top.filter((r) => r.intent !== intent.intent).map((r) => `${r.intent} ${r.score.toFixed(2)}`);
    const verdict = intent.intent === null ? 'out of scope' : intent.confidence >= intent.threshold ? intent.intent : `${intent.intent} (below ${intent.threshold})`;
    lines.push(['intent', `${verdict} ${intent.confidence.toFixed(2)}${others.length ? `; then ${others.join(', ')}` : ''}`]);
  }
  if (trigger) lines.push(['started', `${trigger.dialog} by ${trigger.by}`]);
  if (dialog) lines.push(['dialog', dialog.id ? `${dialog.id} step ${dialog.step}${dialog.kind ? ` (${dialog.kind})` : ''}${dialog.waiting ? ', waiting for an answer' : ''}` : 'finished (none running)']);
  if (knowledge) {
    const articles = knowledge.articles.map((a) => `${a.id}.${a.locale} ${a.score.toFixed(2)}`).join(', ');
    lines.push(['knowledge', `${knowledge.status} ${knowledge.confidence.toFixed(2)} (${knowledge.locale})${articles ? `: ${articles}` : ': no article'}`]);
  }
  if (handoff) lines.push(['handoff', `${handoff.reason}${handoff.note ? ` — ${handoff.note}` : ''}${handoff.unavailable ? ` (not handed off: ${handoff.unavailable})` : ''}`]);
  if (fallback) lines.push(['fallback', 'nothing answered: sent the fallback text']);
  return lines;
}
