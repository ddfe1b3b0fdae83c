import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { browserScript } from '../../core/browser-script';

const EVENTS = join(__dirname, '..', '..', 'journeys', 'public', 'events.ts');

/**
 * Building a browser script leaves no esbuild process behind: neither a running service (~23 MB for
 * the life of the server) nor a stopped one that was never reaped (`<defunct>`, state Z).
 */
function esbuildChildren(): string[] {
  const children = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)]).toString();
  return children.split('\n').filter((line) => /esbuild/.test(line)).map((line) => line.trim());
}

/** The esbuild processes, in any state, that appeared while `build` ran: jest runs other suites in this worker first. */
function leftBy(build: () => void): string[] {
  const pid = (line: string) => line.split(/\s+/)[0];
  const before = new Set(esbuildChildren().map(pid));
  build();
  return esbuildChildren().filter((line) => !before.has(pid(line)));
}

test('a build leaves no esbuild process behind, running or defunct', () => {
  let snippet = '';
  expect(leftBy(() => (snippet = browserScript(EVENTS)))).toEqual([]);
  expect(snippet).toContain('/api/web/events');
  expect(snippet).toMatch(/^"use strict";\n\(\(\) => \{\n/); // an IIFE, readable

  let minified = '';
  expect(leftBy(() => (minified = browserScript(EVENTS, { minify: true })))).toEqual([]);
  expect(minified).toContain('/api/web/events');
  expect(minified.length).toBeLessThan(snippet.length);
});

test('a source that does not compile fails with its path and esbuild\'s message', () => {
  const missing = join(__dirname, 'no-such-entry.ts');
  expect(() => browserScript(missing)).toThrow(/no-such-entry\.ts: esbuild failed: .*Could not resolve/s);
});
