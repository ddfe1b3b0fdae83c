import { topic } from '../core/bus';
import { serviceKey } from '../core/services';

/** One question the knowledge base was asked, as `QuestionAsked` carries it. */
export interface AskedQuestion {
  id: string;
  /** The conversation it was asked in (none for questions from the API). */
  conversationId?: string;
  /** The customer's words, verbatim (customer data: whoever keeps them declares them for erasure). */
  text: string;
  /** The customer's language. */
  locale: string;
  status: 'answered' | 'clarify' | 'abstain';
  /** Answered from an article in another language than the customer's. */
  fromDefault: boolean;
  /** When it was asked (ms since the epoch). */
  at: number;
}

/** What `QuestionAsked` carries. */
export interface QuestionAskedPayload {
  question: AskedQuestion;
}

/**
 * The knowledge base answered (or could not answer) a question. Published by the knowledge
 * module once the question is stored; analytics keeps its own read model of them. This file is
 * the knowledge module's public list of topics (and of the history behind them, `QuestionHistory`):
 * other modules import it, never its internals.
 */
export const QuestionAsked = topic<QuestionAskedPayload>('knowledge.question');

/**
 * The questions stored before a listener of `QuestionAsked` started (analytics' read model on a
 * database that had questions before it), page by page, as the event carries them. Provided by the
 * knowledge module.
 */
export interface QuestionHistory {
  /** Up to `limit` questions whose id sorts after `after` (from the first when `after` is undefined), in id order. */
  page(after: string | undefined, limit: number): Promise<AskedQuestion[]>;
}

/** The knowledge module's `QuestionHistory`. */
export const QuestionHistory = serviceKey<QuestionHistory>('questionHistory');
