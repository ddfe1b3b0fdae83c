import type { TurnContext } from './context';
import type { Button } from './message';

/**
 * Services that modules provide and others call, through `bot.services`. Core only defines the
 * shapes: the knowledge module provides `answerer`, the handoff module `escalator`, and the
 * dialog runtime calls them from its `answer` and `handoff` steps — neither imports the other.
 */
export interface Services {
  answerer?: Answerer;
  escalator?: Escalator;
  /** The dialog runtime, as other modules may drive it (handoff ends paused dialogs). */
  dialogs?: DialogControl;
  [name: string]: unknown;
}

/** Answers a customer's question from the knowledge base. */
export interface Answerer {
  answer(question: string, ctx: TurnContext): Promise<Answer>;
}

/** What the knowledge base makes of a question. */
export interface Answer {
  /**
   * `answered`: confident, `text` cites its sources. `clarify`: unsure between a few articles,
   * `options` lists them. `abstain`: nothing good enough; the caller falls back or escalates.
   */
  status: 'answered' | 'clarify' | 'abstain';
  /** The reply to show, already trimmed for the channel and with its citation. */
  text?: string;
  /** Choices to offer (for `clarify`). */
  options?: Button[];
  citations?: Citation[];
  /** Calibrated: the probability the answer is right. */
  confidence: number;
  /** The language the answer is in. */
  locale: string;
  /** True when the customer's language had no good article and the default locale's was used. */
  fromDefaultLocale?: boolean;
}

/** Where an answer came from. */
export interface Citation {
  articleId: string;
  title: string;
  url?: string;
  passageId?: string;
}

/** What other modules may ask of the dialog runtime, without knowing how it keeps its state. */
export interface DialogControl {
  /** Ends every running dialog of the conversation (nothing resumes on the next message). */
  endAll(ctx: TurnContext): void;
}

/** Hands a conversation to a person. */
export interface Escalator {
  escalate(ctx: TurnContext, request: EscalationRequest): Promise<void>;
}

/** Why and where to escalate. */
export interface EscalationRequest {
  reason: 'customer-request' | 'fallbacks' | 'low-confidence' | 'sentiment' | 'dialog' | 'rule';
  /** Free text for the agent: what the dialog or rule says. */
  note?: string;
  /** Route to this queue or topic (else chosen from intent and language). */
  queue?: string;
  topic?: string;
  priority?: number;
}
