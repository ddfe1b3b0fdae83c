import { join } from 'node:path';
import { buildSync, stop } from 'esbuild';

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
    stopCompilerWhenIdle();
  }
  return script;
}

const built = new Map<string, string>();

/** How long the compiler is kept after a build, for the next one (start-up builds several in a row). */
const COMPILER_IDLE_MS = 1_000;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * `buildSync` starts esbuild's service (a worker thread and the esbuild process, ~23 MB) and leaves
 * it running for the life of the process, though every script is built once, mostly at start-up:
 * stop it once no build has asked for it for a second. A later build (a console page's script on
 * its first request) starts it again. tsx shares the same service to compile TypeScript modules it
 * has not cached, and likewise restarts it when it needs it.
 */
function stopCompilerWhenIdle(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void stop(), COMPILER_IDLE_MS);
  // Waiting to stop the compiler must not keep a finished process (a CLI command, a test) alive.
  idleTimer.unref();
}

function build(entry: string, minify: boolean): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'inline',
    minify,
    logLevel: 'silent',
    // Paths in the output's comments are the repository's, whatever the working directory.
    absWorkingDir: join(__dirname, '..'),
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error(`${entry}: esbuild produced no output`);
  return file.text;
}
