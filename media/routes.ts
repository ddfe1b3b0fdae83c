import { Hono } from 'hono';
import { RequestError } from '../core/errors';
import type { Store } from '../core/storage/store';
import { ConsoleSessions, HandoffLookup, type Services, type StoredMedia } from '../core/services';
import type { SqlMediaStore } from './store';

/** What the media route needs. */
export interface MediaRouteDeps {
  media: SqlMediaStore;
  store: Store;
  services: Services;
}

/**
 * Headers of every stored photo: its own type (one we wrote: JPEG, PNG or WebP), no sniffing, no
 * scripts. Embeddable from other origins, because the widget shows a customer's own photos on
 * the host site; cached only by that customer's browser.
 */
const PHOTO_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, max-age=300',
};

/**
 * `GET /api/media/:id` serves a stored photo to the customer whose conversation it belongs to —
 * the web visitor names themselves with `?userId=`, as for their transcript — or to a signed-in
 * console user (any role) or the handoff API key, once the conversation was handed to a person.
 * Anyone else gets a 404 that does not tell whether the photo exists.
 */
export function mediaApp(deps: MediaRouteDeps): Hono {
  const app = new Hono();
  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const media = /^med_[A-Za-z0-9_-]{1,40}$/.test(id) ? await deps.media.get(id) : undefined;
    if (!media?.conversationId || !(await mayOpen(deps, c.req.raw, media, c.req.query('userId')))) throw new RequestError(404, `No photo ${id.slice(0, 60)} for you`);
    const opened = await deps.media.open(id);
    if (!opened) throw new RequestError(404, `Photo ${id} is no longer stored`);
    return new Response(new Uint8Array(opened.bytes), { headers: { ...PHOTO_HEADERS, 'content-type': media.mimeType, 'content-length': String(opened.bytes.byteLength) } });
  });
  return app;
}

/** The web visitor who owns the conversation now (merges move conversations), or a console user after a handoff. */
async function mayOpen(deps: MediaRouteDeps, request: Request, media: StoredMedia, userId: string | undefined): Promise<boolean> {
  const conversation = await deps.store.getConversation(media.conversationId!);
  if (!conversation) return false;
  if (userId) {
    const visitor = await deps.store.findCustomerByAddress('web', userId);
    return visitor?.id === conversation.customerId;
  }
  const sessions = deps.services.get(ConsoleSessions);
  if (!sessions) return false;
  await sessions.authenticate(request, ['agent', 'editor', 'admin']);
  return (await deps.services.get(HandoffLookup)?.handedOff(conversation.id)) === true;
}
