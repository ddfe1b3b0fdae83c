import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { topic } from '../../core/bus';
import type { Accepted, ChannelHost } from '../../core/channel';
import { RequestError } from '../../core/errors';
import { describeIssues } from '../../core/http';
import { closeGoingAway } from '../../core/upgrade';
import { toWire, type WireMessage } from '../../core/message';
import { MESSAGE_WORDING, WebMessageSchema, type WebMessageInput } from './schema';
import { visible } from './adapter';

/** The bus topic web deliveries travel on, so a socket on any instance receives them. */
export const WEB_PUSH_TOPIC = topic<WebPush>('web.push');

/** One event for the sockets of one web visitor. */
export interface WebPush {
  address: string;
  event: ServerEvent;
}

/** What the server sends on the socket. */
export type ServerEvent =
  | { type: 'message'; message: WireMessage }
  | { type: 'typing' }
  | { type: 'ack'; clientMessageId?: string; id: string; duplicate: boolean }
  | { type: 'error'; error: string; clientMessageId?: string }
  | { type: 'ready' };

/**
 * The widget's WebSockets: `/api/web/socket?userId=…&after=<last message id>`. On connect the
 * socket first gets everything after `after` (so a reconnecting client misses nothing), then live
 * events; ids already sent are never sent twice on one socket.
 */
export class SocketHub {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<string, Set<Client>>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly host: ChannelHost,
    private readonly options: { maxPayload: number; accept: (m: WebMessageInput, client?: string) => Promise<Accepted> },
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
    this.unsubscribe = host.bus.subscribe(WEB_PUSH_TOPIC, (payload) => {
      const { address, event } = payload;
      for (const client of this.sockets.get(address) ?? []) client.push(event);
    });
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/web/socket') return false;
    if (this.closed) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nretry-after: 2\r\n\r\nShutting down, reconnect shortly\n');
      return true;
    }
    const userId = url.searchParams.get('userId');
    if (!userId || userId.length > 200) {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\nQuery parameter "userId" is required\n');
      return true;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      void this.connect(ws, userId, url.searchParams.get('after') ?? undefined, url.searchParams.get('token') ?? undefined, request.socket.remoteAddress);
    });
    return true;
  }

  private async connect(ws: WebSocket, userId: string, after?: string, token?: string, peer?: string): Promise<void> {
    const client = new Client(ws);
    // Listen before reading the backlog, so nothing stored in between is missed.
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(client);
    ws.on('close', () => {
      set.delete(client);
      if (!set.size && this.sockets.get(userId) === set) this.sockets.delete(userId);
    });
    ws.on('message', (data) => void this.onFrame(client, userId, data.toString(), token, peer));
    try {
      const customerId = await this.host.customerIdFor('web', userId);
      const backlog = customerId ? await this.host.transcript(customerId, after) : [];
      client.open(backlog.filter(visible).map((m) => ({ type: 'message', message: toWire(m) })));
    } catch (err) {
      this.host.logger.error({ err }, 'web socket backlog failed');
      ws.close(1011, 'backlog unavailable, reconnect');
    }
  }

  private async onFrame(client: Client, userId: string, data: string, token?: string, peer?: string): Promise<void> {
    if (this.closed) return; // shutting down: the widget resends what was not acknowledged
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return client.push({ type: 'error', error: 'Malformed JSON frame' });
    }
    const f = frame as { type?: string };
    if (f.type === 'ping') return;
    if (f.type !== 'message') return client.push({ type: 'error', error: `Unknown frame type ${JSON.stringify(f.type)}` });
    const { type: _type, ...fields } = frame as Record<string, unknown>;
    const parsed = WebMessageSchema.safeParse({ token, ...fields, userId });
    const clientMessageId = typeof fields.clientMessageId === 'string' ? fields.clientMessageId : undefined;
    if (!parsed.success) return client.push({ type: 'error', error: `${MESSAGE_WORDING.prefix}${describeIssues(parsed.error, MESSAGE_WORDING.root)}`, clientMessageId });
    try {
      const accepted = await this.options.accept(parsed.data, peer);
      client.push({ type: 'ack', clientMessageId, id: accepted.message.id, duplicate: accepted.duplicate });
    } catch (err) {
      if (err instanceof RequestError) return client.push({ type: 'error', error: err.message, clientMessageId });
      this.host.logger.error({ err }, 'web socket intake failed');
      client.push({ type: 'error', error: 'Not accepted, please retry', clientMessageId });
    }
  }

  /**
   * Stops taking sockets and frames and closes every socket with 1001 "going away": the widget
   * reconnects (to another instance, or to this one restarted) and catches up from its last id.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    await closeGoingAway(this.wss.clients);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** One socket: holds live events until its backlog is sent, and never sends one message twice. */
class Client {
  private readonly sentIds = new Set<string>();
  private buffered: ServerEvent[] | undefined = [];

  constructor(private readonly ws: WebSocket) {}

  open(backlog: ServerEvent[]): void {
    const live = this.buffered ?? [];
    this.buffered = undefined;
    for (const event of [...backlog, ...live]) this.push(event);
    this.push({ type: 'ready' });
  }

  push(event: ServerEvent): void {
    if (this.buffered) {
      this.buffered.push(event);
      return;
    }
    if (event.type === 'message') {
      if (this.sentIds.has(event.message.id)) return;
      this.sentIds.add(event.message.id);
    }
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(event));
  }
}
