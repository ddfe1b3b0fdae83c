import { silentLogger } from '../../core/logger';
import { createApp } from '../../server/app';

/**
 * Run in a child process by lazy-sdks.test.ts (`node bin/run-ts.js tests/server/loaded-packages.ts
 * <botDir>`, configured by its environment): starts the bot's app, answers one web message, and
 * prints which packages under node_modules were loaded after each step, as JSON.
 */
function loadedPackages(): string[] {
  const names = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(file);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

async function main(botDir: string): Promise<void> {
  const app = await createApp({ botDir, env: process.env, logger: silentLogger() });
  const afterStart = loadedPackages();
  const res = await app.fetch(
    new Request('http://localhost/api/web/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'lazy-ann', text: 'hello', clientMessageId: 'lazy-1' }),
    }),
  );
  const replies = ((await res.json()) as { messages?: unknown[] }).messages?.length ?? 0;
  const afterMessage = loadedPackages();
  await app.close();
  process.stdout.write(JSON.stringify({ channels: app.channels.map((c) => c.name), status: res.status, replies, afterStart, afterMessage }));
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
