import type { TurnContext } from './context';
import type { Customer } from './customer';
import type { Attachment, Button, KnowledgeTrace, Message } from './message';

/**
 * A typed name for a service: the key carries the service's type, so `bot.services.get(key)`
 * needs no cast. The module that provides a service declares its key once, next to the type
 * (`export const Answerer = serviceKey<Answerer>('answerer')`); keys of services several modules
 * call without importing each other (the answerer, the escalator…) live here in core.
 */
export interface ServiceKey<T> {
  /** The service's name, unique in an app (errors and debugging name it). */
  readonly id: string;
  /** Never set: only carries `T` for the type checker. */
  readonly type?: T;
}

/** Declares a service key. Call once per service, in the module that owns the service's type. */
export function serviceKey<T>(id: string): ServiceKey<T> {
  return { id };
}

/**
 * Services that modules provide and others call, through `bot.services`. The knowledge module
 * provides `Answerer`, the handoff module `Escalator`, and the dialog runtime calls them from its
 * `answer` and `handoff` steps — neither imports the other. Likewise a module that owns a table
 * answers questions about it here, so others never read it with SQL (journeys asks `OptOuts`,
 * `CustomerServiceWindow` and `HandoffLookup`). Each is absent when its module is not loaded; the
 * caller decides what that means.
 */
export class Services {
  private readonly values = new Map<string, unknown>();

  /** Makes `value` the service behind `key` (replacing any earlier one). */
  provide<T>(key: ServiceKey<T>, value: T): void {
    this.values.set(key.id, value);
  }

  /** The service behind `key`, or undefined when no loaded module provides it. */
  get<T>(key: ServiceKey<T>): T | undefined {
    // Only `provide` writes the map, always with the value type its key declares.
    return this.values.get(key.id) as T | undefined;
  }

  /** The service behind `key`; throws naming the service when no module provides it. */
  require<T>(key: ServiceKey<T>, why = 'it'): T {
    const value = this.get(key);
    if (value === undefined) throw new Error(`No module provides the "${key.id}" service, and ${why} needs it: add the module that provides it to the app`);
    return value;
  }

  /** Whether some module provides the service behind `key`. */
  has(key: ServiceKey<unknown>): boolean {
    return this.values.has(key.id);
  }
}

/** Answers a customer's question from the knowledge base. */
export interface Answerer {
  answer(question: string, ctx: TurnContext, options?: AnswerOptions): Promise<Answer>;
  /**
   * How sure the knowledge base is about a question, without replying or recording anything:
   * dialogs weigh it against an intent, so a question an article answers better starts no dialog.
   */
  assess?(question: string, ctx: TurnContext, rivals?: Rival[]): Promise<Assessment>;
  /**
   * Answers `question` from article `articleId` (one a dialog names, or a code led to): its best
   * passage in the customer's language when the article has it, else in the default locale with
   * the "only in <language>" note. `abstain` when the article is not published.
   */
  answerFrom?(articleId: string, question: string, ctx: TurnContext, options?: AnswerFromOptions): Promise<Answer>;
}

/** How `Answerer.answerFrom` treats a question. */
export interface AnswerFromOptions {
  /**
   * How sure the caller is that the article answers the question, as recorded for the insights
   * reports (default 1: the customer chose the article themselves).
   */
  confidence?: number;
}

/** How `Answerer.answer` treats a question. */
export interface AnswerOptions {
  /**
   * The customer's language, when the question is not the customer's own words (a dialog's
   * `answer:` template): the reply is for that language — the article's translation when it has
   * one, else the article with the "only in <language>" note — whatever language the question is
   * written in. Without it, the question's language is the customer's.
   */
  locale?: string;
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
  /**
   * With `wouldReply`: whether the question names what another business keeps for the customer (a
   * parcel, an account) by a name no article mentions ("mon colis Vinted"), however well its other
   * words match the best article.
   */
  anotherBusiness?: boolean;
  articleId?: string;
  /**
   * With `rivals` (a dialog's example utterances): whether the best article matches the question
   * more closely than any rival does, scored alike. Undefined when the retriever cannot tell.
   */
  beatsRivals?: boolean;
}

/** The knowledge base's answerer, provided by the knowledge module. */
export const Answerer = serviceKey<Answerer>('answerer');

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
  /** What a reply carrying this answer tells clients (`metadata.knowledge`, `knowledge` on the web wire). */
  knowledge?: KnowledgeTrace;
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
  /** Whether the bot has a dialog called `id` (truthy when it does). */
  dialog(id: string): unknown;
  /** Starts dialog `id` in the conversation of `ctx` (journeys start dialogs proactively). */
  begin(ctx: TurnContext, id: string): Promise<void>;
}

/** The dialog runtime, provided by the dialogs module. */
export const DialogControl = serviceKey<DialogControl>('dialogs');

/** Hands a conversation to a person. */
export interface Escalator {
  escalate(ctx: TurnContext, request: EscalationRequest): Promise<void>;
}

/** Handoff to a person, provided by the handoff module. */
export const Escalator = serviceKey<Escalator>('escalator');

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

/** SMS opt-outs (STOP and START), provided by the phone channels module. */
export const OptOuts = serviceKey<OptOuts>('optOuts');

/**
 * A channel's customer-service window: free-form messages may go only for a while after the
 * customer last wrote (WhatsApp: 24 hours); outside it only approved templates.
 */
export interface CustomerServiceWindow {
  /** Whether a free-form message may be sent to `address` at `now`. */
  isOpen(address: string, now: number): Promise<boolean>;
}

/**
 * The customer-service window of the channels whose capabilities say they have one
 * (`Capabilities.serviceWindow`); provided by the WhatsApp channel (its 24-hour window).
 */
export const CustomerServiceWindow = serviceKey<CustomerServiceWindow>('whatsappWindow');

/**
 * A customer's address on a channel where they have not written yet — the e-mail address in
 * their profile, say — so a journey rule can choose that channel. Provided by the channel that
 * knows where such an address lives (e-mail).
 */
export interface ContactAddresses {
  /** The address to reach `customer` on `channel`, or undefined when there is none. */
  addressOf(customer: Customer, channel: string): Promise<string | undefined>;
}

/** Addresses outside the addresses table, provided by the e-mail module. */
export const ContactAddresses = serviceKey<ContactAddresses>('contactAddresses');

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

/** Handoff facts for other modules, provided by the handoff module. */
export const HandoffLookup = serviceKey<HandoffLookup>('handoffLookup');

/** A knowledge-base passage suggested to an agent. */
export interface Suggestion {
  articleId: string;
  title: string;
  text: string;
  /** The article's language, so editors can open it from the suggestion. */
  locale?: string;
  /** The question it was found for, so an agent's insert can be learned from. */
  question?: string;
}

/** Finds the knowledge-base passages closest to a customer's question, best first (the console's suggestions). */
export type KnowledgeSearch = (question: string, locale: string) => Promise<Suggestion[]>;

/** Knowledge search for the agent console, provided by the knowledge module unless the bot provides its own. */
export const KnowledgeSearch = serviceKey<KnowledgeSearch>('knowledgeSearch');

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
  /**
   * How often a console page's socket (the agent console's, the dashboard's live tiles) re-checks
   * the session it was opened with, in ms (`handoff.socketPingSeconds`): a logout, an expiry or a
   * lost role closes the socket within that time.
   */
  readonly recheckMs: number;
}

/** The console's sign-ins, provided by the handoff module: other modules' console APIs check them. */
export const ConsoleSessions = serviceKey<ConsoleSessions>('consoleSessions');

/**
 * A customer's photo as a turn sees it: stored by the media module, re-encoded without EXIF/GPS
 * or any other metadata, and referenced by our own URL (`attachment.url`, `/api/media/<id>`).
 */
export interface Photo {
  /** Our attachment for the photo (type `image`, our URL, the stored type and size). */
  attachment: Attachment;
  /** The stored (stripped) image. */
  bytes: Uint8Array;
  /** `image/jpeg`, `image/png` or `image/webp`. */
  mimeType: string;
  width: number;
  height: number;
}

/** A barcode or QR code found in a photo. */
export interface PhotoCode {
  /** The symbology as the reader names it: `QRCode`, `EAN-13`, `Code128`… */
  format: string;
  /** The decoded text. */
  value: string;
}

/** What a `PhotoReader` made of one photo. */
export interface PhotoReading {
  /** Text read in the photo (OCR); empty when there is none. */
  text: string;
  /** Barcodes and QR codes, in the order found; empty when there are none. */
  codes: PhotoCode[];
  /** What the photo shows, in words, when a vision-capable model described it. */
  description?: string;
  /** How sure the reader is of `text` (0–1), when it can tell. */
  confidence?: number;
}

/**
 * Reads a customer's photo (OCR, barcodes, a description). The media module passes every inbound
 * image to it, after storing it and before the turn's other middleware, and keeps each reading on
 * the message (`photoNotes(message)` in `core/photos.ts`), where later middleware (a matcher
 * that turns an error code into an article) and the agent console find it. Without a reader a
 * photo is stored and shown to agents, and a photo-only message gets a reply that says the bot
 * cannot look at photos and offers a person.
 */
export interface PhotoReader {
  read(photo: Photo, ctx: TurnContext): Promise<PhotoReading>;
}

/** The photo reader, provided by a vision module when one is loaded. */
export const PhotoReader = serviceKey<PhotoReader>('photoReader');

/** A stored customer file, as the media store describes it. */
export interface StoredMedia {
  id: string;
  mimeType: string;
  /** Bytes, as stored (after stripping). */
  size: number;
  width?: number;
  height?: number;
  /** Unset while the file waits for the message that carries it (see `MediaStore.bind`). */
  conversationId?: string;
  customerId?: string;
  messageId?: string;
  /** The file's place in its message's attachments. */
  index?: number;
  createdAt: number;
}

/**
 * Customer photos kept with their conversation: checked by their bytes (JPEG, PNG, WebP),
 * re-encoded without metadata (EXIF, GPS, XMP, ICC names), served from our own URL, exported and
 * erased with the customer, and deleted after `media.retentionDays`. Channels that receive files
 * at intake (web chat, e-mail) save them before the message is stored and bind them after; the
 * media module fetches provider files (MMS, WhatsApp, Slack, Teams) itself during the turn.
 */
export interface MediaStore {
  /**
   * Checks `bytes` (by their content, not `mimeType`), strips and stores them; returns the
   * attachment that references the copy by our URL. `conversationId` may be unknown yet (a file
   * saved before its message is stored): `bind` sets it. Throws a `RequestError`: 415 for a file
   * that is not a supported image, 413 for one over the size limit.
   */
  save(conversationId: string | undefined, bytes: Uint8Array, mimeType?: string): Promise<Attachment>;
  /**
   * Throws the `RequestError` `save` would (415, 413) without storing anything: lets a channel
   * refuse a message with several files before it stores any of them.
   */
  check(bytes: Uint8Array): Promise<void>;
  /** Links saved files (by their attachments, in the message's order) to the stored message that carries them. Idempotent. */
  bind(message: Message): Promise<void>;
  /** Deletes files saved for a message that was then not stored (a duplicate delivery, a refusal). */
  discard(attachments: Attachment[]): Promise<void>;
  /** A stored file's description, by id. */
  get(id: string): Promise<StoredMedia | undefined>;
  /** A stored file with its bytes, by id. */
  open(id: string): Promise<{ media: StoredMedia; bytes: Uint8Array } | undefined>;
  /** The stored copy of attachment `index` of message `messageId`, when there is one. */
  ofMessage(messageId: string, index: number): Promise<StoredMedia | undefined>;
}

/** The media store, provided by the media module. */
export const MediaStore = serviceKey<MediaStore>('mediaStore');
/** A code an article declares in its front matter: an error code, a model or a part number. */
export interface DeclaredCode {
  /** As the article writes it (`E-17`). */
  code: string;
  articleId: string;
  /** The languages the article is published in that declare this code. */
  locales: string[];
}

/**
 * Articles found by the codes printed on things: what a photo's text or barcodes are matched
 * against, without reading the knowledge base's tables.
 */
export interface ArticleCodes {
  /** Every code a published article declares. */
  declared(): Promise<DeclaredCode[]>;
  /**
   * Answers `question` from article `articleId`: in the customer's language when the article has
   * it, else in the default locale (saying so). `abstain` when the article is not published.
   */
  answerFrom(articleId: string, question: string, ctx: TurnContext): Promise<Answer>;
}

/** Code lookup, provided by the knowledge module. */
export const ArticleCodes = serviceKey<ArticleCodes>('articleCodes');
