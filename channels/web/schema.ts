import { z } from 'zod';
import type { ValidationWording } from '../../core/http';
import { isLocaleTag } from '../../core/locale';

/** The fields of a web message, text or photo. */
export const WebFieldsSchema = z
  .object({
    userId: z.string().min(1).max(200),
    text: z.string().max(10_000).optional(),
    payload: z.string().max(1000).optional(),
    locale: z.string().max(35).refine(isLocaleTag, 'must be a language tag like "en" or "pt-BR"').optional(),
    clientMessageId: z.string().min(1).max(200).optional(),
    /** A token the host site signed for a logged-in user (see channels/web/identity.ts). */
    token: z.string().min(1).max(4096).optional(),
  })
  .strict();

/** The body of `POST /api/web/messages` as JSON (and of a WebSocket `message` frame): text or a payload. */
export const WebMessageSchema = WebFieldsSchema.refine((m) => m.text !== undefined || m.payload !== undefined, { message: 'give "text" or "payload"' });

/** A message as the web channel accepts it (a photo message may have neither text nor payload). */
export type WebMessageInput = z.infer<typeof WebFieldsSchema>;

/**
 * How a message the schema refuses is described, on HTTP (400) and on the socket alike:
 * "Invalid message: text: Invalid input: expected string, received number; userId: …", and a
 * problem with the whole message stated alone ("Invalid message: give "text" or "payload"").
 */
export const MESSAGE_WORDING: ValidationWording = { prefix: 'Invalid message: ', root: '' };

/** `GET /api/web/messages`: whose transcript, after which message id, how many (at most 1000; a limit that is not a number is 1000). */
export const TranscriptQuery = z.object({
  userId: z.string().min(1),
  after: z.string().optional(),
  limit: z
    .string()
    .optional()
    .transform((limit) => Math.min(Number(limit ?? 1000) || 1000, 1000)),
});

/** `GET /api/web/texts`: the widget's language (`?locale=pt-BR`), empty or absent for the bot's default. */
export const TextsQuery = z.object({ locale: z.string().regex(/^([A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*)?$/).optional() });
