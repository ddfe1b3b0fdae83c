import { z } from 'zod';
import { RequestError } from '../../core/errors';
import { parseJson } from '../../core/http';
import { phoneIdentity } from '../../core/identity/identities';
import type { Attachment, InboundDraft } from '../../core/message';

/**
 * The parts of the Cloud API webhook payload we read (`object: whatsapp_business_account`,
 * `entry[].changes[].value` with `messages`, `contacts` and `statuses`). Unknown fields pass.
 */
const MediaSchema = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() });
const MessageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: MediaSchema.optional(),
  audio: MediaSchema.optional(),
  video: MediaSchema.optional(),
  document: MediaSchema.optional(),
  sticker: MediaSchema.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
});
const StatusSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
});
const ValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() })).optional(),
  messages: z.array(MessageSchema).optional(),
  statuses: z.array(StatusSchema).optional(),
});
const PayloadSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ id: z.string(), changes: z.array(z.object({ field: z.string(), value: ValueSchema })) })),
});

/** A verified, parsed webhook payload. */
export type WhatsAppPayload = z.infer<typeof PayloadSchema>;
/** One inbound message as the Cloud API sends it. */
export type WhatsAppMessage = z.infer<typeof MessageSchema>;
/** One delivery report. */
export type WhatsAppStatus = z.infer<typeof StatusSchema>;

/** Parses the body, or throws a 400 naming the first field that is wrong. */
export function parsePayload(raw: Uint8Array): WhatsAppPayload {
  const parsed = PayloadSchema.safeParse(parseJson(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RequestError(400, `Malformed WhatsApp webhook: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every inbound message of the payload, as drafts, in the order listed. */
export function toDrafts(payload: WhatsAppPayload): InboundDraft[] {
  const drafts: InboundDraft[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const names = new Map((change.value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of change.value.messages ?? []) drafts.push(toDraft(m, names.get(m.from), change.value.metadata?.phone_number_id));
    }
  }
  return drafts;
}

/** Every delivery report of the payload. */
export function statusesOf(payload: WhatsAppPayload): WhatsAppStatus[] {
  return payload.entry.flatMap((e) => e.changes.flatMap((c) => (c.field === 'messages' ? (c.value.statuses ?? []) : [])));
}

function toDraft(m: WhatsAppMessage, name: string | undefined, phoneNumberId: string | undefined): InboundDraft {
  const draft: InboundDraft = {
    channel: 'whatsapp',
    address: m.from,
    channelMessageId: m.id,
    createdAt: Math.min(Number(m.timestamp) * 1000, Date.now()),
    metadata: { whatsapp: { type: m.type, phoneNumberId } },
    profile: { phone: `+${m.from}`, ...(name ? { name } : {}) },
    // WhatsApp delivered from this number (wa_id, without the +): the same number on SMS is the same customer.
    identities: phoneIdentity(m.from),
    raw: m,
  };
  const choice = m.interactive?.button_reply ?? m.interactive?.list_reply;
  if (m.text) draft.text = m.text.body;
  else if (choice) {
    draft.text = choice.title;
    draft.payload = choice.id;
  } else if (m.button) {
    // A quick-reply button of a template message.
    draft.text = m.button.text;
    draft.payload = m.button.payload ?? m.button.text;
  }
  const attachment = attachmentOf(m);
  if (attachment) {
    draft.attachments = [attachment];
    if (attachment.caption && !draft.text) draft.text = attachment.caption;
  }
  return draft;
}

/**
 * Media arrive as ids; the file is fetched from the Graph API with the access token. We keep a
 * `whatsapp-media:<id>` URL rather than downloading at intake, so acknowledging stays fast.
 */
function attachmentOf(m: WhatsAppMessage): Attachment | undefined {
  if (m.location) return { type: 'location', latitude: m.location.latitude, longitude: m.location.longitude, name: m.location.name };
  const kinds = [
    ['image', m.image],
    ['audio', m.audio],
    ['video', m.video],
    ['file', m.document],
    ['image', m.sticker],
  ] as const;
  for (const [type, media] of kinds) {
    if (media) return { type, url: `whatsapp-media:${media.id}`, mimeType: media.mime_type, caption: media.caption, name: media.filename };
  }
  return undefined;
}
