/** A customer: one person, however many channels they write on. */
export interface Customer {
  id: string;
  profile: CustomerProfile;
  createdAt: number;
  updatedAt: number;
}

/** What is known about a customer. Dialogs and agents read it; dialogs and the API write it. */
export interface CustomerProfile {
  name?: string;
  email?: string;
  phone?: string;
  /** Preferred language (BCP 47). */
  locale?: string;
  /** IANA time zone, for quiet hours. */
  timezone?: string;
  /** The channel the customer prefers to be reached on (used when the bot's `replyChannel` is `preferred`). */
  preferredChannel?: string;
  /** Consent to be contacted, per channel (`{ sms: true, whatsapp: false }`). */
  consent?: Record<string, boolean>;
  /** Custom attributes set by dialogs or by the API. */
  attributes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One way to reach a customer: a channel and the customer's address there. */
export interface Address {
  channel: string;
  address: string;
  customerId: string;
  /** Whether the channel vouched for the address (signed web token, phone number, workspace email). */
  verified: boolean;
  createdAt: number;
}

/**
 * A conversation belongs to a customer, not to a channel: when the customer writes on another
 * channel, the same conversation (and its dialog state) continues there.
 */
export interface Conversation {
  id: string;
  customerId: string;
  status: 'open' | 'closed';
  /** The channel and address the customer used last: replies go there by default. */
  channel: string;
  address: string;
  /** Plain JSON state, namespaced by the modules that own it (dialog stack, handoff, locale…). */
  state: ConversationState;
  /** Optimistic concurrency: bumped on every state write. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** Conversation state: plain JSON, so it can be stored anywhere and a turn can resume in any process. */
export type ConversationState = Record<string, unknown>;
