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

/** WebSocket close code 1001: the server is going away (shutting down); clients should reconnect later. */
export const GOING_AWAY = 1001;

/** The part of a `ws` socket `closeGoingAway` needs. */
interface ClosableSocket {
  readyState: number;
  close(code: number, reason: string): void;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Closes sockets because the server shuts down: a close frame with 1001 "going away" (so widgets
 * and consoles reconnect later rather than report an error), then, after `graceMs`, drops any whose
 * client has not answered the close handshake. Resolves when every socket is closed.
 */
export async function closeGoingAway(sockets: Iterable<ClosableSocket>, graceMs = 1000): Promise<void> {
  const CLOSED = 3;
  await Promise.all(
    [...sockets].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === CLOSED) return resolve();
          const timer = setTimeout(() => ws.terminate(), graceMs);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(GOING_AWAY, 'Server shutting down, reconnect shortly');
        }),
    ),
  );
}
