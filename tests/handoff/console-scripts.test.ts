import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { browserScript } from '../../core/browser-script';

/**
 * The console's browser scripts are TypeScript modules (handoff/console/*.ts) built for the
 * browser when served. Here: they type-check with DOM types and without Node's (their own
 * tsconfig), use no `any`, and each served one builds into a classic script with no module syntax
 * left (the pages load them with a plain `<script src>`). The browser suites test what they do.
 */
const DIR = join(__dirname, '..', '..', 'handoff', 'console');
const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
/** The scripts the pages load (the others are modules they import). */
const pagesScripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.html'))
  .flatMap((page) => [...readFileSync(join(DIR, page), 'utf8').matchAll(/<script src="\/console\/(?:assets|analytics)\/([\w-]+)\.js">/g)].map((m) => m[1]!))
  .filter((name) => sources.includes(`${name}.ts`));

test('the console scripts type-check with DOM types only', () => {
  const configFile = join(DIR, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, DIR, undefined, configFile);
  expect(config.options.types).toEqual([]);
  expect(config.fileNames.map((f) => f.split('/').pop()).sort()).toEqual([...sources].sort());
  const program = ts.createProgram(config.fileNames, config.options);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => DIR, getNewLine: () => '\n' }));
  expect(problems).toEqual([]);
});

test('no console script uses any', () => {
  const found = sources.flatMap((f) =>
    readFileSync(join(DIR, f), 'utf8')
      .split('\n')
      .map((line, i) => ({ where: `${f}:${i + 1}`, line: line.replace(/\/\/.*$|'[^']*'|`[^`]*`/g, '') }))
      .filter(({ line }) => /(:|\bas|<)\s*any\b|\bany\[\]/.test(line))
      .map(({ where }) => where),
  );
  expect(found).toEqual([]);
});

test('every script a page loads builds into a classic script', () => {
  expect(pagesScripts.length).toBeGreaterThan(0);
  for (const name of pagesScripts) {
    const script = browserScript(join(DIR, `${name}.ts`));
    expect(script.startsWith('"use strict";\n(() => {') || script.startsWith('(() => {')).toBe(true);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
  }
});
