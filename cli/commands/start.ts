import { watch } from 'node:fs';
import type { Command } from '../main';
import { wantsPrettyLogs } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { bannerFacts, bannerLines } from '../../server/banner';
import { CHANNELS } from '../../server/modules';

/** Longest a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

const command: Command = {
  name: 'start',
  summary: 'Serve a bot over HTTP: web chat, channel webhooks, /healthz, /metrics',
  usage: `Usage: switchboard start [botDir] [--port N] [--host H] [--watch]

Serves the bot in botDir (default: bots/demo) on PORT (default 3000).
  --port N    port to listen on (or the PORT environment variable)
  --host H    address to bind (default 0.0.0.0)
  --watch     restart the bot when its files change (for authors)

Storage: DATABASE_URL (postgres://… for scale-out, sqlite:<path>), else .data/<bot>.db under DATA_DIR.`,
  options: { port: { type: 'string' }, host: { type: 'string' }, watch: { type: 'boolean' } },
  async run({ values, positionals }) {
    const botDir = positionals[0] ?? 'bots/demo';
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    const host = String(values.host ?? process.env.HOST ?? '0.0.0.0');
    let app: App = await createApp({ botDir });
    const bound = await app.listen(port, host);
    await announce(app, bound);

    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: the operator does not want to wait.
        app.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      app.logger.info({ signal }, `shutting down (finishing turns and sends, at most ${SHUTDOWN_LIMIT_MS / 1000} s; ${signal} again to exit now)`);
      setTimeout(() => {
        app.logger.error(`shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s; exiting (unsent replies go out after the restart)`);
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS).unref();
      try {
        await app.close();
      } catch (err) {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);

    if (values.watch) {
      let timer: NodeJS.Timeout | undefined;
      watch(botDir, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          app.logger.info('bot files changed, reloading');
          for (const key of Object.keys(require.cache)) if (key.includes('/bots/') || key.includes(botDir)) delete require.cache[key];
          try {
            const next = await createApp({ botDir });
            await app.close();
            app = next;
            await app.listen(port, host);
          } catch (err) {
            app.logger.error({ err }, 'reload failed; still serving the previous version');
          }
        }, 200);
      });
    }
    return new Promise<number>(() => undefined); // serve until stopped
  },
};

/**
 * The start-up banner: on a terminal, lines saying where the chat, console and dashboard are and
 * what is configured (and how to create the first admin); otherwise the same facts as one JSON log line.
 */
async function announce(app: App, port: number): Promise<void> {
  const name = app.engine.bot.config.name;
  const facts = await bannerFacts({ bot: name, botName: name, port, channels: [...app.engine.channels.keys()], known: CHANNELS.map((c) => c.channel.name), sql: app.store.sql, env: process.env, ownPage: Boolean(app.publicDir) });
  if (wantsPrettyLogs()) console.log(`\n${bannerLines(facts).join('\n')}\n`);
  else app.logger.info(facts, `listening on ${facts.url}`);
}

export default command;
