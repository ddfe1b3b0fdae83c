import { Hono } from 'hono';
import { safeEqual } from '../../core/http';
import { keyedHash, privacyKey } from '../../core/identity/privacy-key';
import { normalizeEmail } from '../../core/identity/identities';
import type { EmailStore } from './store';

/** The token that proves an unsubscribe link was made by us for `address` (a keyed hash, no state). */
export async function unsubscribeToken(store: EmailStore, address: string): Promise<string> {
  return keyedHash(await privacyKey(store.sql), `unsubscribe:${address}`).slice('hmac:'.length, 'hmac:'.length + 32);
}

/** The unsubscribe link of `address` under `publicUrl`. */
export async function unsubscribeUrl(store: EmailStore, publicUrl: string, address: string): Promise<string> {
  const query = new URLSearchParams({ address, token: await unsubscribeToken(store, address) });
  return `${publicUrl.replace(/\/+$/, '')}/api/email/unsubscribe?${query}`;
}

/**
 * The unsubscribe routes, mounted at `/api/email`: `GET /unsubscribe` shows a page with one
 * button (link checkers that open every link must not unsubscribe anyone); `POST /unsubscribe` —
 * the button, or a mail client's one-click `List-Unsubscribe-Post` (RFC 8058) — records it.
 * A link not made by us is refused with 403.
 */
export function unsubscribeRoutes(store: EmailStore): Hono {
  const app = new Hono();
  const check = async (address: string | undefined, token: string | undefined) => {
    const normal = address ? normalizeEmail(address) : undefined;
    if (!normal || !token) return { error: 'This unsubscribe link is incomplete: it needs the address and its token', status: 400 as const };
    if (!safeEqual(token, await unsubscribeToken(store, normal))) return { error: 'This unsubscribe link was not made for this address', status: 403 as const };
    return { address: normal };
  };
  app.get('/unsubscribe', async (c) => {
    const checked = await check(c.req.query('address'), c.req.query('token'));
    if ('error' in checked) return c.json({ error: checked.error }, checked.status);
    const action = `?${new URLSearchParams({ address: checked.address, token: c.req.query('token') ?? '' })}`;
    return c.html(page(`<p>Stop e-mails that are not replies to your own messages to <b>${escapeHtml(checked.address)}</b>?</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`));
  });
  app.post('/unsubscribe', async (c) => {
    const checked = await check(c.req.query('address'), c.req.query('token'));
    if ('error' in checked) return c.json({ error: checked.error }, checked.status);
    await store.setOptOut(checked.address, true, 'link');
    return c.html(page(`<p>Unsubscribed: <b>${escapeHtml(checked.address)}</b> gets no more e-mails from us except replies to its own messages.</p>`));
  });
  return app;
}

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
