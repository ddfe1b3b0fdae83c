import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';

const ROOT = join(__dirname, '..', '..');

test('customers export prints everything; delete needs --yes and then erases', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    const store = await SqlStore.open(new SqliteDriver(join(dir, 'northwind.db')));
    const { message } = await store.intake({ channel: 'web', address: 'cli-user', text: 'my order is late' });
    await store.close();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'customers', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

    const exported = run('export', message.customerId);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout).tables.messages[0].text).toBe('my order is late');
    expect(run('delete', message.customerId).status).toBe(2);
    expect(run('delete', message.customerId, '--yes').stdout).toMatch(/Erased customer/);
    expect(run('export', message.customerId)).toMatchObject({ status: 1, stderr: expect.stringMatching(/No customer/) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
