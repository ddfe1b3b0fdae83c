import { spawnSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { readPassword } from '../../cli/password';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPassword } from '../../handoff/auth';
import { consoleAccounts, firstAdminHint } from '../../handoff/first-run';
import { HandoffRepository } from '../../handoff/repository';
import { defaultModules } from '../../server/modules';
import { openStore } from '../../server/store';

const ROOT = join(__dirname, '..', '..');
// Six runs of the CLI (each starts tsx): generous on a loaded machine; not a speed assertion.
jest.setTimeout(120_000);

test('agents add creates the first admin from --password-stdin; refuses duplicates, short passwords and a missing terminal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-agents-'));
  try {
    const run = (input: string | undefined, ...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'agents', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }, input, encoding: 'utf8' });
    const admin = ['add', '--email', 'Jane.Doe@northwind.test', '--name', 'Jane Doe', '--role', 'admin'];

    // No terminal and no --password-stdin: told how, nothing created.
    expect(run('', ...admin)).toMatchObject({ status: 2, stderr: expect.stringMatching(/--password-stdin/) });
    expect(run('short\n', ...admin, '--password-stdin')).toMatchObject({ status: 2, stderr: expect.stringMatching(/at least 8 characters/) });
    expect(run('x', 'add', '--email', 'nope', '--password-stdin')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--email must be an e-mail address[\s\S]*--name is required/) });

    const created = run('correct horse battery\n', ...admin, '--password-stdin');
    expect(created).toMatchObject({ status: 0, stdout: expect.stringMatching(/Created admin Jane Doe <jane.doe@northwind.test>/) });
    expect(run('another password\n', ...admin, '--password-stdin')).toMatchObject({ status: 1, stderr: expect.stringMatching(/exists already/) });
    expect(run(undefined, 'list').stdout).toMatch(/Jane Doe <jane.doe@northwind.test>\s+admin/);

    // The app opens the same store and finds the account with that password.
    const store = await openStore({ dataDir: dir, botName: 'Northwind', migrations: defaultModules().flatMap((m) => m.migrations ?? []) });
    try {
      const repo = new HandoffRepository(store.sql, () => store.now());
      const found = (await repo.agentByEmail('jane.doe@northwind.test'))!;
      expect(found).toMatchObject({ name: 'Jane Doe', role: 'admin' });
      expect(await verifyPassword('correct horse battery', found.passwordHash)).toBe(true);
      expect(firstAdminHint(await consoleAccounts(store.sql))).toBeUndefined();
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the first-run hint says exactly how to create the first admin until one exists', () => {
  expect(firstAdminHint({ agents: 0, admins: 0 })).toMatch(/No console account exists yet.*switchboard agents add --email .* --role admin/);
  expect(firstAdminHint({ agents: 2, admins: 0 })).toMatch(/^No console admin exists yet/);
  expect(firstAdminHint({ agents: 2, admins: 1 })).toBeUndefined();
});

describe('the password prompt at a terminal', () => {
  /** A fake terminal: typed characters arrive as data; what is echoed is collected. */
  function terminal(typed: string[]) {
    const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(on: boolean): void; raw: boolean[] };
    input.isTTY = true;
    input.raw = [];
    input.setRawMode = (on: boolean) => void input.raw.push(on);
    const shown: string[] = [];
    const output = new Writable({ write: (chunk, _enc, done) => (shown.push(String(chunk)), done()) });
    let i = 0;
    const feed = () => setImmediate(() => i < typed.length && (input.write(typed[i++]), feed()));
    feed();
    return { input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream, shown, raw: input.raw };
  }

  test('asks twice without echoing; backspace edits; different answers are refused', async () => {
    const t = terminal(['secret-pw', 'x\u007f', '1\r', 'secret-pw1\r']);
    await expect(readPassword({ fromStdin: false, prompt: 'Password: ', ...t })).resolves.toBe('secret-pw1');
    expect(t.shown.join('')).toBe('Password: \nAgain, to confirm: \n');
    expect(t.raw).toEqual([true, false, true, false]);
    const differ = terminal(['one-password\r', 'another-one\r']);
    await expect(readPassword({ fromStdin: false, prompt: 'Password: ', ...differ })).rejects.toThrow(/differ/);
  });
});
