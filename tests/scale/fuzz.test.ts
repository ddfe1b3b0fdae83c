import { connect } from 'node:net';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../core/logger';
import { SCALE_BOT } from './helpers';
import { fuzzCases, validCase } from './fuzz-cases';
import { runFuzz, storedInboundIds } from './fuzz-run';

let app: App;
let port: number;
beforeAll(async () => {
  app = await createApp({ botDir: SCALE_BOT, databaseUrl: ':memory:', env: {}, logger: silentLogger() });
  port = await app.listen(0, '127.0.0.1');
});
afterAll(() => app?.close());

test('fuzzed requests to every endpoint: no 5xx, no crash, nothing stored from rejected input', async () => {
  const cases = [...fuzzCases(600, Number(process.env.FUZZ_SEED ?? 7)), ...Array.from({ length: 20 }, (_, i) => validCase(i))];
  const report = await runFuzz(app, cases);
  if (process.env.FUZZ_VERBOSE) console.log(report.statuses);
  expect(report.failures).toEqual([]);
  // The valid control messages were accepted, so "nothing stored" is not a store that refuses everything.
  expect(report.accepted.size).toBeGreaterThanOrEqual(20);
  expect(await storedInboundIds(app)).toEqual(report.accepted);
  expect(Object.keys(report.statuses).some((s) => s.startsWith('4'))).toBe(true);
});

/** Sends raw bytes on a socket and returns what came back before the server closed or 2 s passed. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d;
      if (out.includes('\r\n\r\n')) socket.destroy(); // the status line and headers are all we need
    });
    socket.on('error', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.write(bytes);
    setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, 2_000).unref();
  });
}

test('header abuse on the wire: malformed requests get 4xx, the server stays up', async () => {
  const abuse = [
    `POST /api/web/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nContent-Type: application/json\r\n\r\n{}`,
    `POST /api/web/messages HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`,
    `POST /api/web/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`,
    `GET / HTTP/9.9\r\n\r\n`,
    `POST /api/web/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"userId":`,
    `\x00\x01\x02garbage\r\n\r\n`,
  ];
  for (const request of abuse) {
    const response = await raw(request);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
    // Either the server answered 4xx, or it dropped a request too broken to answer (0).
    expect({ request: request.slice(0, 60), status: status >= 500 ? status : 'ok' }).toEqual({ request: request.slice(0, 60), status: 'ok' });
  }
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  expect(await app.store.sql.get(`SELECT COUNT(*) AS n FROM messages WHERE text IS NULL AND direction = 'inbound'`)).toEqual({ n: 0 });
});
