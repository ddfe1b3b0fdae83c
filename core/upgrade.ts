import type { Duplex } from 'node:stream';
import { RequestError } from './errors';

/**
 * Refuses a WebSocket upgrade with a plain-text HTTP answer: a `RequestError`'s status and message
 * (401 without a session, 403 for another origin or role), else 500 without details.
 */
export function refuseUpgrade(socket: Duplex, err: unknown): void {
  const status = err instanceof RequestError ? err.status : 500;
  const message = err instanceof RequestError ? err.message : 'Internal error';
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : 'Error'}\r\ncontent-type: text/plain\r\n\r\n${message}\n`);
}

/**
 * Closes (code 4401) each socket whose session `check` now refuses with a `RequestError`, so a
 * socket outlives neither a logout nor an expiry. `sessions` maps each socket to the cookie it was
 * opened with. Any other failure (the store briefly down) says nothing about the session, and the
 * socket stays open.
 */
export async function closeEndedSessions(sessions: Map<{ close(code: number, reason: string): void }, string>, check: (cookie: string) => Promise<unknown>): Promise<void> {
  for (const [socket, cookie] of sessions) {
    const valid = await check(cookie).then(
      () => true,
      (err) => !(err instanceof RequestError),
    );
    if (!valid) socket.close(4401, 'Session ended: log in again');
  }
}

/**
 * Refuses (403) a WebSocket upgrade from another origin than the server's own host. Browsers send
 * `Origin: null` from sandboxed frames and `file:` pages: not our origin either (and not a 500).
 */
export function requireSameOrigin(origin: string | undefined, host: string | undefined, what: string): void {
  if (!origin) return; // not a browser: the session cookie or key still decides
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (!originHost || originHost !== host) throw new RequestError(403, `The ${what} only accepts its own origin`);
}
