import { ImapFlow } from 'imapflow';
import type { Logger } from '../../core/logger';
import { MailRefused } from './inbound';
import type { MailboxSettings } from './settings';
import type { AcceptMail } from './smtp';

/**
 * Polls a mailbox over IMAP (imapflow): every unread mail is handed to `accept` and flagged
 * `\Seen` only once it is stored, so a crash in between reads it again next time (and the
 * Message-ID drops the repeat). A mail refused as malformed is flagged too, with a warning, so it
 * is not read forever; a storage failure leaves it unread for the next poll.
 */
export class ImapPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly settings: MailboxSettings,
    private readonly accept: AcceptMail,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  /** Polls now and then every interval until `stop`. */
  start(): void {
    const tick = () => {
      this.running = this.poll()
        .then(() => undefined, (err: unknown) => this.logger.warn({ err, host: this.settings.host }, 'IMAP poll failed; will try again'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs).unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the mailbox's unread mail; resolves with how many mails were taken. */
  async poll(): Promise<number> {
    const client = new ImapFlow({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      auth: { user: this.settings.user, pass: this.settings.pass },
      logger: false,
      disableAutoIdle: true,
    });
    await client.connect();
    let taken = 0;
    try {
      const lock = await client.getMailboxLock(this.settings.mailbox);
      try {
        const unread = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of unread) {
          if (await this.take(client, uid)) taken++;
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
    return taken;
  }

  /** Takes one mail; true when it was stored (or refused for good) and flagged read. */
  private async take(client: ImapFlow, uid: number): Promise<boolean> {
    const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
    if (!message || !message.source) return false;
    try {
      await this.accept(message.source, {});
    } catch (err) {
      if (!(err instanceof MailRefused) || err.code < 500) throw err;
      this.logger.warn({ uid, reason: err.message }, 'IMAP mail refused; flagged as read so it is not read again');
    }
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    return true;
  }
}
