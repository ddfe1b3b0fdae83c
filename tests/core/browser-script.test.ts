import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { browserScript } from '../../core/browser-script';

/**
 * esbuild's service (a worker thread running the esbuild process, ~23 MB) is stopped once the
 * browser scripts are built, instead of running for the life of the server. ts-jest compiles this
 * suite without esbuild, so the only esbuild process this worker starts is the one under test.
 */
function liveEsbuildProcesses(): number {
  const children = execFileSync('ps', ['-o', 'stat=,comm=', '--ppid', String(process.pid)]).toString();
  // A stopped service's process may linger as a zombie (state Z) until Node exits: it holds no memory.
  return children.split('\n').filter((line) => /esbuild/.test(line) && !/^\s*Z/.test(line)).length;
}

test('the esbuild service is stopped about a second after the last build, and started again by a later one', async () => {
  const snippet = browserScript(join(__dirname, '..', '..', 'journeys', 'public', 'events.ts'));
  expect(snippet).toContain('/api/web/events');
  expect(liveEsbuildProcesses()).toBe(1);
  await until(() => liveEsbuildProcesses() === 0);

  browserScript(join(__dirname, '..', '..', 'journeys', 'public', 'events.ts'), { minify: true });
  expect(liveEsbuildProcesses()).toBe(1);
  await until(() => liveEsbuildProcesses() === 0);
});

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
