import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhotoTrace } from '../../../core/photos';
import type { WireMessage } from '../../../core/message';
import { WebChatDriver } from '../answers/driver';
import { quantile } from '../answers/classify';

/** One labelled photo of an evaluation set (a line of its `labels.jsonl`). */
export interface LabelledPhoto {
  file: string;
  /** The article the photo should lead to; null when nothing in it is answerable. */
  article: string | null;
  /** The catalog product its barcode should lead to. */
  product?: string;
  kind: string;
  shows?: string;
}

/**
 * What happened to one photo. `right`: the reply leads to the gold article or product (or, for a
 * photo with nothing useful, the bot did not pretend to answer); `offered`: a focused question
 * offering the gold; `wrong`: an answer from another article or product; `asked_other`: a question
 * without the gold; `none`: a person or a request to type it.
 */
export type PhotoOutcome = 'right' | 'offered' | 'wrong' | 'asked_other' | 'none';

export interface PhotoResult extends LabelledPhoto {
  outcome: PhotoOutcome;
  trace?: PhotoTrace;
  ms: number;
}

/** The figures `switchboard eval photos` prints. */
export interface PhotoReport {
  photos: number;
  /** Share led to the right article or product (photos with nothing useful: not answered). */
  right: number;
  right_or_offered: number;
  wrong: number;
  none: number;
  by_kind: Record<string, { n: number; right: number; wrong: number }>;
  p50_ms: number;
  p95_ms: number;
}

/** Reads `labels.jsonl` from a set's folder. */
export function readLabels(dir: string): LabelledPhoto[] {
  const lines = readFileSync(join(dir, 'labels.jsonl'), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  return lines.map((line, i) => {
    const row = JSON.parse(line) as LabelledPhoto;
    if (typeof row.file !== 'string' || !('article' in row)) throw new Error(`${join(dir, 'labels.jsonl')}:${i + 1}: each line needs "file" and "article" (an id or null)`);
    return row;
  });
}

/**
 * Sends each photo to the bot as a new web chat visitor would — a multipart `POST
 * /api/web/messages` with the file, through the media module (stored, stripped), the photo reader
 * (OCR, barcodes) and the vision module's answer — and classifies the reply by its `photo` trace.
 */
export async function evaluatePhotos(botDir: string, setDir: string, options: { env?: NodeJS.ProcessEnv; onProgress?: (done: number, total: number) => void } = {}): Promise<PhotoResult[]> {
  const photos = readLabels(setDir);
  const driver = await WebChatDriver.start(botDir, { env: options.env });
  const run = Math.random().toString(36).slice(2, 8);
  try {
    const results: PhotoResult[] = [];
    for (const [i, photo] of photos.entries()) {
      const bytes = readFileSync(join(setDir, photo.file));
      const { replies, ms } = await driver.sendPhoto(`eval-photo-${run}-${i}`, { bytes, name: photo.file, type: 'image/jpeg' });
      const trace = traceOf(replies);
      results.push({ ...photo, outcome: classify(trace, photo), trace, ms });
      options.onProgress?.(i + 1, photos.length);
    }
    return results;
  } finally {
    await driver.close();
  }
}

/** The outcome of one reply for one labelled photo. */
export function classify(trace: PhotoTrace | undefined, photo: LabelledPhoto): PhotoOutcome {
  const gold = photo.product ?? photo.article;
  const got = trace?.outcome === 'product' ? trace.product : trace?.article;
  if (trace?.outcome === 'article' || trace?.outcome === 'answer' || trace?.outcome === 'product') return got && got === gold ? 'right' : 'wrong';
  if (trace?.outcome === 'question') return gold && trace.offered?.includes(gold) ? 'offered' : 'asked_other';
  return gold ? 'none' : 'right';
}

/** The report of a list of results. */
export function report(results: PhotoResult[]): PhotoReport {
  const share = (rows: PhotoResult[], ...outcomes: PhotoOutcome[]) => (rows.length ? round(rows.filter((r) => outcomes.includes(r.outcome)).length / rows.length) : 0);
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  const ms = results.map((r) => r.ms);
  return {
    photos: results.length,
    right: share(results, 'right'),
    right_or_offered: share(results, 'right', 'offered'),
    wrong: share(results, 'wrong'),
    none: share(results, 'none'),
    by_kind: Object.fromEntries(kinds.map((k) => {
      const of = results.filter((r) => r.kind === k);
      return [k, { n: of.length, right: share(of, 'right'), wrong: share(of, 'wrong') }];
    })),
    p50_ms: Math.round(quantile(ms, 0.5)),
    p95_ms: Math.round(quantile(ms, 0.95)),
  };
}

/** The first reply's photo trace. */
function traceOf(replies: WireMessage[]): PhotoTrace | undefined {
  return replies.find((m) => m.photo)?.photo;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
