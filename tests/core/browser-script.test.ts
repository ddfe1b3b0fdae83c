import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { browserScript } from '../../core/browser-script';

/**
 * esbuild's service (a worker thread running the esbuild process, ~23 MB) is stopped once the
 * browser scripts are built, instead of running for the life of the server.
 */
function liveEsbuildProcesses(): Set<string> {
  const children = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)]).toString();
  // A stopped service's process may linger as a zombie (state Z) until Node exits: it holds no memory.
  const live = children.split('\n').filter((line) => /esbuild/.test(line) && !/^\s*\d+\s+Z/.test(line));
  return new Set(live.map((line) => line.trim().split(/\s+/)[0]!));
}

/**
 * The esbuild processes this build started: jest runs other suites in the same worker before this
 * one, and an earlier suite's service (its own module instance) may still be running, so the test
 * follows only the processes that were not there before.
 */
function startedBy(build: () => void): Set<string> {
  const before = liveEsbuildProcesses();
  build();
  return new Set([...liveEsbuildProcesses()].filter((pid) => !before.has(pid)));
}

const stillRunning = (pids: Set<string>) => [...liveEsbuildProcesses()].some((pid) => pids.has(pid));

test('the esbuild service is stopped about a second after the last build, and started again by a later one', async () => {
  let snippet = '';
  const first = startedBy(() => (snippet = browserScript(join(__dirname, '..', '..', 'journeys', 'public', 'events.ts'))));
  expect(snippet).toContain('/api/web/events');
  expect(first.size).toBe(1);
  await until(() => !stillRunning(first));

  const second = startedBy(() => browserScript(join(__dirname, '..', '..', 'journeys', 'public', 'events.ts'), { minify: true }));
  expect(second.size).toBe(1);
  await until(() => !stillRunning(second));
});

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
