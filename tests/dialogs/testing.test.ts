import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestFiles } from '../../dialogs/testing';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-convtests-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Reads one test file named `name` holding `text`, as `switchboard test` does. */
function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  return readTestFiles(dir, dir);
}

describe('conversation test files', () => {
  test('each step knows its line, in a one-test file and in a `tests:` list', () => {
    expect(read('one.yaml', 'name: One\nsteps:\n  - user: hi\n\n  - bot: /hello/\n')).toEqual([
      { file: 'one.yaml', tests: [{ name: 'One', steps: [{ user: 'hi' }, { bot: '/hello/' }], lines: [3, 5] }] },
    ]);
    rmSync(join(dir, 'one.yaml'));
    const [file] = read('many.yaml', 'tests:\n  - name: A\n    steps:\n      - user: hi\n  - name: B\n    steps:\n      - user: yo\n      - noMoreReplies: true\n');
    expect(file.tests.map((t) => [t.name, t.lines])).toEqual([
      ['A', [4]],
      ['B', [7, 8]],
    ]);
  });

  test('a malformed file is refused with every problem at its file:line:col', () => {
    expect(() => read('syntax.yaml', 'name: x\nsteps:\n  - user: hi: there\n')).toThrow(/^syntax\.yaml:3:11 not valid YAML: Nested mappings/);
    rmSync(join(dir, 'syntax.yaml'));
    expect(() => read('keys.yaml', 'colour: red\nsteps:\n  - user: hi\n  - bott: hello\n')).toThrow(
      new Error('keys.yaml:1:1 name: missing (expected string)\nkeys.yaml:1:1 colour: unknown key "colour"\nkeys.yaml:4:5 steps.1: Invalid input'),
    );
    rmSync(join(dir, 'keys.yaml'));
    expect(() => read('suite.yaml', 'tests:\n  - name: A\n    steps:\n      - user: hi\n  - name: B\n    steps: []\n')).toThrow(
      /^suite\.yaml:6:12 tests\.1\.steps: Too small/,
    );
  });
});
