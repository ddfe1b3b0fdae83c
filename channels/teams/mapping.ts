import { ActivityTypes, AttachmentLayoutTypes, type Activity, type Attachment as BfAttachment } from 'botbuilder';
import { z } from 'zod';
import { RequestError } from '../../core/errors';
import type { Attachment, InboundDraft, Message } from '../../core/message';
import { cardAction, HERO_CARD, heroCards } from './cards';

/** The fields of an inbound Bot Framework message activity the adapter relies on. */
export const MessageActivitySchema = z.looseObject({
  type: z.literal('message'),
  // An empty id would defeat deduplication (and collide with the last empty one): refused.
  id: z.string().min(1).optional(),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  from: z.looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: z.string().optional(), conversationType: z.string().optional() }),
  recipient: z.looseObject({ id: z.string().min(1), name: z.string().optional() }),
  text: z.string().optional(),
  locale: z.string().optional(),
  value: z.unknown().optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string(), contentUrl: z.string().optional(), name: z.string().optional(), content: z.unknown().optional() }))
    .optional(),
});

/** Validates an inbound message activity, or refuses it with a 400 naming the field. */
export function parseMessageActivity(activity: unknown): z.infer<typeof MessageActivitySchema> {
  const parsed = MessageActivitySchema.safeParse(activity);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RequestError(400, `Malformed Bot Framework activity: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * A message activity as an inbound draft. `text` has the bot's @mention removed by the caller;
 * a card or `messageBack` submit carrying `{ payload }` is the chosen button's payload.
 */
export function activityDraft(activity: z.infer<typeof MessageActivitySchema>, text: string): InboundDraft {
  const value = activity.value as { payload?: unknown } | undefined;
  const payload = typeof value?.payload === 'string' ? value.payload : undefined;
  const attachments = (activity.attachments ?? []).map(toAttachment).filter((a): a is Attachment => a !== undefined);
  return {
    channel: 'teams',
    address: activity.from.id,
    text,
    payload,
    attachments: attachments.length ? attachments : undefined,
    locale: activity.locale,
    channelMessageId: activity.id,
    // Replies go back to this conversation (a Teams channel thread, a group chat, the 1:1 chat).
    thread: activity.conversation.id,
    profile: activity.from.name ? { name: activity.from.name } : undefined,
    metadata: {
      botframework: { channelId: activity.channelId, conversationId: activity.conversation.id, tenantId: activity.conversation.tenantId, aadObjectId: activity.from.aadObjectId },
    },
  };
}

function toAttachment(a: { contentType: string; contentUrl?: string; name?: string; content?: unknown }): Attachment | undefined {
  // Teams repeats the message as a text/html attachment, and cards are the bot's own UI: skip both.
  if (a.contentType === 'text/html' || a.contentType.startsWith('application/vnd.microsoft.card.')) return undefined;
  if (a.contentType === 'application/vnd.microsoft.teams.file.download.info') {
    const info = a.content as { downloadUrl?: string; fileType?: string } | undefined;
    return { type: 'file', url: info?.downloadUrl ?? a.contentUrl, name: a.name, mimeType: info?.fileType };
  }
  if (!a.contentUrl) return undefined;
  const kind = a.contentType.split('/')[0];
  const type = kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
  return { type, url: a.contentUrl, mimeType: a.contentType, name: a.name };
}

/**
 * A rendered outbound message as a Bot Framework activity: Markdown text, buttons as suggested
 * actions (`imBack` with the title, which the engine maps back to the button's payload; link
 * buttons as `openUrl`), media as attachments by URL, cards as hero cards (a carousel when several).
 */
export function toActivity(message: Message): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message, textFormat: 'markdown' };
  if (message.text) activity.text = message.text;
  if (message.locale) activity.locale = message.locale;
  const attachments = (message.attachments ?? []).map(fromAttachment).filter((a): a is BfAttachment => a !== undefined);
  if (message.cards?.length) {
    attachments.push(...heroCards(message.cards, message.locale));
    if (message.cards.length > 1) activity.attachmentLayout = AttachmentLayoutTypes.Carousel;
  }
  if (attachments.length) activity.attachments = attachments;
  if (message.buttons?.length) activity.suggestedActions = { to: [message.address], actions: message.buttons.map(cardAction) };
  return activity;
}

function fromAttachment(a: Attachment): BfAttachment | undefined {
  if (a.type === 'card') {
    return { contentType: HERO_CARD, content: { title: a.title, subtitle: a.subtitle, text: a.caption } };
  }
  if (!a.url) return undefined;
  const fallback = a.type === 'image' ? 'image/*' : a.type === 'audio' ? 'audio/*' : a.type === 'video' ? 'video/*' : 'application/octet-stream';
  return { contentType: a.mimeType ?? fallback, contentUrl: a.url, name: a.name };
}
