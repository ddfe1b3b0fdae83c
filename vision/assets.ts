import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../core/errors';

/**
 * Where the OCR and barcode engines' files are: all inside node_modules, installed by `npm ci`.
 * tesseract.js and zxing-wasm fetch their model and WebAssembly from a CDN unless told otherwise;
 * every path here is set explicitly so nothing is ever downloaded at run time.
 */
export interface VisionAssets {
  /** Folder holding `eng.traineddata.gz` (`@tesseract.js-data/eng`). */
  langPath: string;
  /** tesseract.js's Node worker script (runs in a worker thread). */
  workerPath: string;
  /** tesseract.js-core's folder (its `.wasm` builds; Node loads them with `require`). */
  corePath: string;
  /** zxing-wasm's reader module (CommonJS) and its `.wasm`. */
  zxingReader: string;
  zxingReaderWasm: string;
}

/**
 * The language data variant: `4.0.0_best_int` is the integer-quantised "best" LSTM model
 * tesseract.js itself picks for the LSTM engine; `4.0.0` the standard one (also has the legacy engine).
 */
export type LanguageData = '4.0.0' | '4.0.0_best_int';

/** Resolves every file from node_modules; a missing one is a `ConfigError` naming the package to install. */
export function visionAssets(data: LanguageData = '4.0.0_best_int'): VisionAssets {
  const eng = packageDir('@tesseract.js-data/eng', '@tesseract.js-data/eng/index.js');
  const zxingReader = resolveIn('zxing-wasm', 'zxing-wasm/reader');
  const assets: VisionAssets = {
    langPath: join(eng, data),
    workerPath: resolveIn('tesseract.js', 'tesseract.js/src/worker-script/node/index.js'),
    corePath: packageDir('tesseract.js-core', 'tesseract.js-core/index.js'),
    zxingReader,
    // dist/cjs/reader/index.js → dist/reader/zxing_reader.wasm
    zxingReaderWasm: join(dirname(zxingReader), '..', '..', 'reader', 'zxing_reader.wasm'),
  };
  for (const file of [join(assets.langPath, 'eng.traineddata.gz'), assets.zxingReaderWasm]) {
    if (!existsSync(file)) throw new ConfigError(`Photo reading needs ${file}, which is missing: run npm ci`);
  }
  return assets;
}

function resolveIn(pkg: string, request: string): string {
  try {
    return require.resolve(request);
  } catch {
    throw new ConfigError(`Photo reading needs the "${pkg}" package, which is not installed: run npm ci`);
  }
}

function packageDir(pkg: string, request: string): string {
  return dirname(resolveIn(pkg, request));
}
