import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { VisionAssets } from './assets';
import type { PoolSlot } from './pool';

/** What OCR read in one image. */
export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–1. */
  confidence: number;
}

/**
 * Starts one tesseract.js worker (a worker thread with the English LSTM model loaded) from local
 * files only: `langPath`, `workerPath` and `corePath` point into node_modules, and the cache is
 * off, so it neither downloads the model nor writes a copy into the working directory.
 */
export async function startOcrWorker(assets: VisionAssets): Promise<PoolSlot<Buffer, OcrResult>> {
  const worker: Worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: assets.langPath,
    workerPath: assets.workerPath,
    corePath: assets.corePath,
    gzip: true,
    cacheMethod: 'none',
    // tesseract.js's default in Node is a Blob URL for the worker script: a path is what Node needs.
    workerBlobURL: false,
  });
  // Photos hold scattered text (a display, a label), not a page of paragraphs.
  // A fixed resolution also keeps tesseract from guessing one and logging "Estimating resolution".
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, user_defined_dpi: '300' });
  return {
    async run(image: Buffer): Promise<OcrResult> {
      const { data } = await worker.recognize(image);
      return { text: data.text.trim(), confidence: Math.max(0, data.confidence) / 100 };
    },
    async terminate(): Promise<void> {
      await worker.terminate();
    },
  };
}
