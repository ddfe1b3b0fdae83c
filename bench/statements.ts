/**
 * Where an engine turn's SQL time goes: runs one engine scenario (`echo` or `two-questions`, as
 * `bench/engine.ts`) with every SQLite statement timed, and prints JSON: the run's figures and,
 * per statement (first 90 characters), how often it ran and its mean cost in microseconds.
 * The timing itself adds ~1 µs per statement; compare statements, not runs.
 * Run: `node bin/run-ts.js bench/statements.ts [echo|two-questions]`.
 */
import { SqliteDriver } from '../core/storage/sqlite';
import { runEngine } from './engine';
import { isMain, report } from './drive';

const stats = new Map<string, { count: number; ns: bigint }>();

/** Wraps the driver's statement runners with a stopwatch. */
function instrument(): void {
  const proto = SqliteDriver.prototype as unknown as Record<string, (sql: string, params: unknown[]) => unknown>;
  for (const name of ['runNow', 'allNow', 'getNow']) {
    const original = proto[name];
    proto[name] = function (this: unknown, sql: string, params: unknown[]) {
      const started = process.hrtime.bigint();
      try {
        return original.call(this, sql, params);
      } finally {
        const key = sql.replace(/\s+/g, ' ').slice(0, 90);
        const s = stats.get(key) ?? { count: 0, ns: 0n };
        s.count++;
        s.ns += process.hrtime.bigint() - started;
        stats.set(key, s);
      }
    };
  }
}

if (isMain(__filename)) {
  instrument();
  const kind = process.argv[2] === 'two-questions' ? 'two-questions' : 'echo';
  void runEngine(kind).then((result) => {
    const statements = [...stats]
      .filter(([, s]) => s.count >= result.turns / 2)
      .sort((a, b) => Number(b[1].ns - a[1].ns))
      .map(([sql, s]) => ({ sql, perTurn: Math.round((s.count / result.turns) * 100) / 100, meanUs: Math.round(Number(s.ns) / s.count / 100) / 10 }));
    report({ ...result, statements });
  });
}
