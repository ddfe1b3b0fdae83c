import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../handoff/auth';
import { HandoffRepository } from '../../handoff/repository';
import { defaultModules } from '../../server/modules';
import { openStore } from '../../server/store';

const ROOT = join(__dirname, '..', '..');
const run = (args: string[], input: string) => spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });

test('chat after asking for a person: no account means no promise, and the bot still answers', () => {
  const res = run(['chat', 'bots/demo', '--locale', 'en'], 'talk to a person\nwhere is my order?\n/quit\n');
  expect(res.status).toBe(0);
  expect(res.stdout).toMatch(/bot> I'm sorry — nobody from our team can take chats here yet/);
  expect(res.stdout).not.toMatch(/someone will reply here/);
});

test('chat while waiting for a person: the status, "hello?" answered, "cancel" returns to the bot, /quit works', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-chat-'));
  try {
    const file = join(dir, 'chat.db');
    const store = await openStore({ url: `sqlite:${file}`, botName: 'Northwind', migrations: defaultModules().flatMap((m) => m.migrations ?? []) });
    await new HandoffRepository(store.sql, () => store.now()).createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: await hashPassword('password123'), role: 'agent', skills: [], capacity: 2 });
    await store.close();
    const res = run(['chat', 'bots/demo', '--locale', 'en', '--db', `sqlite:${file}`], 'talk to a person\nhello?\ncancel\n/quit\n');
    expect(res.status).toBe(0);
    const lines = res.stdout.split('\n').filter((l) => l.startsWith('bot>'));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Nobody who can help with this is online right now/),
        expect.stringMatching(/cancelled your request for a person/),
      ]),
    );
    expect(lines.filter((l) => /Nobody who can help/.test(l)).length).toBe(2); // on asking, and on "hello?"
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
