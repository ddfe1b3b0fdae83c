import type { ChannelAdapter } from '../core/channel';
import type { Middleware } from '../core/composer';
import type { TurnContext } from '../core/context';
import { readWithin } from '../core/media';
import type { Attachment, Message } from '../core/message';
import { isPhotoOnly, MAX_PHOTO_BYTES, mediaIdOf, mediaUrl, type PhotoNote } from '../core/photos';
import { HandoffLookup, PhotoReader, type Photo } from '../core/services';
import type { SqlMediaStore } from './store';
import { mediaTexts } from './texts';

/** What the turn middleware needs. */
export interface PhotoTurnDeps {
  /** The media store (made when the store opens, after the middleware is declared). */
  media: () => SqlMediaStore;
  /** The running channel adapters by name (asked per turn: the engine starts after the modules). */
  channels: () => ReadonlyMap<string, ChannelAdapter>;
}

/**
 * Early in every turn, before handoff (so agents get the photo too): each image of a customer's
 * message is in the media store — files the channel saved at intake (web chat, e-mail) are bound
 * to the message, provider files (MMS, WhatsApp, Slack, Teams) are fetched with the channel's
 * credentials, stripped and stored — then read by the `PhotoReader` when one is loaded. What
 * happened to each goes in `metadata.photos` (`photoNotes`), saved with the turn.
 */
export function storePhotos(deps: PhotoTurnDeps): Middleware<TurnContext> {
  return async (ctx, next) => {
    const message = ctx.message;
    if (message.direction === 'inbound' && message.author === 'customer' && message.attachments?.some(isImage)) {
      const notes = await notePhotos(ctx, deps);
      if (notes.length) message.metadata = { ...message.metadata, photos: notes };
    }
    await next();
  };
}

/**
 * Late, after dialogs and before the knowledge base: a message that is only a photo, when no
 * photo reader is loaded, is answered with what the customer can do (describe it, or ask for a
 * person, who sees the photo in the console) instead of the generic fallback.
 */
export function answerPhotoOnly(): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (!isPhotoOnly(ctx.message) || ctx.bot.services.has(PhotoReader)) return next();
    const config = ctx.bot.config;
    await ctx.reply(mediaTexts(config, 'photoOnly', ctx.locale), { buttons: [{ title: mediaTexts(config, 'person', ctx.locale), payload: 'agent' }] });
  };
}

async function notePhotos(ctx: TurnContext, deps: PhotoTurnDeps): Promise<PhotoNote[]> {
  const message = ctx.message;
  await deps.media().bind(message);
  // While a person owns the conversation they look at the photo themselves: it is stored for them,
  // not read (reading takes seconds, and the turn must reach handoff as things stand now).
  const withPerson = (await ctx.bot.services.get(HandoffLookup)?.handedOff(message.conversationId)) === true;
  const reader = withPerson ? undefined : ctx.bot.services.get(PhotoReader);
  const notes: PhotoNote[] = [];
  for (const [index, attachment] of (message.attachments ?? []).entries()) {
    if (!isImage(attachment)) continue;
    const note: PhotoNote = { index };
    try {
      const photo = await storedPhoto(message, index, attachment, deps);
      Object.assign(note, { url: photo.attachment.url, width: photo.width, height: photo.height });
      if (reader) note.reading = await reader.read(photo, ctx);
    } catch (err) {
      note.error = (err as Error).message;
      ctx.log.warn({ err, messageId: message.id, index }, 'a photo could not be stored or read');
    }
    notes.push(note);
  }
  return notes;
}

/** Attachment `index` as a stored photo: ours already, stored earlier in this turn's retries, or fetched now. */
async function storedPhoto(message: Message, index: number, attachment: Attachment, deps: PhotoTurnDeps): Promise<Photo> {
  const id = mediaIdOf(attachment) ?? (await deps.media().ofMessage(message.id, index))?.id ?? (await copyProviderFile(message, index, attachment, deps));
  const opened = await deps.media().open(id);
  if (!opened) throw new Error(`Stored photo ${id} is missing (deleted after the retention period, or by an erasure)`);
  const { media, bytes } = opened;
  return { attachment: { type: 'image', url: mediaUrl(id), mimeType: media.mimeType, size: media.size }, bytes, mimeType: media.mimeType, width: media.width ?? 0, height: media.height ?? 0 };
}

/** Fetches a provider's file with the channel's credentials, strips and stores it as attachment `index` of `message`. */
async function copyProviderFile(message: Message, index: number, attachment: Attachment, deps: PhotoTurnDeps): Promise<string> {
  const adapter = deps.channels().get(message.channel);
  if (!adapter?.fetchMedia) throw new Error(`Files sent on ${message.channel} cannot be fetched: the channel is not running here or keeps no files`);
  const response = await adapter.fetchMedia(attachment, { maxBytes: MAX_PHOTO_BYTES, address: message.address });
  const bytes = await readWithin(response, MAX_PHOTO_BYTES, undefined, 'for photos');
  const saved = await deps.media().save(message.conversationId, bytes);
  const id = mediaIdOf(saved)!;
  await deps.media().bindCopy(id, message, index);
  return id;
}

/** An image attachment: by its type, or a file whose declared type is an image. */
function isImage(attachment: Attachment): boolean {
  return attachment.type === 'image' || /^image\//i.test(attachment.mimeType ?? '');
}
