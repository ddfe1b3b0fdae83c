import { topic } from '../core/bus';

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
 * the knowledge module's public list of topics: other modules import it, never its internals.
 */
export const QuestionAsked = topic<QuestionAskedPayload>('knowledge.question');
