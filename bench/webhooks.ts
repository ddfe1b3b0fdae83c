/**
 * Webhook latency of the SMS and WhatsApp channels: signed provider webhooks posted over loopback
 * to the real app (SQLite file store), replies sent through the Twilio SDK / Graph API to the fake
 * provider of the conformance suite. Prints one JSON line: acknowledgement and end-to-end (webhook
 * posted → reply reaching the provider) latency percentiles per channel.
 *
 *   node bin/run-ts.js bench/webhooks.ts [messages=300] [concurrency=8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../core/logger';
import { createApp } from '../server/app';
import { PUBLIC_URL, type ConformanceFixture, type WebhookRequest } from '../testkit/channels/conformance';
import { FakeProvider } from '../testkit/channels/fake-provider';
import { smsFixture } from '../testkit/channels/sms.fixture';
import { whatsappFixture } from '../testkit/channels/whatsapp.fixture';

const TOTAL = Number(process.argv[2]) || 300;
const CONCURRENCY = Number(process.argv[3]) || 8;

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function run(fixture: ConformanceFixture, senderOf: (i: number) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const provider = await FakeProvider.start((call) => fixture.answer(call));
  const urls = { provider: provider.url, publicUrl: PUBLIC_URL };
  const app = await createApp({ botDir: join(__dirname, '..', 'tests', 'channels', 'bot'), databaseUrl: join(dir, 'bench.db'), env: fixture.env(urls), logger: silentLogger() });
  const port = await app.listen(0, '127.0.0.1');
  const post = (r: WebhookRequest) => fetch(`http://127.0.0.1:${port}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
  const ack: number[] = [];
  const e2e: number[] = [];
  const started = performance.now();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      const i = next++;
      const to = senderOf(i);
      const t0 = performance.now();
      const res = await post(fixture.inbound({ id: `bench${i}-${Date.now()}`, from: to, text: `message ${i}` }, urls));
      await res.arrayBuffer();
      ack.push(performance.now() - t0);
      while (!provider.calls.some((c) => fixture.sent(c)?.to === to)) await new Promise((r) => setTimeout(r, 2));
      e2e.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
  ack.sort((a, b) => a - b);
  e2e.sort((a, b) => a - b);
  return {
    messages: TOTAL,
    messagesPerSec: Math.round(TOTAL / seconds),
    ackMs: { p50: percentile(ack, 50), p95: percentile(ack, 95), p99: percentile(ack, 99) },
    replyMs: { p50: percentile(e2e, 50), p95: percentile(e2e, 95), p99: percentile(e2e, 99) },
  };
}

async function main(): Promise<void> {
  const sms = await run(smsFixture, (i) => `+1555${String(1000000 + i).slice(1)}`);
  const whatsapp = await run(whatsappFixture, (i) => `1556${String(1000000 + i).slice(1)}`);
  process.stdout.write(JSON.stringify({ concurrency: CONCURRENCY, sms, whatsapp }) + '\n');
}

void main();
