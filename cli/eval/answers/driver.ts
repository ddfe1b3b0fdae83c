import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { silentLogger } from '../../../core/logger';
import type { WireMessage } from '../../../core/message';
import { readConfig } from '../../../server/load-bot';
import { createApp, type App } from '../../../server/app';

/** How long a turn may take, past the web channel's own wait, before the evaluation gives up. */
const LATE_REPLY_MS = 10 * 60_000;

/** The bot's replies to one message, and how long `POST /api/web/messages` took. */
export interface Exchange {
  replies: WireMessage[];
  ms: number;
}

/**
 * A bot as the server builds it (its bot.yaml, dialogs, modules, texts, thresholds) on a fresh
 * in-memory database, driven as web chat customers drive it: `POST /api/web/messages`, in
 * process. With `knowledgeDir` the bot reads its articles from there instead of its own folder.
 */
export class WebChatDriver {
  private constructor(
    readonly app: App,
    private readonly cleanup: () => void,
  ) {}

  static async start(botDir: string, options: { knowledgeDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<WebChatDriver> {
    const { dir, cleanup } = options.knowledgeDir ? withKnowledge(botDir, options.knowledgeDir) : { dir: botDir, cleanup: () => {} };
    // No shared database, Redis or data folder: every run starts from the same empty state.
    const env = { ...(options.env ?? process.env), DATABASE_URL: undefined, REDIS_URL: undefined, DATA_DIR: undefined, LOG_LEVEL: 'silent' };
    try {
      const app = await createApp({ botDir: dir, databaseUrl: ':memory:', env, logger: silentLogger() });
      return new WebChatDriver(app, cleanup);
    } catch (err) {
      cleanup();
      throw err;
    }
  }

  /** Sends text (or a button's payload) as the web visitor `userId`; the bot's replies come back. */
  async send(userId: string, message: { text?: string; payload?: string; locale?: string }): Promise<Exchange> {
    return this.post(
      userId,
      new Request('http://eval.local/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, ...message }) }),
    );
  }

  /** Sends a photo (and optional text) as a multipart web chat message, as the widget's attach button does. */
  async sendPhoto(userId: string, photo: { bytes: Uint8Array; name: string; type: string }, message: { text?: string; locale?: string } = {}): Promise<Exchange> {
    const form = new FormData();
    form.append('userId', userId);
    if (message.text) form.append('text', message.text);
    if (message.locale) form.append('locale', message.locale);
    form.append('file', new Blob([Buffer.from(photo.bytes)], { type: photo.type }), photo.name);
    return this.post(userId, new Request('http://eval.local/api/web/messages', { method: 'POST', body: form }));
  }

  private async post(userId: string, request: Request): Promise<Exchange> {
    const started = performance.now();
    const res = await this.app.fetch(request);
    const body = (await res.json()) as { messages?: WireMessage[]; messageId?: string; pending?: boolean; error?: string };
    if (res.status === 202 && body.pending && body.messageId) {
      // The turn outlived the channel's wait (a loaded machine): the widget would get the replies
      // later on its socket; the evaluation waits for the turn and reads them as the widget's
      // GET /api/web/messages would, rather than failing the whole run.
      return { replies: await this.lateReplies(userId, body.messageId), ms: performance.now() - started };
    }
    if (res.status !== 200) throw new Error(`POST /api/web/messages answered ${res.status}: ${body.error ?? JSON.stringify(body)}`);
    return { replies: (body.messages ?? []).filter((m) => m.direction === 'outbound'), ms: performance.now() - started };
  }

  private async lateReplies(userId: string, messageId: string): Promise<WireMessage[]> {
    if (!(await this.app.engine.repliesTo(messageId, LATE_REPLY_MS))) throw new Error(`No reply to message ${messageId} within ${LATE_REPLY_MS / 60_000} minutes`);
    const res = await this.app.fetch(new Request(`http://eval.local/api/web/messages?${new URLSearchParams({ userId, after: messageId })}`));
    const body = (await res.json()) as { messages?: WireMessage[]; error?: string };
    if (res.status !== 200) throw new Error(`GET /api/web/messages answered ${res.status}: ${body.error ?? JSON.stringify(body)}`);
    return (body.messages ?? []).filter((m) => m.direction === 'outbound');
  }

  async close(): Promise<void> {
    await this.app.close();
    this.cleanup();
  }
}

/**
 * A copy of a bot folder (symbolic links, nothing copied) whose knowledge folder is `knowledgeDir`:
 * the same bot.yaml, dialogs and code, other articles.
 */
function withKnowledge(botDir: string, knowledgeDir: string): { dir: string; cleanup: () => void } {
  const source = resolve(botDir);
  const articles = resolve(knowledgeDir);
  if (!existsSync(articles) || !statSync(articles).isDirectory()) throw new Error(`--knowledge ${knowledgeDir}: no such folder`);
  const configPath = join(source, 'bot.yaml');
  const folder = (existsSync(configPath) ? (readConfig(configPath).knowledge as { folder?: string } | undefined)?.folder : undefined) ?? 'knowledge';
  if (folder.includes('/')) throw new Error(`--knowledge needs the bot's knowledge folder to be a direct sub-folder (bot.yaml says "${folder}")`);
  const dir = mkdtempSync(join(tmpdir(), 'eval-answers-'));
  for (const entry of readdirSync(source)) if (entry !== folder) symlinkSync(join(source, entry), join(dir, entry));
  symlinkSync(articles, join(dir, folder));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
