// Jest transform for ESM-only packages (email-reply-parser): Node 20.19+ `require`s them natively,
// Jest's module runtime does not. TypeScript rewrites their `import`/`export` to CommonJS; the
// `createRequire(import.meta.url)` such modules use to load optional packages becomes CommonJS's
// own `require`.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const SELF = readFileSync(__filename, 'utf8');

module.exports = {
  process(source, filename) {
    const cjs = source
      .replace(/const require = createRequire\(import\.meta\.url\);/g, '')
      .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href');
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    return { code: ts.transpileModule(cjs, { compilerOptions: options, fileName: filename }).outputText };
  },
  // The transform's own source is part of the key, so a change to it is never served from the cache.
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update(filename).update(source).digest('hex');
  },
};
