import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received. */
export interface ProviderCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
  /** The status the fake answered with. */
  status?: number;
}

/** What the fake provider answers: a string or Buffer body as is, anything else as JSON. */
export interface ProviderReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /**
   * Writes the response itself, after `status` and `headers` (a misbehaving provider: one that
   * breaks off mid-file, or whose body disagrees with its headers); `body` is then ignored.
   */
  write?: (res: ServerResponse) => void;
}

/**
 * A stand-in for a provider's API (Twilio, Graph, Slack…) on loopback: records every request and
 * answers with `answer(call)`, unless a scripted failure is queued for calls matching a predicate.
 */
export class FakeProvider {
  readonly calls: ProviderCall[] = [];
  private readonly scripted: Array<{ match: (call: ProviderCall) => boolean; reply: ProviderReply }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly answer: (call: ProviderCall) => ProviderReply,
  ) {}

  /** Starts listening on a free loopback port. */
  static async start(answer: (call: ProviderCall) => ProviderReply): Promise<FakeProvider> {
    let provider!: FakeProvider;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const call: ProviderCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, at: Date.now() };
        provider.calls.push(call);
        const i = provider.scripted.findIndex((s) => s.match(call));
        const reply = i >= 0 ? provider.scripted.splice(i, 1)[0].reply : provider.answer(call);
        call.status = reply.status;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        if (reply.write) return reply.write(res);
        res.end(typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new FakeProvider(server, `http://127.0.0.1:${port}`, answer);
    return provider;
  }

  /** Answers the next calls matching `match` with `replies`, in order. */
  failNext(match: (call: ProviderCall) => boolean, ...replies: ProviderReply[]): void {
    for (const reply of replies) this.scripted.push({ match, reply });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Polls `check` until it returns a truthy value (or throws after `timeoutMs`). The default leaves a
 * loaded 2-core CI box time for a few turns and provider round trips, within jest's 30 s per test.
 */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
