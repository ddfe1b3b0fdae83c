import type { Worker } from 'tesseract.js';
import { lazy } from '../core/lazy';
import type { VisionAssets } from './assets';
import type { PoolSlot } from './pool';

// tesseract.js (~7 MB of memory and a third of a second to load) is loaded by the first OCR job,
// when the pool starts its first worker: a bot that receives no photos never loads it.
const tesseract = lazy(() => require('tesseract.js') as typeof import('tesseract.js'));

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
  const { createWorker, OEM, PSM } = tesseract();
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
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, user_defined_dpi: '300', thresholding_method: GLOBAL });
  return {
    async run(image: Buffer): Promise<OcrResult> {
      const first = await recognize(worker, image);
      if (!weak(first.text)) return first;
      // Little or nothing read: once more with a local threshold (Sauvola). A display's text inside
      // a ring or a frame is, after one global threshold, a hole in a large dark shape that the
      // layout takes for a picture; a local threshold leaves only strokes. Not the first pass:
      // on plain labels and text it adds specks read as letters, and it costs as much again.
      await worker.setParameters({ thresholding_method: LOCAL });
      try {
        const second = await recognize(worker, image);
        return weak(second.text) ? (second.text.length > first.text.length ? second : first) : second;
      } finally {
        await worker.setParameters({ thresholding_method: GLOBAL });
      }
    },
    async terminate(): Promise<void> {
      await worker.terminate();
    },
  };
}

/** tesseract's `thresholding_method`: 0 is one Otsu threshold for the image, 2 Sauvola's local one. */
const GLOBAL = '0';
const LOCAL = '2';

async function recognize(worker: Worker, image: Buffer): Promise<OcrResult> {
  const { data } = await worker.recognize(image);
  return { text: data.text.trim(), confidence: Math.max(0, data.confidence) / 100 };
}

/** Text that cannot hold a code or a question: fewer than two runs of two or more letters or digits. */
function weak(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]{2,}/gu) ?? []).length < 2;
}
