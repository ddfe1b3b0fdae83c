import { post } from './helpers';

/** What a load run saw. */
export interface LoadResult {
  /** Texts each visitor got acknowledged (200 or 202), in sending order. */
  acknowledged: Map<string, string[]>;
  statuses: Record<number, number>;
  /** 503 answers without a Retry-After header, 5xx other than 503, network errors, timeouts. */
  bad: string[];
}

/**
 * Visitors sending messages one after another, like real widgets: a 503 is retried (same
 * clientMessageId) after the advised delay, capped small for tests. Stops after `perUser` messages each.
 */
export async function runVisitors(options: {
  users: string[];
  perUser: number;
  targets: () => string[];
  gapMs?: number;
  maxRetries?: number;
}): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: new Map(), statuses: {}, bad: [] };
  await Promise.all(
    options.users.map(async (userId, u) => {
      const acked: string[] = [];
      result.acknowledged.set(userId, acked);
      for (let i = 0; i < options.perUser; i++) {
        const text = `m${i}`;
        for (let attempt = 0; attempt < (options.maxRetries ?? 200); attempt++) {
          const targets = options.targets();
          const base = targets[(u + i + attempt) % targets.length];
          let status: number;
          try {
            const res = await post(base, { userId, text, clientMessageId: `${userId}-${text}` }, { signal: AbortSignal.timeout(25_000) });
            status = res.status;
            if (status === 503 && !res.headers.get('retry-after')) result.bad.push(`503 without Retry-After: ${JSON.stringify(res.body)}`);
            if (status >= 500 && status !== 503) result.bad.push(`${status}: ${JSON.stringify(res.body)}`);
          } catch (err) {
            // A refused connection (the instance is down) is the load balancer's business: try another.
            const code = (err as { cause?: { code?: string } }).cause?.code;
            if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
              status = -1;
            } else {
              result.bad.push(`${(err as Error).name}: ${(err as Error).message}`);
              status = -2;
            }
          }
          result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          if (status === 200 || status === 202) {
            acked.push(text);
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    }),
  );
  return result;
}
