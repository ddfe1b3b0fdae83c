import { z } from 'zod';
import { RequestError } from '../../core/errors';
import type { Attachment, InboundDraft, Message } from '../../core/message';
import { cardBlocks, cardsFallback } from './cards';

/** Action ids the adapter gives its buttons; clicks on link buttons only open the link. */
export const BUTTON_ACTION = /^switchboard_button_\d+$/;
const LINK_ACTION_PREFIX = 'switchboard_link_';

/**
 * Where a reply goes on Slack, kept in `Message.thread`: `C123:1700000000.000100` (a thread under
 * that parent message in that conversation) or `D123` (top level of that conversation). Replies
 * inherit the inbound message's `thread`, so they land where the customer wrote. A message without
 * one (an agent's or a proactive send) goes to the customer's direct message with the app.
 */
export function encodeThread(channel: string, threadTs?: string): string {
  return threadTs ? `${channel}:${threadTs}` : channel;
}

/** The Slack conversation and parent `thread_ts` a `Message.thread` names. */
export function decodeThread(thread: string | undefined): { channel?: string; threadTs?: string } {
  if (!thread) return {};
  const [channel, threadTs] = thread.split(':', 2);
  return { channel: channel || undefined, threadTs: threadTs || undefined };
}

const FileSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  url_private: z.string().optional(),
  size: z.number().optional(),
});

/** The fields of a `message` or `app_mention` event the adapter relies on. */
export const UserMessageSchema = z.object({
  type: z.enum(['message', 'app_mention']),
  user: z.string().min(1),
  channel: z.string().min(1),
  ts: z.string().min(1),
  text: z.string().optional(),
  thread_ts: z.string().optional(),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  files: z.array(FileSchema).optional(),
});
export type UserMessageEvent = z.infer<typeof UserMessageSchema>;

/** The fields of an `event_callback` envelope the adapter relies on. */
export const EnvelopeSchema = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
  event: z.looseObject({ type: z.string() }),
});

/** The fields of a `block_actions` interactivity payload the adapter relies on. */
export const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.looseObject({ message_ts: z.string().optional(), channel_id: z.string().optional(), thread_ts: z.string().optional() }),
  message: z.looseObject({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        action_ts: z.string().optional(),
        value: z.string().optional(),
        text: z.object({ text: z.string() }).optional(),
      }),
    )
    .min(1),
  trigger_id: z.string().optional(),
});

/** Parses with a schema or refuses the request with a 400 that says which field is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RequestError(400, `Malformed Slack ${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * Whether a `message` event is someone writing to the bot: not an edit, deletion or join notice
 * (subtypes other than file shares and thread broadcasts), not a bot (ours or another — two bots
 * answering each other would loop), and in a direct message (in channels the bot answers mentions,
 * which arrive as `app_mention`).
 */
export function isCustomerMessage(event: Record<string, unknown>): boolean {
  if (event.bot_id || event.subtype === 'bot_message') return false;
  if (event.subtype !== undefined && event.subtype !== 'file_share' && event.subtype !== 'thread_broadcast') return false;
  if (event.type === 'message') return event.channel_type === 'im';
  return event.type === 'app_mention';
}

/** A customer's message or mention as an inbound draft (without the profile, looked up apart). */
export function messageDraft(event: UserMessageEvent, envelope: { event_id: string; team_id?: string }, botUserId?: string): InboundDraft {
  const mention = event.type === 'app_mention';
  // A mention is answered in a thread under it; a direct message in place, unless it is in a thread.
  const threadTs = event.thread_ts ?? (mention ? event.ts : undefined);
  return {
    channel: 'slack',
    address: event.user,
    text: mention ? stripMention(event.text ?? '', botUserId) : (event.text ?? ''),
    attachments: event.files?.length ? event.files.map(fileAttachment) : undefined,
    channelMessageId: envelope.event_id,
    thread: encodeThread(event.channel, threadTs),
    metadata: { slack: { team: envelope.team_id, channel: event.channel, ts: event.ts, type: event.type } },
    createdAt: Math.round(Number(event.ts) * 1000) || undefined,
  };
}

/** A button click as an inbound draft: the button's title as text, its value as the payload. */
export function actionDraft(body: z.infer<typeof BlockActionsSchema>): InboundDraft | undefined {
  const action = body.actions[0];
  if (!BUTTON_ACTION.test(action.action_id)) return undefined;
  const channel = body.channel?.id ?? body.container.channel_id;
  const threadTs = body.message?.thread_ts ?? body.container.thread_ts ?? (channel?.startsWith('D') ? undefined : body.container.message_ts);
  const title = action.text?.text;
  return {
    channel: 'slack',
    address: body.user.id,
    text: title,
    payload: action.value ?? title,
    // Slack does not resend interactions, but a proxy might: the click's own timestamp identifies it.
    channelMessageId: `action:${body.container.message_ts ?? ''}:${action.action_ts ?? body.trigger_id ?? ''}`,
    thread: channel ? encodeThread(channel, threadTs) : undefined,
    metadata: { slack: { channel, action: action.action_id } },
  };
}

/** Removes the bot's mention (`<@U123>`) a channel message starts with. */
export function stripMention(text: string, botUserId?: string): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, '').replace(/\s{2,}/g, ' ').trim();
}

function fileAttachment(file: z.infer<typeof FileSchema>): Attachment {
  const mime = file.mimetype ?? '';
  const type = mime.startsWith('image/') ? 'image' : mime.startsWith('audio/') ? 'audio' : mime.startsWith('video/') ? 'video' : 'file';
  return { type, url: file.url_private, mimeType: file.mimetype, name: file.name, size: file.size };
}

/** The `chat.postMessage` arguments for one rendered outbound message (text, images, buttons as Block Kit). */
export function postMessageArgs(message: Message): { channel: string; text: string; thread_ts?: string; blocks?: unknown[] } {
  const { channel, threadTs } = decodeThread(message.thread);
  const blocks: unknown[] = [];
  if (message.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: message.text } });
  const links: string[] = [];
  for (const a of message.attachments ?? []) {
    if (a.type === 'image' && a.url) blocks.push({ type: 'image', image_url: a.url, alt_text: a.caption ?? a.name ?? 'image' });
    else if (a.url) links.push(`<${a.url}|${a.name ?? a.caption ?? a.url}>`);
    else if (a.type === 'card' && a.title) links.push(`*${a.title}*${a.subtitle ? `\n${a.subtitle}` : ''}`);
  }
  if (links.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: links.join('\n') } });
  // Action ids are unique within a message: the message's buttons first, then the cards'.
  let actions = 0;
  const actionId = (link: boolean) => `${link ? LINK_ACTION_PREFIX : 'switchboard_button_'}${actions++}`;
  if (message.cards?.length) blocks.push(...cardBlocks(message.cards, message.locale, actionId));
  if (message.buttons?.length) {
    blocks.push({
      type: 'actions',
      block_id: 'switchboard_buttons',
      elements: message.buttons.map((b) => ({
        type: 'button',
        action_id: actionId(Boolean(b.url)),
        text: { type: 'plain_text', text: b.title, emoji: true },
        value: (b.payload ?? b.title).slice(0, 2000),
        ...(b.url ? { url: b.url } : {}),
      })),
    });
  }
  // `text` is what notifications and screen readers show; Slack requires it alongside blocks.
  const fallback =
    message.text ||
    (message.cards?.length ? cardsFallback(message.cards, message.locale) : '') ||
    message.attachments?.map((a) => a.name ?? a.caption ?? a.type).join(', ') ||
    ' ';
  return {
    // A user id as the channel posts in the app's direct message with that user.
    channel: channel ?? message.address,
    text: fallback,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(blocks.length ? { blocks } : {}),
  };
}
