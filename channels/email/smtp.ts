import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../core/logger';
import type { Arrival } from './auth';
import { MailRefused } from './inbound';

/** Takes one raw mail; resolves once it is stored (or deliberately dropped), throws `MailRefused` to refuse it. */
export type AcceptMail = (raw: Buffer, arrival: Arrival) => Promise<void>;

/** Settings of the SMTP listener. */
export interface ListenerOptions {
  port: number;
  host?: string;
  /** Only recipients in these domains are taken (we are not a relay). */
  domains: string[];
  /** Largest message accepted, in bytes (announced with SIZE; bigger ones get 552). */
  maxBytes: number;
  /** Our host name in the greeting. */
  name?: string;
  logger: Logger;
}

/**
 * The inbound SMTP listener (smtp-server): mail for our domains is read whole, handed to
 * `accept`, and answered 250 only once it is stored — so a mail the sender saw accepted is never
 * lost; a failure to store answers 451 and the sending server retries. Plain SMTP behind the
 * organisation's MX or relay (see docs/channels.md); it relays nothing.
 */
export class SmtpListener {
  private server?: SMTPServer;

  constructor(
    private readonly options: ListenerOptions,
    private readonly accept: AcceptMail,
  ) {}

  /** Starts listening; resolves with the port (useful with port 0). */
  async listen(): Promise<number> {
    const server = new SMTPServer({
      name: this.options.name,
      size: this.options.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      banner: 'Switchboard',
      onRcptTo: (address, _session, callback) => {
        const domain = address.address.split('@').pop()?.toLowerCase() ?? '';
        if (this.options.domains.includes(domain)) return callback();
        callback(smtpError(550, `Relaying denied: this server only takes mail for ${this.options.domains.join(', ')}`));
      },
      onData: (stream, session, callback) => void this.receive(stream, session).then(() => callback(null, 'Message accepted'), (err: unknown) => callback(this.refusal(err))),
    });
    server.on('error', (err) => this.options.logger.warn({ err }, 'SMTP listener error'));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      const net = server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
      net.once('error', reject);
    });
    return (server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw new MailRefused(552, `Message too big: the limit is ${this.options.maxBytes} bytes`);
    const from = session.envelope.mailFrom;
    await this.accept(Buffer.concat(chunks), {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs,
      sender: from ? from.address : undefined,
    });
  }

  private refusal(err: unknown): Error {
    if (err instanceof MailRefused) return smtpError(err.code, err.message);
    this.options.logger.error({ err }, 'could not store an inbound mail; the sender will retry');
    return smtpError(451, 'Temporary failure storing the message; please retry');
  }
}

/** An error smtp-server answers with `code`. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
