/**
 * `npm run bench:fuzz`: ≥ 10,000 fuzzed requests against every HTTP endpoint of a running app
 * (SQLite in memory): counts by status, failures (any 5xx or crash: must be 0) and whether
 * anything was stored from rejected input. Prints JSON; exits 1 on any failure.
 * Options (env): FUZZ_CASES (10000), FUZZ_SEED (1).
 */
import { createApp } from '../server/app';
import { silentLogger } from '../core/logger';
import { SCALE_BOT } from '../testkit/scale/helpers';
import { fuzzCases, validCase } from '../testkit/scale/fuzz-cases';
import { runFuzz, storedInboundIds } from '../testkit/scale/fuzz-run';

async function main(): Promise<void> {
  const count = Number(process.env.FUZZ_CASES) || 10_000;
  const seed = Number(process.env.FUZZ_SEED) || 1;
  const app = await createApp({ botDir: SCALE_BOT, databaseUrl: ':memory:', env: {}, logger: silentLogger() });
  const started = performance.now();
  const report = await runFuzz(app, [...fuzzCases(count, seed), ...Array.from({ length: 50 }, (_, i) => validCase(i))]);
  const stored = await storedInboundIds(app);
  const storedFromRejected = [...stored].filter((id) => !report.accepted.has(id)).length;
  await app.close();
  const result = {
    benchmark: 'fuzz',
    cases: report.cases,
    seed,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    statuses: report.statuses,
    failures: report.failures.length,
    failureSamples: report.failures.slice(0, 10),
    accepted: report.accepted.size,
    storedFromRejected,
  };
  console.log(JSON.stringify(result, null, 2));
  if (report.failures.length || storedFromRejected) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
