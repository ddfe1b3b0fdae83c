import { post } from './helpers';

/** What a load run saw. */
export interface LoadResult {
  /** Texts each visitor got acknowledged (200 or 202), in sending order. */
  acknowledged: Map<string, string[]>;
  statuses: Record<number, number>;
  /** 503 answers without a Retry-After header, 5xx other than 503, network errors, timeouts. */
  bad: string[];
}

/** A load run under way: its live result, a way to stop it, and its end. */
export interface RunningLoad {
  result: LoadResult;
  /** Asks every visitor to stop after its current message. */
  stop(): void;
  finished: Promise<LoadResult>;
  /** Resolves once `check(result)` holds (polled), or rejects after `timeoutMs`. */
  until(check: (r: LoadResult) => boolean, timeoutMs?: number): Promise<void>;
}

/** How many messages have been acknowledged so far. */
export function acked(r: LoadResult): number {
  let n = 0;
  for (const texts of r.acknowledged.values()) n += texts.length;
  return n;
}

/**
 * Visitors sending messages one after another, like real widgets, until stopped (or `perUser`
 * messages each): a 503 is retried (same clientMessageId) after a short delay; a refused
 * connection is retried on another instance, as a load balancer would.
 */
export function startVisitors(options: { users: string[]; perUser: number; targets: () => string[]; gapMs?: number }): RunningLoad {
  const result: LoadResult = { acknowledged: new Map(), statuses: {}, bad: [] };
  let stopped = false;
  const finished = Promise.all(
    options.users.map(async (userId, u) => {
      const acknowledged: string[] = [];
      result.acknowledged.set(userId, acknowledged);
      for (let i = 0; i < options.perUser && !stopped; i++) {
        const text = `m${i}`;
        // Once stopped, a message still being retried is given up (unacknowledged): after a failed
        // wait the instances are closed, and retrying them for half a minute would hold up jest.
        for (let attempt = 0; attempt < 300 && !(stopped && attempt > 0); attempt++) {
          const targets = options.targets();
          const status = await attemptOnce(targets[(u + i + attempt) % targets.length], userId, text, result);
          result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          if (status === 200 || status === 202) {
            acknowledged.push(text);
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    }),
  ).then(() => result);
  return {
    result,
    finished,
    stop: () => void (stopped = true),
    until: async (check, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!check(result)) {
        if (Date.now() > deadline) throw new Error(`load condition not reached in ${timeoutMs} ms: ${JSON.stringify(result.statuses)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

async function attemptOnce(base: string, userId: string, text: string, result: LoadResult): Promise<number> {
  try {
    const res = await post(base, { userId, text, clientMessageId: `${userId}-${text}` }, { signal: AbortSignal.timeout(25_000) });
    if (res.status === 503 && !res.headers.get('retry-after')) result.bad.push(`503 without Retry-After: ${JSON.stringify(res.body)}`);
    if (res.status >= 500 && res.status !== 503) result.bad.push(`${res.status}: ${JSON.stringify(res.body)}`);
    return res.status;
  } catch (err) {
    // A refused or reset connection (the instance is down) is the load balancer's business: try another.
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return -1;
    result.bad.push(`${(err as Error).name}: ${(err as Error).message}`);
    return -2;
  }
}
