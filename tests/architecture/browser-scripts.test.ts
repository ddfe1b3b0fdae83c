import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { browserScript } from '../../core/browser-script';

/**
 * The browser scripts written in TypeScript — the console's pages (each in its module's
 * `console/` folder, importing the shell's helpers from core/console-shell/), /events.js
 * (journeys/public/events.ts) and /widget.js (channels/web/public/widget.ts) — built for the
 * browser when served (core/browser-script.ts). Here: each folder type-checks with DOM types and
 * without Node's (its own tsconfig), uses no `any`, and each served script builds into a classic
 * script with no module syntax left (pages load them with a plain `<script src>`). The browser
 * suites test what they do.
 */
const ROOT = join(__dirname, '..', '..');

/** The scripts a folder's console pages load (`<script src="/console/…/x.js">` with `x.ts` beside them). */
const pageScripts =
  (dir: string) =>
  (sources: string[]): string[] =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.html'))
      .flatMap((page) => [...readFileSync(join(ROOT, dir, page), 'utf8').matchAll(/<script src="\/console\/[\w/-]*?([\w-]+)\.js">/g)].map((m) => `${m[1]}.ts`))
      .filter((file) => sources.includes(file));

/** Each folder of browser sources, and the scripts in it that are served (the others are imported). */
const FOLDERS: { dir: string; served: (sources: string[]) => string[] }[] = [
  // The shell's helpers are imported by the pages' scripts, never served on their own.
  { dir: 'core/console-shell', served: () => [] },
  { dir: 'handoff/console', served: pageScripts('handoff/console') },
  { dir: 'knowledge/console', served: pageScripts('knowledge/console') },
  { dir: 'analytics/console', served: pageScripts('analytics/console') },
  { dir: 'journeys/public', served: () => ['events.ts'] },
  { dir: 'channels/web/public', served: () => ['widget.ts'] },
];

describe.each(FOLDERS)('$dir', ({ dir, served }) => {
  const folder = join(ROOT, dir);
  const sources = readdirSync(folder).filter((f) => f.endsWith('.ts'));

  test('type-checks with DOM types only', () => {
    const configFile = join(folder, 'tsconfig.json');
    const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
    const config = ts.parseJsonConfigFileContent(read.config, ts.sys, folder, undefined, configFile);
    expect(config.options.types).toEqual([]);
    expect(config.fileNames.map((f) => f.split('/').pop()).sort()).toEqual([...sources].sort());
    const program = ts.createProgram(config.fileNames, config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => folder, getNewLine: () => '\n' }));
    expect(problems).toEqual([]);
  });

  test('uses no any', () => {
    const found = sources.flatMap((f) =>
      readFileSync(join(folder, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line: line.replace(/\/\/.*$|'[^']*'|`[^`]*`/g, '') }))
        .filter(({ line }) => /(:|\bas|<)\s*any\b|\bany\[\]/.test(line))
        .map(({ where }) => where),
    );
    expect(found).toEqual([]);
  });

  test('every served script builds into a classic script', () => {
    const scripts = served(sources);
    if (dir !== 'core/console-shell') expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const script = browserScript(join(folder, file));
      expect(script.startsWith('"use strict";\n(() => {')).toBe(true);
      expect(script).not.toMatch(/^\s*(import|export)\s/m);
    }
  });
});
