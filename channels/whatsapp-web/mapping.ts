import { phoneIdentity } from '../../core/identity/identities';
import type { Attachment, InboundDraft } from '../../core/message';

/**
 * The fields of a whatsapp-web.js `Message` we read (the library's own class carries many more).
 * Declared here so the mapping is tested against plain objects with the library's real shapes.
 */
export interface WebJsMessage {
  from: string;
  id: { _serialized: string; fromMe?: boolean };
  body: string;
  type: string;
  timestamp: number;
  hasMedia: boolean;
  fromMe?: boolean;
  isStatus?: boolean;
  location?: { latitude: number | string; longitude: number | string; description?: string };
  selectedButtonId?: string;
  selectedRowId?: string;
  _data?: { notifyName?: string };
  downloadMedia?: () => Promise<{ mimetype: string; data: string; filename?: string | null; filesize?: number | null } | undefined>;
}

/** Media larger than this are not inlined as data URLs (the message still says what arrived). */
export const MAX_INLINE_MEDIA_BYTES = 512 * 1024;

const MEDIA_TYPES: Record<string, Attachment['type']> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'audio',
  document: 'file',
};

/**
 * Maps one message event to a draft, or undefined for what a support bot must ignore: our own
 * messages, status broadcasts and group chats (a bot answering in groups is a fast way to a ban).
 */
export async function toDraft(m: WebJsMessage): Promise<InboundDraft | undefined> {
  if (m.fromMe || m.id.fromMe || m.isStatus || m.from === 'status@broadcast' || !m.from.endsWith('@c.us')) return undefined;
  const phone = m.from.replace(/@c\.us$/, '');
  const draft: InboundDraft = {
    channel: 'whatsapp-web',
    address: m.from,
    channelMessageId: m.id._serialized,
    createdAt: Math.min(m.timestamp * 1000, Date.now()),
    metadata: { whatsappWeb: { type: m.type } },
    profile: { phone: `+${phone}`, ...(m._data?.notifyName ? { name: m._data.notifyName } : {}) },
    identities: phoneIdentity(phone),
  };
  if (m.body && !MEDIA_TYPES[m.type]) draft.text = m.body;
  const choice = m.selectedButtonId ?? m.selectedRowId;
  if (choice) draft.payload = choice;
  if (m.type === 'location' && m.location) {
    const loc = m.location;
    draft.attachments = [{ type: 'location', latitude: Number(loc.latitude), longitude: Number(loc.longitude), name: loc.description }];
  } else if (m.hasMedia) {
    draft.attachments = [await mediaOf(m)];
    // On media messages `body` is the caption.
    if (m.body) draft.text = m.body;
  }
  return draft;
}

async function mediaOf(m: WebJsMessage): Promise<Attachment> {
  const type = MEDIA_TYPES[m.type] ?? 'file';
  const media = await m.downloadMedia?.().catch(() => undefined);
  if (!media) return { type };
  const size = media.filesize ?? Math.floor((media.data.length * 3) / 4);
  const attachment: Attachment = { type, mimeType: media.mimetype, size, ...(media.filename ? { name: media.filename } : {}) };
  if (size <= MAX_INLINE_MEDIA_BYTES) attachment.url = `data:${media.mimetype};base64,${media.data}`;
  return attachment;
}
