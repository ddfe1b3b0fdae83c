/**
 * Journeys: how fast behaviour events go in through `POST /api/events` (validated, stored, stage
 * and segments recomputed per customer, proactive rules scheduled), how long the nightly pass
 * takes, and how fast due proactive jobs are decided. SQLite in a real file.
 * Run: `node bin/run-ts.js bench/journeys.ts [customers] [eventsPerCustomer]`. Prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../core/logger';
import { createApp } from '../server/app';
import { JourneysKey } from '../journeys/module';

const BOT = join(__dirname, '..', 'tests', 'fixtures', 'journeys-bot');
const TYPES = ['page_view', 'product_view', 'cart_add', 'checkout_start', 'order_placed'];

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 500);
  const perCustomer = Number(process.argv[3] ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-journeys-'));
  const key = 'bench-key';
  const app = await createApp({ botDir: BOT, databaseUrl: `sqlite:${join(dir, 'bench.db')}`, env: { SWITCHBOARD_API_KEY: key }, logger: silentLogger() });
  const journeys = app.bot.services.require(JourneysKey);
  try {
    const now = Date.now();
    const events = [];
    for (let c = 0; c < customers; c++) {
      for (let i = 0; i < perCustomer; i++) {
        const type = TYPES[(c + i) % TYPES.length];
        const properties = type === 'order_placed' ? { total: 50 + (i % 7) * 20, items: [`sku-${i % 13}`, `sku-${(i + c) % 17}`] } : { productId: `sku-${i % 13}` };
        events.push({ userId: `visitor-${c}`, type, properties, at: now - (perCustomer - i) * 3_600_000 });
      }
    }
    let started = process.hrtime.bigint();
    for (let i = 0; i < events.length; i += 500) {
      const res = await app.fetch(
        new Request('http://bench/api/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ events: events.slice(i, i + 500) }),
        }),
      );
      if (res.status !== 202) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
    }
    const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    started = process.hrtime.bigint();
    const nightly = await journeys.nightly();
    const nightlySeconds = Number(process.hrtime.bigint() - started) / 1e9;

    started = process.hrtime.bigint();
    let decided = 0;
    for (;;) {
      const batch = await journeys.proactive.tick(now + 86_400_000);
      if (!batch.length) break;
      decided += batch.length;
    }
    const tickSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    console.log(
      JSON.stringify({
        bench: 'journeys',
        customers,
        events: events.length,
        ingestEventsPerSecond: Math.round(events.length / ingestSeconds),
        nightly: { ...nightly, seconds: Number(nightlySeconds.toFixed(2)) },
        proactive: { decided, decisionsPerSecond: Math.round(decided / tickSeconds) },
      }),
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
