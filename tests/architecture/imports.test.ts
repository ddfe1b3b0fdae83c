import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.js');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const SOURCE = ['core', 'channels', 'dialogs', 'knowledge', 'handoff', 'journeys', 'analytics', 'identity', 'media', 'catalog', 'vision', 'surveys', 'server', 'cli', 'bench', 'testkit', 'index.ts'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Runs dependency-cruiser with the project's rules in `cwd`; returns the violations it reports as errors. */
async function cruise(cwd: string, paths: string[]): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...paths], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    // It exits non-zero when it finds errors; the JSON is on stdout all the same.
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations.filter((v) => v.rule.severity === 'error');
}

describe('import rules (.dependency-cruiser.js)', () => {
  test('the tree keeps them: no import breaks a rule, beyond the listed known violations', async () => {
    const found = await cruise(ROOT, SOURCE);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 120_000);

  test('each rule catches what it forbids, and allows public files and a folder’s own imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-imports-'));
    const files: Record<string, string> = {
      'core/a.ts': "import '../server/x';",
      'server/x.ts': 'export {};',
      'channels/sms/a.ts': "import '../web/b';\nimport '../../core/ok';\nimport './own';",
      'channels/sms/own.ts': 'export {};',
      'channels/web/b.ts': "import '../../dialogs/d';",
      'core/ok.ts': 'export {};',
      'server/s.ts': "import '../testkit/k';",
      'testkit/k.ts': "import '../tests/helpers';",
      'dialogs/d.ts': "import '../channels/web/b';",
      'journeys/j.ts': "import '../server/x';\nimport '../handoff/topics';\nimport '../handoff/module';\nimport '../handoff/service';",
      'handoff/topics.ts': 'export {};',
      'handoff/module.ts': 'export {};',
      'handoff/service.ts': 'export {};',
      'server/load-bot.ts': "import '../handoff/config';\nimport './modules';",
      'server/modules.ts': "import '../handoff/module';",
      'handoff/config.ts': 'export {};',
      'bench/b.ts': "import '../tests/helpers';\nimport '../tests/fixtures/data';",
      'tests/helpers.ts': 'export {};',
      'tests/fixtures/data.ts': 'export {};',
    };
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, dirname(path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const found = await cruise(dir, ['core', 'channels', 'dialogs', 'journeys', 'handoff', 'bench', 'server', 'testkit']);
      expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
        'bench-imports-no-tests: bench/b.ts → tests/helpers.ts',
        'bench-imports-no-tests: testkit/k.ts → tests/helpers.ts',
        'bot-yaml-reader-knows-no-module: server/load-bot.ts → handoff/config.ts',
        'channel-imports-core-only: channels/web/b.ts → dialogs/d.ts',
        'channel-imports-no-other-channel: channels/sms/a.ts → channels/web/b.ts',
        'core-imports-no-other-folder: core/a.ts → server/x.ts',
        'features-import-no-channel: dialogs/d.ts → channels/web/b.ts',
        'features-import-no-server: journeys/j.ts → server/x.ts',
        'features-import-public-files-only: journeys/j.ts → handoff/service.ts',
        'product-imports-no-test-code: server/s.ts → testkit/k.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
