import { Worker } from 'node:worker_threads';
import type { VisionAssets } from './assets';
import type { PoolSlot } from './pool';

/** A barcode or QR code found in a photo. */
export interface ReadCode {
  /** zxing's name of the symbology: `EAN13`, `QRCode`, `Code128`… */
  format: string;
  value: string;
}

/** A greyscale image, one byte per pixel, row by row. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Starts a worker thread running zxing-wasm's reader. The WebAssembly comes from node_modules as
 * bytes (`wasmBinary`), so zxing-wasm never reaches for its CDN. Reading a 1,600-pixel photo takes
 * tens of milliseconds of CPU: off the event loop, like OCR.
 */
export function startBarcodeWorker(assets: VisionAssets): Promise<PoolSlot<GreyImage, ReadCode[]>> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { reader: assets.zxingReader, wasm: assets.zxingReaderWasm } });
  worker.unref();
  let next = 0;
  const waiting = new Map<number, { resolve: (codes: ReadCode[]) => void; reject: (err: Error) => void }>();
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (message: { id: number; codes?: ReadCode[]; error?: string }) => {
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) w?.reject(new Error(`Barcode reading failed: ${message.error}`));
    else w?.resolve(message.codes ?? []);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The barcode reader stopped (exit code ${code})`)));
  const slot: PoolSlot<GreyImage, ReadCode[]> = {
    run(image) {
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, image });
      });
    },
    async terminate() {
      await worker.terminate();
    },
  };
  // Ready once the module has compiled, so the first photo does not pay for it.
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(slot));
    worker.once('error', reject);
  });
}

// Plain CommonJS, run as a worker script (no TypeScript loader in worker threads).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const zxing = require(workerData.reader);
const bytes = readFileSync(workerData.wasm);
zxing.prepareZXingModule({
  overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
  fireImmediately: true,
}).then(() => parentPort.postMessage({ id: -1 }));
const OPTIONS = { tryHarder: true, tryRotate: true, tryInvert: true, maxNumberOfSymbols: 8 };
parentPort.on('message', async ({ id, image }) => {
  try {
    const { data, width, height } = image;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const v = data[i];
      rgba[i * 4] = v; rgba[i * 4 + 1] = v; rgba[i * 4 + 2] = v; rgba[i * 4 + 3] = 255;
    }
    const results = await zxing.readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' }, OPTIONS);
    const codes = results.filter((r) => r.isValid && r.text).map((r) => ({ format: r.format, value: r.text }));
    parentPort.postMessage({ id, codes });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});
`;
