/**
 * Scenario (a), ours: the engine with SQLite state in a real file (WAL), every inbound and
 * outbound message persisted and every reply delivered and marked sent, driven through the same
 * host API the web channel uses (`receive`, then `repliesTo`).
 * Run alone: `node bin/run-ts.js bench/engine.ts echo|two-questions`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from '../core/bot';
import { RICH_CAPABILITIES, type ChannelAdapter } from '../core/channel';
import { Engine } from '../core/engine';
import { SqlStore } from '../core/storage/sql-store';
import { SqliteDriver } from '../core/storage/sqlite';
import { echoBot, twoQuestionBot } from './bots';
import { DEFAULT_PLAN, drive, isMain, peakRssMb, rates, stopwatch, report, twoQuestionText, type DrivePlan } from './drive';

/** A channel whose sends succeed at once: we measure the engine, not a network. */
class SinkChannel implements ChannelAdapter {
  readonly name = 'bench';
  readonly capabilities = RICH_CAPABILITIES;
  sent = 0;
  start(): void {}
  async send() {
    this.sent++;
    return {};
  }
}

/** Runs one bot through the plan; returns turns per second and what was persisted. */
export async function runEngine(kind: 'echo' | 'two-questions', plan: DrivePlan = DEFAULT_PLAN) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const checkpoint = process.env.BENCH_CHECKPOINT === 'inline' ? 'inline' : 'background';
  const driver = new SqliteDriver(process.env.BENCH_SQLITE ?? join(dir, 'bench.db'), { checkpoint });
  const store = await SqlStore.open(driver);
  const channel = new SinkChannel();
  const bot: Bot = kind === 'echo' ? echoBot() : twoQuestionBot();
  const engine = new Engine({ bot, store, channels: [channel] });
  await engine.start();
  const host = engine.host();
  let replies = 0;
  try {
    const text = kind === 'echo' ? (c: number, t: number) => `message ${t} of ${c}` : twoQuestionText;
    const elapsed = stopwatch();
    await drive(plan, async (c, t) => {
      const { message } = await host.receive({ channel: 'bench', address: `user-${c}`, text: text(c, t) });
      const answer = await host.repliesTo(message.id);
      replies += answer?.length ?? 0;
    });
    await engine.stop(); // every reply delivered and marked sent
    const timing = elapsed();
    const turns = plan.conversations * plan.turns;
    const counts = await driver.all<{ direction: string; status: string; n: number }>(
      `SELECT direction, status, COUNT(*) AS n FROM messages GROUP BY direction, status`,
    );
    return {
      bot: kind,
      turns,
      ...rates(turns, timing),
      replies,
      delivered: channel.sent,
      persisted: Object.fromEntries(counts.map((r) => [`${r.direction}.${r.status}`, r.n])),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(__filename)) {
  const kind = process.argv[2] === 'two-questions' ? 'two-questions' : 'echo';
  void runEngine(kind).then((result) => report({ ...result, peakRssMb: peakRssMb() }));
}
