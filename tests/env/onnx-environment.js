/**
 * Jest environment for suites that run onnxruntime-node (through @huggingface/transformers).
 * Jest gives each test file its own JavaScript realm, so a `Float32Array` made in the test is
 * not an `instanceof Float32Array` of Node's realm, where the native runtime checks tensor
 * types. Handing the sandbox Node's own typed-array constructors makes them one and the same.
 * Use per file with a `@jest-environment ./tests/env/onnx-environment.js` docblock.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (globalThis[name]) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
