import type { IncomingMessage } from 'node:http';
import { describeTrace, type TurnTrace } from '../core/trace';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Topics, type EventBus } from '../core/bus';
import { RequestError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Message } from '../core/message';
import { closeEndedSessions, closeGoingAway, refuseUpgrade, requireSameOrigin } from '../core/upgrade';
import type { Sessions } from './auth';
import { consoleAttachments, type ConsoleAttachment } from './media';
import type { Handoff } from './model';
import type { HandoffService } from './service';
import { HandoffTopics } from './service';

/** The path the console's socket connects to. */
export const CONSOLE_SOCKET_PATH = '/console/socket';

/** What the console socket sends: a handoff changed, or a message of a handed-off conversation. */
export type ConsoleEvent =
  | { type: 'ready'; agentId: string }
  | { type: 'handoff'; handoff: Handoff }
  | { type: 'message'; handoffId: string; message: ConsoleMessage };

/** A transcript line as the console shows it (the same shape as the conversation API's transcript). */
export interface ConsoleMessage {
  id: string;
  conversationId: string;
  channel: string;
  direction: Message['direction'];
  author: Message['author'];
  text: string;
  createdAt: number;
  status: Message['status'];
  /** Which agent wrote an agent message (their display name). */
  authorName?: string;
  /** Files, images and locations; inbound files link to the media route. */
  attachments?: ConsoleAttachment[];
  /** Why the bot did what it did in that turn (`core/trace.ts`), for agents and admins only. */
  why?: Array<[string, string]>;
  /** Resent after a crash mid-send on a channel that cannot tell whether the first send arrived: the customer may have it twice. */
  possibleDuplicate?: true;
}

/**
 * The agent console's real-time feed at `/console/socket`: cookie-authenticated on upgrade (no
 * valid session, no socket), it pushes handoff changes and every message of a conversation that
 * is waiting for or owned by an agent. It listens on the bus, so with a shared bus (Redis) an
 * agent connected to instance A sees what instance B stored. It also tells the service when an
 * agent's last console goes away (their conversations are requeued after a grace period) or
 * comes back (the requeue is cancelled).
 */
export class ConsoleSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly byAgent = new Map<string, Set<WebSocket>>();
  /** The cookie each socket was opened with, to re-check its session. */
  private readonly cookies = new Map<WebSocket, string>();
  /** Sockets that answered the last ping (or just connected). */
  private readonly alive = new WeakSet<WebSocket>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: { service: HandoffService; sessions: Sessions; bus: () => EventBus; logger: Logger; pingMs?: number },
  ) {
    // Dead connections (a laptop lid closed) are only noticed by pinging them.
    // Each beat also re-checks the session: a socket outlives neither a logout nor an expiry.
    const alive = this.alive;
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) ws.terminate();
        alive.delete(ws);
        ws.ping();
      }
      void this.revalidate();
    }, deps.pingMs ?? 30_000);
    this.heartbeat.unref?.();
  }

  /** Subscribes to the bus; call once the engine (and its bus) runs. */
  start(): void {
    const bus = this.deps.bus();
    this.unsubscribe.push(
      bus.subscribe(HandoffTopics.changed, (payload) => this.broadcast({ type: 'handoff', handoff: payload.handoff })),
      bus.subscribe(Topics.message, (payload) => void this.onMessage(payload.message)),
    );
  }

  /** The upgrade handler for the app: takes `/console/socket` and refuses it without a session. */
  readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== CONSOLE_SOCKET_PATH) return false;
    void this.authorize(request)
      .then((agentId) => this.wss.handleUpgrade(request, socket, head, (ws) => this.connect(ws, agentId, request.headers.cookie ?? '')))
      .catch((err) => refuseUpgrade(socket, err));
    return true;
  };

  /** Stops listening and closes every socket. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const off of this.unsubscribe.splice(0)) off();
    await closeGoingAway(this.wss.clients); // 1001: the console reconnects once the server is back
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** Closes (code 4401) every socket whose session has ended since it connected. */
  revalidate(): Promise<void> {
    return closeEndedSessions(this.cookies, (cookie) => this.agentOf(cookie));
  }

  private async authorize(request: IncomingMessage): Promise<string> {
    // Browsers send cookies on cross-site WebSocket requests too: only our own pages may connect.
    requireSameOrigin(request.headers.origin, request.headers.host, 'console socket');
    return this.agentOf(request.headers.cookie ?? '');
  }

  private async agentOf(cookie: string): Promise<string> {
    const who = await this.deps.sessions.authenticate(new Request('http://localhost' + CONSOLE_SOCKET_PATH, { headers: cookie ? { cookie } : {} }));
    if (who.kind !== 'agent') throw new RequestError(401, 'The console socket needs a console session');
    return who.agent.id;
  }

  private connect(ws: WebSocket, agentId: string, cookie: string): void {
    this.cookies.set(ws, cookie);
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    let sockets = this.byAgent.get(agentId);
    if (!sockets) this.byAgent.set(agentId, (sockets = new Set()));
    sockets.add(ws);
    this.deps.service.agentConnected(agentId).catch((err) => this.deps.logger.warn({ err, agentId }, 'could not cancel the agent’s grace period'));
    ws.on('close', () => {
      this.cookies.delete(ws);
      sockets.delete(ws);
      if (sockets.size || this.byAgent.get(agentId) !== sockets) return;
      this.byAgent.delete(agentId);
      this.deps.service.agentDisconnected(agentId).catch((err) => this.deps.logger.warn({ err, agentId }, 'could not start the agent’s grace period'));
    });
    ws.on('error', (err) => this.deps.logger.warn({ err, agentId }, 'console socket error'));
    send(ws, { type: 'ready', agentId });
  }

  private async onMessage(message: Message): Promise<void> {
    // Nobody watching on this instance: spare the store a look-up per message.
    if (message.metadata?.confidential === true || !this.byAgent.size) return;
    try {
      const handoff = (await this.deps.service.repo.active(message.conversationId)) ?? (await this.recentlyEnded(message.conversationId));
      if (!handoff) return;
      this.broadcast({ type: 'message', handoffId: handoff.id, message: toConsoleMessage(message) });
    } catch (err) {
      this.deps.logger.error({ err }, 'console push failed');
    }
  }

  /** The handoff that just ended (its "back to the bot" and CSAT messages still belong on screen). */
  private async recentlyEnded(conversationId: string): Promise<Handoff | undefined> {
    const latest = await this.deps.service.repo.latest(conversationId);
    return latest?.resolvedAt && this.deps.service.repo.now() - latest.resolvedAt < 10_000 ? latest : undefined;
  }

  private broadcast(event: ConsoleEvent): void {
    for (const sockets of this.byAgent.values()) for (const ws of sockets) send(ws, event);
  }
}

function send(ws: WebSocket, event: ConsoleEvent): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
}

/** The console's view of a message. */
export function toConsoleMessage(m: Message): ConsoleMessage {
  const view: ConsoleMessage = { id: m.id, conversationId: m.conversationId, channel: m.channel, direction: m.direction, author: m.author, text: m.text ?? '', createdAt: m.createdAt, status: m.status };
  const attachments = consoleAttachments(m);
  if (attachments) view.attachments = attachments;
  const trace = m.metadata?.trace as TurnTrace | undefined;
  if (trace) view.why = describeTrace(trace);
  if (m.metadata?.possibleDuplicate === true) view.possibleDuplicate = true;
  if (m.author === 'agent' && typeof m.metadata?.agentName === 'string') view.authorName = m.metadata.agentName;
  return view;
}
