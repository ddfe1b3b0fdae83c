import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Issue 20 item 9: `npm ci && npm test` on a machine with nothing installed by hand.
const ROOT = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

test('no test runs Python: the tiny ONNX models are committed fixtures', () => {
  const spawnsPython = files(join(ROOT, 'tests')).filter((f) => /(exec|spawn)\w*\(\s*['"`][^'"`]*python/.test(readFileSync(f, 'utf8')));
  expect(spawnsPython).toEqual([]);
  for (const dir of ['tests/intents/fixtures/tiny-bert', 'tests/knowledge-retrieval/fixtures/tiny-bert']) {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) expect(statSync(join(ROOT, dir, f)).size).toBeGreaterThan(0);
  }
});

test('npm stays offline-safe without unknown .npmrc keys: onnxruntime-node’s CUDA download is denied in allowScripts', () => {
  expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).not.toMatch(/onnxruntime/);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  expect(pkg.allowScripts).toMatchObject({ 'onnxruntime-node': false, puppeteer: false, 'better-sqlite3': true });
  expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).not.toMatch(/python3-onnx/);
});
