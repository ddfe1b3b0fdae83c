import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });

test('help lists the commands; an unknown command exits 2 with a hint', () => {
  const help = run(['help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/start\s+Serve a bot/);
  expect(help.stdout).toMatch(/chat\s+Talk to a bot/);
  const bad = run(['dance']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/Unknown command "dance"/);
});

test('unknown options are refused with the usage', () => {
  const res = run(['start', '--colour', 'blue']);
  expect(res.status).toBe(2);
  expect(res.stderr).toMatch(/Unknown option '--colour'/);
  expect(res.stderr).toMatch(/Usage: switchboard start/);
});

test('chat talks to the demo bot in the terminal, with buttons as a numbered list', () => {
  const res = run(['chat', 'bots/demo'], 'hallo\n/quit\n');
  expect(res.status).toBe(0);
  expect(res.stdout).toMatch(/bot> Hallo! Ich bin der Assistent von Northwind/);
  expect(res.stdout).toMatch(/1\. Bestellung verfolgen\n2\. Artikel zurücksenden/);
});
