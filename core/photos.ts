import type { Attachment, Message } from './message';
import type { PhotoReading } from './services';

/** Where stored customer files are served: `/api/media/<id>` (see the media module). */
export const MEDIA_PATH = '/api/media/';

/** Largest photo a customer may send (web chat refuses more with 413), in bytes: 10 MiB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** The image types customers may send, as checked by their bytes. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Our URL for stored file `id`. */
export function mediaUrl(id: string): string {
  return `${MEDIA_PATH}${encodeURIComponent(id)}`;
}

/** The stored file an attachment references by our URL, or undefined for a provider's file. */
export function mediaIdOf(attachment: Attachment): string | undefined {
  const url = attachment.url ?? '';
  if (!url.startsWith(MEDIA_PATH)) return undefined;
  const id = url.slice(MEDIA_PATH.length);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
}

/**
 * What the turn learned about one photo of a message, kept in the message's metadata
 * (`metadata.photos`) so later middleware, the agent console and analytics see it.
 */
export interface PhotoNote {
  /** The photo's place in the message's attachments. */
  index: number;
  /** Our URL for the stored, stripped copy (unset when it could not be stored: see `error`). */
  url?: string;
  width?: number;
  height?: number;
  /** What the `PhotoReader` read, when one is loaded and it succeeded. */
  reading?: PhotoReading;
  /** Why the photo could not be stored or read (a provider that refused the download…). */
  error?: string;
}

/** The photos of a message as the turn recorded them (empty when it has none). */
export function photoNotes(message: Message): PhotoNote[] {
  const notes = message.metadata?.photos;
  return Array.isArray(notes) ? (notes as PhotoNote[]) : [];
}

/** Whether a message is a photo and nothing else: no text, no button payload. */
export function isPhotoOnly(message: Message): boolean {
  return !message.text?.trim() && !message.payload && photoNotes(message).some((n) => n.url);
}

/**
 * What the bot made of a customer's photo, on its reply (`metadata.photo`, and `photo` on the
 * wire): an article (a code in the photo led to it), a knowledge-base answer to the text read, a
 * catalog product (by its barcode), a focused question, a person, or a request to type it instead.
 */
export interface PhotoTrace {
  outcome: 'article' | 'answer' | 'product' | 'question' | 'handoff' | 'unread';
  /** The article answered from (`article`, `answer`). */
  article?: string;
  /** The catalog product shown (`product`). */
  product?: string;
  /** Articles offered in a focused question. */
  offered?: string[];
  /** The code that led to the article. */
  code?: string;
}
