import type { App, Receiver } from '@slack/bolt';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger';

/**
 * A Bolt receiver for our own HTTP server: the routes verify and parse each request, then hand the
 * body to `dispatch`, which runs Bolt's listeners and resolves once they are done. Responding only
 * then (Bolt's "process before response") means a message is stored before Slack hears "200";
 * the turn itself runs after the answer, so Slack's 3-second deadline is met.
 */
export class FetchReceiver implements Receiver {
  private app?: App;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Runs the app's listeners on one verified request body; resolves with what `ack` was given. */
  async dispatch(body: Record<string, unknown>, retry: { num?: number; reason?: string } = {}): Promise<unknown> {
    if (!this.app) throw new Error('The Slack receiver was used before the Bolt app was created');
    let acked: unknown;
    await this.app.processEvent({
      body,
      retryNum: retry.num,
      retryReason: retry.reason,
      ack: async (response?: unknown) => {
        acked = response;
      },
    });
    return acked;
  }
}

/** Bolt's logger interface over ours, resolved lazily because the engine's logger arrives at start. */
export function boltLogger(current: () => Logger): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    const err = parts.find((p) => p instanceof Error);
    const text = parts.filter((p) => !(p instanceof Error)).map(String).join(' ');
    current()[level](err ? { err } : {}, `slack: ${text}`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
