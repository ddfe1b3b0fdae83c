import type { App } from '../../server/app';
import type { FuzzCase } from './fuzz-cases';

/** What a fuzz run found. */
export interface FuzzReport {
  cases: number;
  statuses: Record<string, number>;
  /** Cases answered 5xx or that threw: must stay empty. */
  failures: Array<{ kind: string; status: number | string; body?: string }>;
  /** Message ids the app said it accepted (2xx POSTs of the messages API). */
  accepted: Set<string>;
}

/** Runs cases through the app's HTTP handler, `concurrency` at a time. */
export async function runFuzz(app: App, cases: FuzzCase[], concurrency = 16): Promise<FuzzReport> {
  const report: FuzzReport = { cases: cases.length, statuses: {}, failures: [], accepted: new Set() };
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      try {
        const request = new Request(`http://fuzz.local${c.path}`, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined });
        const res = await app.fetch(request);
        const text = await res.text();
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) report.failures.push({ kind: c.kind, status: res.status, body: text.slice(0, 200) });
        if (res.status < 300 && c.method === 'POST' && c.path.startsWith('/api/web/messages')) {
          const id = (JSON.parse(text) as { messageId?: string }).messageId;
          if (id) report.accepted.add(id);
        }
      } catch (err) {
        // The Request constructor refusing a header is the client's problem, not a server failure.
        if (err instanceof TypeError && /header|Request/i.test(err.message)) {
          report.statuses.refusedByClient = (report.statuses.refusedByClient ?? 0) + 1;
          continue;
        }
        report.failures.push({ kind: c.kind, status: 'threw', body: String(err).slice(0, 200) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}

/** Ids of every inbound message in the store: must equal the accepted ones. */
export async function storedInboundIds(app: App): Promise<Set<string>> {
  const rows = await app.store.sql.all<{ id: string }>(`SELECT id FROM messages WHERE direction = 'inbound'`);
  return new Set(rows.map((r) => r.id));
}
