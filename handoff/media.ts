import { Hono } from 'hono';
import { z } from 'zod';
import type { ChannelAdapter } from '../core/channel';
import { RequestError } from '../core/errors';
import { validParams } from '../core/http';
import { joinChunks, readWithin } from '../core/media';
import type { Attachment, Message } from '../core/message';
import { mediaIdOf, photoNotes, type PhotoNote } from '../core/photos';
import type { MediaStore } from '../core/services';
import type { Store } from '../core/storage/store';
import type { Sessions } from './auth';
import type { HandoffRepository } from './repository';

/** Largest attachment the console opens by default (`MEDIA_MAX_BYTES`): WhatsApp's own limit for documents is 100 MB, images 5 MB. */
export const DEFAULT_MEDIA_MAX_BYTES = 25 * 1024 * 1024;

/**
 * Files up to this size (`MEDIA_BUFFER_BYTES`) are read whole before the answer starts, so a
 * provider that sends more than the limit, or breaks off, gets a proper 413 or 502 instead of a
 * cut-off file. Only larger files whose size the provider declares are streamed.
 */
export const DEFAULT_MEDIA_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Types a browser may show in place. Everything else — HTML, SVG, XML, scripts, unknown types —
 * comes as a download, so a customer's file can never run as a page of our origin.
 */
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf|text\/plain)$/i;

/** Response headers of every attachment: no sniffing, no scripts, no caching by shared caches. */
const MEDIA_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, no-store',
};

/** An attachment as the console shows it: no provider URL, a link to the media route instead. */
export interface ConsoleAttachment {
  type: Attachment['type'];
  name?: string;
  mimeType?: string;
  size?: number;
  caption?: string;
  /** The media route for this file (inbound files only). */
  href?: string;
  /** Whether the route serves it for display (an image the console may show as `<img>`). */
  inline?: boolean;
  latitude?: number;
  longitude?: number;
  /** What the bot read in this photo (`metadata.photos`), so the agent sees it beside the picture. */
  reading?: ConsoleReading;
}

/** A photo's reading as the console shows it: the text, each code as "format value", a model's description, or why it was not read. */
export interface ConsoleReading {
  text?: string;
  codes?: string[];
  description?: string;
  error?: string;
}

/** Where the console opens attachment `index` of an inbound message. */
export function attachmentPath(messageId: string, index: number): string {
  return `/api/handoff/messages/${encodeURIComponent(messageId)}/attachments/${index}`;
}

/** A message's attachments for the console; inbound files get a link to the media route. */
export function consoleAttachments(m: Message): ConsoleAttachment[] | undefined {
  if (!m.attachments?.length) return undefined;
  const notes = photoNotes(m);
  return m.attachments.map((a, i) => {
    const view: ConsoleAttachment = { type: a.type };
    for (const key of ['name', 'mimeType', 'size', 'caption', 'latitude', 'longitude'] as const) if (a[key] !== undefined) Object.assign(view, { [key]: a[key] });
    if (m.direction === 'inbound' && a.url) {
      view.href = attachmentPath(m.id, i);
      view.inline = INLINE.test(baseType(a.mimeType));
    }
    const reading = consoleReading(notes.find((n) => n.index === i));
    if (reading) view.reading = reading;
    return view;
  });
}

/** The reading of one photo for the console (undefined when the photo was not given to a reader). */
function consoleReading(note: PhotoNote | undefined): ConsoleReading | undefined {
  if (note?.error) return { error: note.error };
  const r = note?.reading;
  if (!r) return undefined;
  const view: ConsoleReading = {};
  if (r.text?.trim()) view.text = r.text.trim();
  if (r.codes?.length) view.codes = r.codes.map((c) => `${c.format} ${c.value}`);
  if (r.description) view.description = r.description;
  return view;
}

/** What the media route needs. */
export interface MediaRouteDeps {
  sessions: Sessions;
  store: Store;
  repo: HandoffRepository;
  /** The running channel adapters by name (asked per request: the engine starts after the modules). */
  channels: () => ReadonlyMap<string, ChannelAdapter>;
  maxBytes?: number;
  /** Files declared larger than this are streamed rather than read whole first (default 8 MiB). */
  bufferBytes?: number;
  /** The media store, when the media module is loaded: customers' photos are served from their stored, stripped copies. */
  media?: () => MediaStore | undefined;
}

/** A message and the position of one of its attachments (the position is checked against the message). */
const AttachmentPath = z.object({ id: z.string().min(1), index: z.string() });

/**
 * `GET /messages/:id/attachments/:index` under `/api/handoff`: a signed-in console user (any role) or the
 * handoff API key opens a file a customer sent. The file is named by message and position, never
 * by URL: the route looks the message up, takes the attachment stored on it and asks that
 * message's channel adapter to fetch it with the channel's credentials (`fetchMedia`) — unless
 * the media store keeps a copy (a photo, stripped of its metadata), which is served instead. Only
 * customers who were handed to a person have their files opened here.
 */
export function attachmentsApp(deps: MediaRouteDeps): Hono {
  const limits = { maxBytes: deps.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES, bufferBytes: deps.bufferBytes ?? DEFAULT_MEDIA_BUFFER_BYTES };
  const app = new Hono();
  const signedIn = async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    await deps.sessions.authenticate(c.req.raw, ['agent', 'editor', 'admin']);
    await next();
  };
  app.get('/messages/:id/attachments/:index', signedIn, validParams(AttachmentPath), async (c) => {
    const request = c.req.raw;
    if (new URL(request.url).search) throw new RequestError(400, 'Attachments are opened by message id and position only; this route takes no query (it fetches no other URL)');
    const { id: messageId, index } = c.req.valid('param');
    const { message, attachment } = await findAttachment(deps, messageId, index);
    const stored = await storedCopy(deps.media?.(), message, attachment, Number(index));
    if (stored) return mediaResponse(stored, attachment, Number(index), limits);
    const adapter = deps.channels().get(message.channel);
    if (!adapter?.fetchMedia) throw new RequestError(404, `Files sent on ${message.channel} cannot be opened here: the channel is not running on this server or keeps no files`);
    const upstream = await adapter.fetchMedia(attachment, { maxBytes: limits.maxBytes, signal: request.signal, address: message.address });
    return mediaResponse(upstream, attachment, Number(index), limits);
  });
  return app;
}

/** The media store's copy of an attachment, as a response, when it keeps one. */
async function storedCopy(media: MediaStore | undefined, message: Message, attachment: Attachment, index: number): Promise<Response | undefined> {
  if (!media) return undefined;
  const id = mediaIdOf(attachment) ?? (await media.ofMessage(message.id, index))?.id;
  const opened = id ? await media.open(id) : undefined;
  if (!opened) return undefined;
  return new Response(new Uint8Array(opened.bytes), { headers: { 'content-type': opened.media.mimeType, 'content-length': String(opened.bytes.byteLength) } });
}

async function findAttachment(deps: MediaRouteDeps, messageId: string, index: string): Promise<{ message: Message; attachment: Attachment }> {
  const message = await deps.store.getMessage(messageId);
  if (!message || message.direction !== 'inbound' || message.metadata?.confidential === true) throw new RequestError(404, `No customer message ${messageId}`);
  if (!(await deps.repo.hasAnyForCustomer(message.customerId))) {
    throw new RequestError(403, 'This customer was never handed to a person: their files open from the console only once they are');
  }
  const attachment = /^\d{1,3}$/.test(index) ? message.attachments?.[Number(index)] : undefined;
  if (!attachment?.url) throw new RequestError(404, `Message ${messageId} has no file attachment ${index}`);
  return { message, attachment };
}

/**
 * The provider's file with our headers: its type, inline or as a download, within the size limit.
 *
 * The answer never presents part of a file as the whole of it. A file is read whole (up to
 * `maxBytes`) before the answer starts — so too much is a 413 and a broken or inconsistent
 * transfer a 502, each with its reason — unless the provider declares a plain (uncompressed)
 * length above `bufferBytes`. Only then is it streamed, with that length: should the provider
 * break off or send another amount, the connection is closed before the declared length, which
 * every HTTP client reports as an incomplete transfer. A compressed transfer's Content-Length
 * counts compressed bytes (fetch hands us the decoded ones), so it says nothing about the file's
 * size: such files are read whole like files of undeclared size.
 */
export async function mediaResponse(upstream: Response, attachment: Attachment, index: number, limits: { maxBytes: number; bufferBytes: number }): Promise<Response> {
  const contentType = validType(upstream.headers.get('content-type')) ?? validType(attachment.mimeType) ?? 'application/octet-stream';
  const disposition = INLINE.test(baseType(contentType)) ? 'inline' : 'attachment';
  const headers: Record<string, string> = {
    ...MEDIA_HEADERS,
    'content-type': contentType,
    'content-disposition': contentDisposition(disposition, attachment.name ?? `${attachment.type}-${index + 1}${extension(contentType)}`),
  };
  const declared = declaredLength(upstream);
  if (declared !== undefined && declared > limits.bufferBytes && declared <= limits.maxBytes && upstream.body) {
    headers['content-length'] = String(declared);
    return new Response(exactly(upstream.body, declared), { headers });
  }
  const body = await readWithin(upstream, limits.maxBytes, declared);
  headers['content-length'] = String(body.byteLength);
  return new Response(body, { headers });
}

/** The file's size as the provider declares it: a plain Content-Length, not one of a compressed transfer. */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && !/^\s*identity\s*$/i.test(encoding)) return undefined;
  const length = response.headers.get('content-length');
  return length !== null && /^\d{1,15}$/.test(length.trim()) ? Number(length) : undefined;
}

/**
 * Bytes of a streamed file held back until the provider's stream has ended with exactly the
 * declared length. When a body stream fails, the server adapter (@hono/node-server) writes
 * `Error: <message>` after what was sent, then closes the connection: without this reserve that
 * text could make up the declared length, and a client would take a cut file plus an error
 * message for the complete file. Our messages are far shorter than this.
 */
const STREAM_TAIL_BYTES = 1024;

/**
 * The provider's body, passed on only if it is exactly `length` bytes: the last
 * `STREAM_TAIL_BYTES` wait for the end, and more, fewer or a broken transfer error the stream,
 * so the server closes the connection short of the Content-Length it sent and the client sees an
 * incomplete transfer, never a complete-looking file.
 */
function exactly(body: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const tail = Math.min(STREAM_TAIL_BYTES, length);
  let size = 0;
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        // The provider's own error text is not ours to append to a file: a short message of ours.
        return controller.error(new Error(`provider broke off after ${size} of ${length} bytes`));
      }
      if (next.done) {
        if (size !== length) return controller.error(new Error(`provider sent ${size} of ${length} bytes`));
        for (const chunk of held) controller.enqueue(chunk);
        return controller.close();
      }
      size += next.value.byteLength;
      if (size > length) {
        await reader.cancel().catch(() => undefined);
        return controller.error(new Error(`provider sent more than ${length} bytes`));
      }
      held.push(next.value);
      heldBytes += next.value.byteLength;
      // Pass on everything but the last `tail` bytes of the file.
      const release = Math.min(heldBytes, length - tail - (size - heldBytes));
      if (release > 0) {
        const all = held.length === 1 ? held[0] : joinChunks(held, heldBytes);
        controller.enqueue(all.subarray(0, release));
        held = [all.subarray(release)];
        heldBytes -= release;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * `inline; filename="…"; filename*=UTF-8''…`: the plain name keeps to printable ASCII without
 * quotes, slashes or backslashes (older clients), the encoded one carries the customer's real name.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f"\\/:*?<>|]+/g, '_').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 150) || 'attachment';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A well-formed `type/subtype` (with parameters), or undefined. */
function validType(type: string | null | undefined): string | undefined {
  const value = type?.trim();
  return value && /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(value) ? value : undefined;
}

function baseType(type: string | undefined): string {
  return (type ?? '').split(';')[0].trim().toLowerCase();
}

function extension(type: string): string {
  const sub = baseType(type).split('/')[1] ?? '';
  const ext = sub === 'jpeg' ? 'jpg' : sub.replace(/^(x-|vnd\.)/, '').replace(/\+xml$/, '');
  return /^[a-z0-9]{1,8}$/.test(ext) ? `.${ext}` : '';
}
