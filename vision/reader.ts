import { availableParallelism } from 'node:os';
import { visionAssets, type LanguageData, type VisionAssets } from './assets';
import { startBarcodeWorker, type GreyImage, type ReadCode } from './barcodes';
import { startOcrWorker, type OcrResult } from './ocr';
import { WorkerPool } from './pool';
import { preprocess } from './preprocess';

/** What was read in an image. */
export interface ImageReading {
  /** The text OCR found, lines joined by newlines (empty when none). */
  text: string;
  /** OCR's mean word confidence, 0–1 (0 without text). */
  confidence: number;
  /** Barcodes and QR codes, in the order found. */
  codes: ReadCode[];
  /** How long reading took, decoding included. */
  ms: number;
}

/** Reads the text, barcodes and QR codes in an image (a photo's bytes). */
export interface ImageReader {
  read(image: Uint8Array): Promise<ImageReading>;
  close(): Promise<void>;
}

/** How the local reader works; every field has a default fit for 2 cores. */
export interface LocalReaderOptions {
  /** OCR workers: default `os.availableParallelism() - 1`, at least 1 (one core stays for turns). */
  ocrWorkers?: number;
  /** From submission to result, queueing included (default 15 s). */
  timeoutMs?: number;
  /** Photos that may wait for a worker (default 32). */
  maxQueue?: number;
  /** Longer side after downscaling (default 1,800 px). */
  maxSide?: number;
  languageData?: LanguageData;
  assets?: VisionAssets;
}

/** The default OCR pool size: every core but one, and at least one. */
export function defaultOcrWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Reads photos on this machine: sharp prepares the image, then OCR (tesseract.js) and barcode
 * reading (zxing-wasm) run at once, each in its own worker pool. Nothing is downloaded: the model
 * and WebAssembly come from node_modules.
 */
export class LocalPhotoReader implements ImageReader {
  private readonly ocr: WorkerPool<Buffer, OcrResult>;
  private readonly barcodes: WorkerPool<GreyImage, ReadCode[]>;
  private readonly maxSide: number;

  constructor(options: LocalReaderOptions = {}) {
    const assets = options.assets ?? visionAssets(options.languageData);
    const timeoutMs = options.timeoutMs ?? 15_000;
    const maxQueue = options.maxQueue ?? 32;
    this.maxSide = options.maxSide ?? 1800;
    this.ocr = new WorkerPool({ name: 'OCR', size: options.ocrWorkers ?? defaultOcrWorkers(), create: () => startOcrWorker(assets), timeoutMs, maxQueue });
    this.barcodes = new WorkerPool({ name: 'Barcode reading', size: 1, create: () => startBarcodeWorker(assets), timeoutMs, maxQueue });
  }

  async read(image: Uint8Array): Promise<ImageReading> {
    const started = performance.now();
    const photo = await preprocess(image, { maxSide: this.maxSide });
    // The barcode worker gets its own copy of the pixels: a transfer would take them from OCR's PGM.
    const [ocr, codes] = await Promise.all([
      this.ocr.run(photo.pgm),
      this.barcodes.run({ data: photo.data.slice(), width: photo.width, height: photo.height }),
    ]);
    return { text: ocr.text, confidence: ocr.text ? ocr.confidence : 0, codes: dedupe(codes), ms: performance.now() - started };
  }

  async close(): Promise<void> {
    await Promise.all([this.ocr.close(), this.barcodes.close()]);
  }
}

function dedupe(codes: ReadCode[]): ReadCode[] {
  const seen = new Set<string>();
  return codes.filter((c) => !seen.has(`${c.format}:${c.value}`) && seen.add(`${c.format}:${c.value}`));
}
