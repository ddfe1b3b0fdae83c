import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SMS the fake Twilio accepted. */
export interface FakeSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  createdAt: Date;
}

/**
 * A stand-in for Twilio's Messages API on loopback, slow like a provider under load: `POST
 * …/Messages.json` records the message the moment it arrives and answers `latencyMs` later (so a
 * sender killed in between has sent it without knowing), `GET …/Messages.json?To&From` lists what
 * was sent, newest first, in Twilio's page format (what the SDK's `messages.list` reads).
 */
export class FakeTwilio {
  readonly sent: FakeSms[] = [];
  /** Every request, in arrival order. */
  readonly requests: Array<{ method: string; path: string }> = [];
  /** Sends received whose answer has not gone out yet. */
  inFlight = 0;
  private sids = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(latencyMs: number): Promise<FakeTwilio> {
    let fake!: FakeTwilio;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => fake.handle(req.method ?? 'GET', req.url ?? '/', body, latencyMs, (status, payload) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeTwilio(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** How many times each (to, body) was sent more than once: the duplicates a customer received. */
  duplicates(): Array<{ to: string; body: string; times: number }> {
    const counts = new Map<string, number>();
    for (const m of this.sent) counts.set(`${m.to}\n${m.body}`, (counts.get(`${m.to}\n${m.body}`) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([key, times]) => ({ to: key.split('\n')[0], body: key.split('\n')[1], times }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, body: string, latencyMs: number, reply: (status: number, payload: unknown) => void): void {
    this.requests.push({ method, path });
    const url = new URL(path, 'http://twilio');
    if (!/\/Accounts\/AC\w+\/Messages\.json$/.test(url.pathname)) return reply(404, { code: 20404, message: 'not found' });
    if (method === 'GET') return reply(200, this.page(url));
    const form = new URLSearchParams(body);
    const sms: FakeSms = { sid: `SM${String(++this.sids).padStart(32, '0')}`, to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '', createdAt: new Date() };
    this.sent.push(sms);
    this.inFlight++;
    setTimeout(() => {
      this.inFlight--;
      reply(201, toResource(sms));
    }, latencyMs);
  }

  private page(url: URL) {
    const to = url.searchParams.get('To');
    const from = url.searchParams.get('From');
    const size = Number(url.searchParams.get('PageSize') ?? 50);
    const matching = this.sent.filter((m) => (!to || m.to === to) && (!from || m.from === from)).reverse().slice(0, size);
    return { messages: matching.map(toResource), page: 0, page_size: size, start: 0, end: matching.length, uri: url.pathname, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null };
  }
}

function toResource(m: FakeSms) {
  return {
    sid: m.sid,
    account_sid: 'AC' + '0'.repeat(32),
    to: m.to,
    from: m.from,
    body: m.body,
    status: 'queued',
    num_segments: '1',
    direction: 'outbound-api',
    date_created: m.createdAt.toUTCString().replace('GMT', '+0000'),
    date_updated: m.createdAt.toUTCString().replace('GMT', '+0000'),
    date_sent: null,
  };
}
