#!/usr/bin/env node
// Runs a TypeScript entry point with tsx's loader (no build step), e.g. `node bin/run-ts.js bench/index.ts`.
require('tsx/cjs');
const path = require('node:path');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...args];
require(path.resolve(entry));
