import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { topic, Topics, type EventBus } from '../core/bus';
import { RequestError } from '../core/errors';
import type { Logger } from '../core/logger';
import { ConsoleSessions, type Services } from '../core/services';
import { closeEndedSessions, refuseUpgrade, requireSameOrigin } from '../core/upgrade';
import { ANALYTICS_ROLES, consoleSessions } from './api';
import type { Figures } from './report';
import { HandoffChanged } from '../handoff/topics';

/** Where the dashboard's live socket connects. */
export const LIVE_SOCKET_PATH = '/console/analytics/socket';
/** The bus topic the live tiles travel on (so every instance's dashboards see them). */
export const TILES_TOPIC = topic<Tiles>('analytics.tiles');

/** What the dashboard's tiles show: the last 24 hours' figures. */
export interface Tiles {
  at: number;
  figures: Figures;
}

/**
 * Real-time tiles: when messages or handoffs change, the figures of the last 24 hours are
 * recomputed, published on the bus, and pushed to every dashboard socket (editors and admins with
 * a console session). Only an instance with a dashboard open recomputes, and at most once per
 * `throttleMs` or per 20 times the last computation's duration, whichever is longer: the
 * 24-hour figures read every message of the day, and a busy bot must not spend its event loop on
 * tiles nobody is looking at.
 */
export class LiveTiles {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly unsubscribe: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private latest: Tiles | undefined;
  /** The cookie each socket was opened with: a socket must not outlive its session. */
  private readonly cookies = new Map<WebSocket, string>();
  private heartbeat?: NodeJS.Timeout;
  /** How long the last computation took, in ms. */
  private lastComputeMs = 0;
  /** Something changed while no dashboard was open here: `latest` is out of date. */
  private stale = false;

  constructor(
    private readonly deps: { services: Services; bus: () => EventBus; compute: () => Promise<Figures>; logger: Logger; throttleMs?: number },
  ) {}

  /**
   * Listens for changes and re-checks the sockets' sessions as often as the console sessions say
   * (`ConsoleSessions.recheckMs`, provided by handoff, which sets up after analytics); call once
   * the engine's bus exists.
   */
  start(): void {
    this.heartbeat = setInterval(() => void this.revalidate(), this.deps.services.get(ConsoleSessions)?.recheckMs ?? 30_000);
    this.heartbeat.unref?.();
    const bus = this.deps.bus();
    const changed = () => this.schedule();
    this.unsubscribe.push(
      bus.subscribe(Topics.message, changed),
      bus.subscribe(HandoffChanged, changed),
      bus.subscribe(TILES_TOPIC, (payload) => {
        this.latest = payload;
        this.broadcast(this.latest);
      }),
    );
  }

  /** The upgrade handler: takes the dashboard's socket path, refusing it without an editor/admin session. */
  readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== LIVE_SOCKET_PATH) return false;
    void this.authorize(request)
      .then(() => this.wss.handleUpgrade(request, socket, head, (ws) => void this.connect(ws, request.headers.cookie ?? '')))
      .catch((err) => refuseUpgrade(socket, err));
    return true;
  };

  /** Recomputes and publishes now (the throttle calls it; tests may too). */
  async refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      const started = Date.now();
      const figures = await this.deps.compute();
      this.lastComputeMs = Date.now() - started;
      await this.deps.bus().publish(TILES_TOPIC, { at: Date.now(), figures } satisfies Tiles);
    } catch (err) {
      this.deps.logger.warn({ err }, 'live analytics tiles failed');
    }
  }

  /** Closes (code 4401) every socket whose session has ended (logout, expiry, lost role) since it connected. */
  revalidate(): Promise<void> {
    return closeEndedSessions(this.cookies, (cookie) => this.check(cookie));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private schedule(): void {
    if (!this.wss.clients.size) {
      this.stale = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => void this.refresh(), Math.max(this.deps.throttleMs ?? 2000, 20 * this.lastComputeMs));
    this.timer.unref?.();
  }

  private async authorize(request: IncomingMessage): Promise<void> {
    // Browsers send cookies with cross-site WebSocket requests too: only our own pages may connect.
    requireSameOrigin(request.headers.origin, request.headers.host, 'dashboard socket');
    await this.check(request.headers.cookie ?? '');
  }

  private async check(cookie: string): Promise<void> {
    const who = await consoleSessions(this.deps.services).authenticate(new Request('http://localhost' + LIVE_SOCKET_PATH, { headers: cookie ? { cookie } : {} }), [...ANALYTICS_ROLES]);
    if (who.kind !== 'agent') throw new RequestError(401, 'The dashboard socket needs a console session');
  }

  private async connect(ws: WebSocket, cookie: string): Promise<void> {
    this.cookies.set(ws, cookie);
    ws.on('close', () => this.cookies.delete(ws));
    ws.on('error', (err) => this.deps.logger.warn({ err }, 'dashboard socket error'));
    // A new dashboard gets current tiles at once rather than waiting for the next change.
    if (!this.latest || this.stale) {
      this.stale = false;
      await this.refresh();
    } else send(ws, this.latest);
  }

  private broadcast(tiles: Tiles): void {
    for (const ws of this.wss.clients) send(ws, tiles);
  }
}

function send(ws: WebSocket, tiles: Tiles): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'tiles', ...tiles }));
}
