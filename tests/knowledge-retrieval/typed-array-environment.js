// Jest runs each test file in its own VM realm, whose Float32Array is not Node's. onnxruntime-node
// checks `data instanceof Float32Array` against Node's, so tensors built inside the test realm
// are rejected ("invalid data type"). This environment hands the test realm Node's own typed
// arrays. Used through a `@jest-environment` docblock by the dense-retrieval test only.
const { TestEnvironment } = require('jest-environment-node');

class TypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Buffer',
      'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'BigInt64Array',
      'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigUint64Array',
    ]) {
      if (globalThis[name]) this.global[name] = globalThis[name];
    }
  }
}

module.exports = TypedArrayEnvironment;
