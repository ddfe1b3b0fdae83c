import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weekStart } from '../../analytics/forecast';
import { handoffMigrations } from '../../handoff/schema';
import { openBotStore } from '../../server/store';

const ROOT = join(__dirname, '..', '..');

test('staffing forecasts next week from past escalations and sizes the team with Erlang C', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-staff-'));
  try {
    process.env.DATA_DIR = dir;
    const store = await openBotStore(join(ROOT, 'bots', 'demo'), { migrations: handoffMigrations });
    const { message } = await store.intake({ channel: 'web', address: 'seed', text: 'hi' });
    // Four past weeks: 12 escalations every weekday 10:00–11:00 UTC, none otherwise.
    const thisWeek = weekStart(Date.now());
    let n = 0;
    for (let w = 4; w >= 1; w--)
      for (let d = 0; d < 5; d++)
        for (let i = 0; i < 12; i++) {
          const at = thisWeek - w * 7 * 86_400_000 + d * 86_400_000 + 10 * 3_600_000 + i * 60_000;
          await store.sql.run(
            `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, sla_at) VALUES (?, ?, ?, 'general', 'resolved', 'customer-request', 0, ?, ?)`,
            [`h${n++}`, message.conversationId, message.customerId, at, at],
          );
        }
    await store.close();
    delete process.env.DATA_DIR;

    const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'staffing', '--weeks', '4', '--aht', '600', '--answer', '60', '--json'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir },
      encoding: 'utf8',
    });
    expect(res.status).toBe(0);
    const plan = JSON.parse(res.stdout);
    expect(plan.arrivals).toBe(240);
    const monday10 = plan.hours[10];
    expect(monday10.forecast).toBeCloseTo(12, 0);
    // 12 an hour × 10 min = 2 Erlangs: 80% within 60 s needs 4 agents (Erlang C).
    expect(monday10.agents).toBe(4);
    expect(plan.hours[3].agents).toBe(0);
    expect(plan.hours[5 * 24 + 10].agents).toBe(0); // Saturday
    expect(plan.peak.agents).toBe(4);
    expect(plan.backtest.wape).toBeLessThan(0.05);

    const table = spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'staffing', '--weeks', '4', '--aht', '600'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(table.stdout).toMatch(/Agents needed per hour/);
    expect(table.stdout).toMatch(/^Mon .* 4 /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with a day of history staffing says there is not enough, and a fractional target is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-staff-'));
  try {
    process.env.DATA_DIR = dir;
    const store = await openBotStore(join(ROOT, 'bots', 'demo'), { migrations: handoffMigrations });
    const { message } = await store.intake({ channel: 'web', address: 'seed', text: 'hi' });
    const sunday = weekStart(Date.now()) - 86_400_000 + 10 * 3_600_000;
    for (let i = 0; i < 5; i++) {
      await store.sql.run(
        `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, sla_at) VALUES (?, ?, ?, 'general', 'resolved', 'customer-request', 0, ?, ?)`,
        [`h${i}`, message.conversationId, message.customerId, sunday + i * 60_000, sunday],
      );
    }
    await store.close();
    delete process.env.DATA_DIR;
    const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'staffing', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

    const table = run([]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^No forecast: not enough history: 1 day of escalations before this week, need 7\. 5 escalations in the store/);
    expect(table.stdout).not.toMatch(/WAPE|Agents needed/);
    const json = JSON.parse(run(['--json']).stdout);
    expect(json).toMatchObject({ arrivals: 5, daysOfHistory: 1, hours: [] });

    const fraction = run(['--target', '0.8']);
    expect(fraction.status).toBe(2);
    expect(fraction.stderr).toMatch(/--target is a percentage: write 80/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
