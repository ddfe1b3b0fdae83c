import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A browser script built from a TypeScript entry (`entry`, an absolute path) and everything it
 * imports: one self-contained IIFE (no module loader, so it runs from a plain `<script src>`
 * under a `script-src 'self'` CSP, and defines no global of its own), ES2020 syntax, UTF-8 kept
 * as is, licence comments (`/*! … *\/`) kept. With `minify`, the output is minified: for a script
 * that is mostly third-party libraries nobody reads in the browser (the Markdown renderer, whose
 * markdown-it and DOMPurify are 288 KB as their ES modules and 134 KB minified, the size of their
 * published browser builds); our own page scripts stay readable.
 *
 * Types are not checked here (esbuild only strips them): `npm run typecheck` and
 * tests/architecture/browser-scripts.test.ts check the browser sources with DOM types. esbuild is the
 * compiler tsx runs the server with, so it is installed wherever the server runs (also with
 * `npm ci --omit=dev`, where TypeScript is not). Built once per process, on first use: the
 * sources ship with the code and change only with it.
 */
export function browserScript(entry: string, options: { minify?: boolean } = {}): string {
  const minify = options.minify === true;
  const key = minify ? `${entry} (minified)` : entry;
  let script = built.get(key);
  if (script === undefined) {
    script = build(entry, minify);
    built.set(key, script);
  }
  return script;
}

const built = new Map<string, string>();

/**
 * Each build runs the esbuild command once and waits for it to exit, rather than through esbuild's
 * `buildSync`: that starts a service (a worker thread and the esbuild process, ~23 MB) that stays
 * for the life of the process, and esbuild's `stop()` ends the thread without waiting for the
 * process, which stays behind as a zombie (`<defunct>`) until Node exits. `execFileSync` reaps its
 * child before it returns; the output is byte for byte `buildSync`'s (the same options as flags).
 * `esbuild/bin/esbuild` is the platform's binary (or, where esbuild's install step did not run,
 * its Node launcher for that binary).
 */
function build(entry: string, minify: boolean): string {
  const flags = ['--bundle', '--format=iife', '--platform=browser', '--target=es2020', '--charset=utf8', '--legal-comments=inline', '--log-level=error'];
  try {
    return execFileSync(ESBUILD, [entry, ...flags, ...(minify ? ['--minify'] : [])], {
      // Paths in the output's comments are the repository's, whatever the working directory.
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`${entry}: esbuild failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
  }
}

const ESBUILD = require.resolve('esbuild/bin/esbuild');
