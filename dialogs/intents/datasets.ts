import { readFileSync, statSync } from 'node:fs';
import type { IntentExample } from './types';

/** A labelled utterance for evaluation; `intent: null` marks an out-of-scope utterance. */
export interface LabeledText {
  text: string;
  intent: string | null;
}

/** Train, calibration and test portions of a dataset. */
export interface DatasetSplits {
  train: LabeledText[];
  /** Held-out data to calibrate confidence and tune the out-of-scope threshold on. */
  validation: LabeledText[];
  test: LabeledText[];
}

/** A dataset file that cannot be used, with a message saying what to fix. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Label CLINC150 and common datasets use for out-of-scope utterances. */
export const OOS_LABEL = 'oos';

function readText(file: string): string {
  try {
    if (!statSync(file).isFile()) throw new DatasetError(`${file} is not a file.`);
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
  }
}

/**
 * Reads CLINC150's `data_full.json`: `{ train, val, test, oos_train, oos_val, oos_test }`, each
 * a list of `[text, intent]` pairs. Out-of-scope portions are optional.
 */
export function readClinc(file: string): DatasetSplits {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readText(file)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(`${file} is not JSON (${(err as Error).message}); --format clinc expects CLINC150's data_full.json.`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray(data.train)) {
    throw new DatasetError(`${file} has no "train" list; --format clinc expects CLINC150's data_full.json ({ "train": [[text, intent], …], "val": …, "test": … }).`);
  }
  const part = (name: string, oos: boolean): LabeledText[] => {
    const rows = data[name];
    if (rows === undefined) return [];
    if (!Array.isArray(rows)) throw new DatasetError(`${file}: "${name}" must be a list of [text, intent] pairs.`);
    return rows.map((row, i) => {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') {
        throw new DatasetError(`${file}: ${name}[${i}] must be a [text, intent] pair of strings.`);
      }
      return { text: row[0], intent: oos || row[1] === OOS_LABEL ? null : row[1] };
    });
  };
  return {
    train: [...part('train', false), ...part('oos_train', true)],
    validation: [...part('val', false), ...part('oos_val', true)],
    test: [...part('test', false), ...part('oos_test', true)],
  };
}

/** Parses RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      (row = []), (field = '');
    } else field += c;
  }
  if (quoted) throw new DatasetError('unterminated quoted field');
  if (field !== '' || row.length > 0) (row.push(field), rows.push(row));
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/**
 * Reads `text,category` rows (a header row naming `text` and `category` or `intent` columns,
 * as in Banking77's train.csv). A category of `oos` marks an out-of-scope utterance.
 */
export function readCsv(file: string): LabeledText[] {
  let rows: string[][];
  try {
    rows = parseCsv(readText(file));
  } catch (err) {
    if (err instanceof DatasetError && !err.message.startsWith('Cannot') && !err.message.includes('not a file')) {
      throw new DatasetError(`${file}: ${err.message}.`);
    }
    throw err;
  }
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const textCol = header.indexOf('text');
  const labelCol = header.findIndex((h) => h === 'category' || h === 'intent' || h === 'label');
  if (textCol < 0 || labelCol < 0) {
    throw new DatasetError(`${file} needs a header row with "text" and "category" columns (got "${header.join(',')}"); --format csv expects text,category rows.`);
  }
  return rows.map((row, i) => {
    const text = row[textCol];
    const label = row[labelCol]?.trim();
    if (text === undefined || !label) throw new DatasetError(`${file}:${i + 2}: expected a text and a category.`);
    return { text, intent: label === OOS_LABEL ? null : label };
  });
}

/**
 * Splits `items` into a deterministic, stratified holdout: every `1/fraction`-th item of each
 * label (in file order) goes to the second part, so every label keeps the same share.
 */
export function stratifiedSplit<T extends LabeledText>(items: T[], fraction = 0.2): [T[], T[]] {
  const seen = new Map<string | null, number>();
  const kept: T[] = [];
  const held: T[] = [];
  const period = Math.round(1 / fraction);
  for (const item of items) {
    const n = seen.get(item.intent) ?? 0;
    seen.set(item.intent, n + 1);
    (n % period === period - 1 ? held : kept).push(item);
  }
  return [kept, held];
}

/** Training examples and out-of-scope utterances, in the shape `IntentRecognizer.train` takes. */
export function toTraining(items: LabeledText[]): { examples: IntentExample[]; outOfScope: string[] } {
  const examples: IntentExample[] = [];
  const outOfScope: string[] = [];
  for (const item of items) item.intent === null ? outOfScope.push(item.text) : examples.push({ text: item.text, intent: item.intent });
  return { examples, outOfScope };
}
