import { z } from 'zod';
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

/** "text: Invalid input: expected string, received number; userId: …" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
