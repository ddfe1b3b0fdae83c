import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'switchboard.js');
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 90_000, env: { ...process.env, LOG_LEVEL: 'silent' } });

/** A port nobody listens on right now (the OS picks it). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function waitFor(url: string, child: ChildProcess, ms = 60_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('switchboard init', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-init-'))));
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('scaffolds a bot that passes validate and test, then starts and answers', async () => {
    const bot = join(dir, 'my-bot');
    const init = run(['init', bot]);
    expect(init.status).toBe(0);
    for (const f of ['bot.yaml', 'dialogs/newsletter.yaml', 'dialogs/out-of-scope.txt', 'knowledge/opening-hours.en.md', 'tests/newsletter.yaml']) expect(existsSync(join(bot, f))).toBe(true);
    expect(readFileSync(join(bot, 'bot.yaml'), 'utf8')).toMatch(/^name: "my-bot"$/m);
    expect(readFileSync(join(bot, 'dialogs/newsletter.yaml'), 'utf8')).toMatch(/- ask: email/);

    const validate = run(['validate', bot]);
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/: OK/);
    const tested = run(['test', bot]);
    expect(tested.stdout).toMatch(/2 passed, 0 failed/);
    expect(tested.status).toBe(0);

    const port = await freePort();
    const env = { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', LOG_FORMAT: '' };
    child = spawn(process.execPath, [CLI, 'start', bot, '--port', String(port), '--host', '127.0.0.1'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, child);
    expect(health.status).toBe(200);
    // Not a terminal: JSON logs, and the banner's facts as one line.
    const until = Date.now() + 10_000;
    while (!out.includes('listening on') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const ready = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === `listening on http://localhost:${port}`);
    expect(ready).toMatchObject({ bot: 'my-bot', channels: ['web'], redis: false, accounts: { agents: 0, admins: 0 }, storage: expect.stringContaining('my-bot.db') });
    const res = await fetch(`http://127.0.0.1:${port}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ann', text: 'newsletter please' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: { text: string }[] };
    expect(body.messages.map((m) => m.text).join('\n')).toMatch(/Which e-mail address/);
  }, 180_000);

  test('a broken scaffold is caught: a failing conversation test exits 1', () => {
    const bot = join(dir, 'b');
    expect(run(['init', bot]).status).toBe(0);
    const test = join(bot, 'tests', 'newsletter.yaml');
    writeFileSync(test, readFileSync(test, 'utf8').replace('goes to ann@example.com.', 'goes to bob@example.com.'));
    const tested = run(['test', bot]);
    expect(tested.status).toBe(1);
    expect(tested.stdout).toMatch(/1 passed, 1 failed/);
  }, 120_000);

  test('refuses a folder that is not empty, and writes nothing', () => {
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const res = run(['init', dir]);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/is not empty/);
    expect(existsSync(join(dir, 'bot.yaml'))).toBe(false);
  });
});
