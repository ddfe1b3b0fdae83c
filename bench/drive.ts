/**
 * The one way every engine scenario is driven: `conversations` conversations of `turns` turns,
 * at most `concurrency` conversations in flight, each conversation strictly sequential
 * (the next message is sent once the reply to the previous one arrived).
 */
export interface DrivePlan {
  conversations: number;
  turns: number;
  concurrency: number;
}

/** Runs one turn: conversation number `c`, turn number `t` (both from 0). */
export type TurnFn = (c: number, t: number) => Promise<void>;

/** Wall-clock and CPU seconds (user + system) of a run. */
export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** Starts a stopwatch for wall-clock and CPU time; the CPU time resists other load on the machine. */
export function stopwatch(): () => Timing {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - wall) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

/** Turns per wall-clock second and per CPU second, rounded. */
export function rates(turns: number, timing: Timing) {
  return {
    seconds: Math.round(timing.seconds * 1000) / 1000,
    turnsPerSec: Math.round(turns / timing.seconds),
    turnsPerCpuSec: Math.round(turns / timing.cpuSeconds),
  };
}

/** Drives the plan and returns the time it took. */
export async function drive(plan: DrivePlan, turn: TurnFn): Promise<Timing> {
  let next = 0;
  const worker = async () => {
    while (next < plan.conversations) {
      const c = next++;
      for (let t = 0; t < plan.turns; t++) await turn(c, t);
    }
  };
  const elapsed = stopwatch();
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.conversations) }, worker));
  return elapsed();
}

/** What the two-question bot is told on turn `t` of a conversation: a greeting, a name, a city, again. */
export function twoQuestionText(c: number, t: number): string {
  return ['hi', `Ada ${c}`, 'Lisbon'][t % 3];
}

/** The peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Prints a scenario's result for the parent (`bench/index.ts`), as one JSON line. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** The default plan: 20,000 turns over 1,000 conversations, 100 of them in flight. */
export const DEFAULT_PLAN: DrivePlan = {
  conversations: Number(process.env.BENCH_CONVERSATIONS) || 1000,
  turns: Number(process.env.BENCH_TURNS) || 20,
  concurrency: Number(process.env.BENCH_CONCURRENCY) || 100,
};

/** Whether `file` is the entry point (`bin/run-ts.js` replaces `require.main`, so compare paths). */
export function isMain(file: string): boolean {
  return !!process.argv[1] && require('node:path').resolve(process.argv[1]) === file;
}
