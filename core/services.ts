import type { TurnContext } from './context';
import type { Button } from './message';
import type { Scheduler } from './scheduler';

/**
 * Services that modules provide and others call, through `bot.services`. Core only defines the
 * shapes: the knowledge module provides `answerer`, the handoff module `escalator`, and the
 * dialog runtime calls them from its `answer` and `handoff` steps — neither imports the other.
 * Likewise a module that owns a table answers questions about it here, so others never read it
 * with SQL (journeys asks `optOuts`, `whatsappWindow` and `handoffLookup`). Each is absent when
 * its module is not loaded; the caller decides what that means.
 */
export interface Services {
  answerer?: Answerer;
  escalator?: Escalator;
  /** The dialog runtime, as other modules may drive it (handoff ends paused dialogs). */
  dialogs?: DialogControl;
  /** Opt-outs by channel address (SMS STOP and START), kept by the phone channels module. */
  optOuts?: OptOuts;
  /** The WhatsApp 24-hour customer-service window, kept by the phone channels module. */
  whatsappWindow?: CustomerServiceWindow;
  /** Handoff facts for other modules, answered by the handoff module. */
  handoffLookup?: HandoffLookup;
  /** The console's sign-ins, kept by the handoff module: other modules' console APIs check them. */
  consoleSessions?: ConsoleSessions;
  /** Work to run later, durable with Redis (set by the composition root before modules start). */
  scheduler?: Scheduler;
  [name: string]: unknown;
}

/** Answers a customer's question from the knowledge base. */
export interface Answerer {
  answer(question: string, ctx: TurnContext): Promise<Answer>;
  /**
   * How sure the knowledge base is about a question, without replying or recording anything:
   * dialogs weigh it against an intent, so a question an article answers better starts no dialog.
   */
  assess?(question: string, ctx: TurnContext, rivals?: Rival[]): Promise<Assessment>;
}

/** An utterance competing with the articles for a question (a dialog's intent example). */
export interface Rival {
  text: string;
  locale: string;
}

/** The knowledge base's view of a question before answering it (see `Answerer.assess`). */
export interface Assessment {
  /** Calibrated: the probability that the best article answers the question. */
  confidence: number;
  /** Whether `answer` would answer outright (not clarify or abstain). */
  wouldAnswer: boolean;
  /** Whether `answer` would reply at all: answer, or offer articles in a clarifying question. */
  wouldReply: boolean;
  articleId?: string;
  /**
   * With `rivals` (a dialog's example utterances): whether the best article matches the question
   * more closely than any rival does, scored alike. Undefined when the retriever cannot tell.
   */
  beatsRivals?: boolean;
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
  /**
   * The global command a message is (`cancel`, `restart`, `help`, `agent`, `language`), in any
   * language the dialogs speak: lets the handoff module answer them while a customer waits.
   */
  commandOf?(text: string, payload?: string): string | undefined;
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

/** Who has opted out of messages on a channel (consent that belongs to the address, not the customer). */
export interface OptOuts {
  /** True when `address` opted out on `channel` and has not opted back in. */
  isOptedOut(channel: string, address: string): Promise<boolean>;
}

/**
 * A channel's customer-service window: free-form messages may go only for a while after the
 * customer last wrote (WhatsApp: 24 hours); outside it only approved templates.
 */
export interface CustomerServiceWindow {
  /** Whether a free-form message may be sent to `address` at `now`. */
  isOpen(address: string, now: number): Promise<boolean>;
}

/** What other modules may ask about handoffs, without reading the handoff module's tables. */
export interface HandoffLookup {
  /** Whether one of the customer's conversations is waiting for a person or handled by one. */
  withAgent(customerId: string): Promise<boolean>;
  /** The customer's rating (1–5) of a handoff, once they have given one. */
  csat(handoffId: string): Promise<number | undefined>;
  /** Whether the conversation was ever handed to a person, whatever became of it. */
  handedOff(conversationId: string): Promise<boolean>;
  /** When each handoff in the store was requested (ms since the epoch): the arrivals a staffing forecast needs. */
  requestTimes(): Promise<number[]>;
  /** Store-wide: how many handoffs there are by reason (`customer-request`, `fallbacks`, …). */
  countByReason(): Promise<Record<string, number>>;
  /** Store-wide: how many handoffs customers rated, by score 1–5. */
  countByCsat(): Promise<Record<number, number>>;
}

/** What a console user may do: answer customers (agent), also edit knowledge (editor), everything (admin). */
export type ConsoleRole = 'agent' | 'editor' | 'admin';

/** Who made a console request: a signed-in user, or an integration with a bearer key of the given role (`core/api-keys.ts`). */
export type ConsolePrincipal = { kind: 'agent'; agent: { id: string; name: string; email: string; role: ConsoleRole } } | { kind: 'api-key'; role: ConsoleRole };

/**
 * The console's sessions as other modules use them, so one login (and one set of CSRF and role
 * rules) covers every console page and API, whichever module serves it.
 */
export interface ConsoleSessions {
  /**
   * Who is asking: a session cookie (with its CSRF token in `x-csrf-token` on anything but GET)
   * of one of `roles`, or a bearer key whose role is one of them (`SWITCHBOARD_API_KEY`: agent,
   * `ADMIN_API_KEY`: admin). Throws a `RequestError`:
   * 401 without valid credentials, 403 for a missing CSRF token or another role.
   */
  authenticate(request: Request, roles: ConsoleRole[]): Promise<ConsolePrincipal>;
}
