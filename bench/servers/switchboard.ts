/** Our server: the web channel over the echo bot in `bench/bots/echo`, SQLite in a temp file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app';
import { serveInChild } from './child';

serveInChild(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-http-'));
  const app = await createApp({
    botDir: join(__dirname, '..', 'bots', 'echo'),
    databaseUrl: join(dir, 'bench.db'),
    env: { LOG_LEVEL: 'silent' },
  });
  return app.listen(0, '127.0.0.1');
});
