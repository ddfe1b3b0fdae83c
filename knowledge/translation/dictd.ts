import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';

/** One entry of a dictd `.index` file: a headword and where its article is in the `.dict` data. */
export interface IndexEntry {
  headword: string;
  offset: number;
  length: number;
}

// dictd writes offsets and lengths as big-endian numbers in base 64 with this digit order.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...DIGITS].map((c, i) => [c, i]));

/** A dictd base-64 number (`"T9f"` → 81247); throws on a character outside the alphabet. */
export function decodeNumber(text: string): number {
  let n = 0;
  for (const c of text) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`"${text}" is not a dictd base-64 number`);
    n = n * 64 + d;
  }
  return n;
}

/** A number in dictd's base 64 (the inverse of {@link decodeNumber}; fixtures are written with it). */
export function encodeNumber(n: number): string {
  let out = '';
  do {
    out = DIGITS[n % 64] + out;
    n = Math.floor(n / 64);
  } while (n > 0);
  return out;
}

/**
 * The entries of a dictd `.index` file (`headword TAB offset TAB length`, one per line), without
 * the `00database…` entries that describe the dictionary itself. A malformed line throws with its
 * line number.
 */
export function readIndex(path: string): IndexEntry[] {
  const out: IndexEntry[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line || line.startsWith('00database') || line.startsWith('00-database')) return;
      const [headword, offset, length] = line.split('\t');
      if (!offset || !length) throw new Error(`${path}:${i + 1}: expected "headword<TAB>offset<TAB>length"`);
      try {
        // Some dictionaries index punctuation-only headwords as empty strings: nothing to look up.
        if (headword?.trim()) out.push({ headword: headword.trim(), offset: decodeNumber(offset), length: decodeNumber(length) });
      } catch (err) {
        throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
      }
    });
  return out;
}

/** Reads byte ranges of a dictd `.dict` data file: plain, dictzip (`.dict.dz`, random access) or gzip. */
export interface DictData {
  read(offset: number, length: number): string;
  close(): void;
}

/** Opens the data file of a dictionary: `<base>.dict.dz` or `<base>.dict`, whichever exists. */
export function openDictData(base: string): DictData {
  if (existsSync(`${base}.dict.dz`)) return openCompressed(`${base}.dict.dz`);
  if (existsSync(`${base}.dict`)) return openPlain(`${base}.dict`);
  throw new Error(`${base}.dict.dz (or .dict) is missing`);
}

function openPlain(path: string): DictData {
  const fd = openSync(path, 'r');
  return {
    read(offset, length) {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return buf.subarray(0, n).toString('utf8');
    },
    close: () => closeSync(fd),
  };
}

/** The random-access table of a dictzip header: chunk size and each chunk's compressed size. */
interface RandomAccess {
  chunkLength: number;
  /** File offset where each chunk's compressed data starts (one more entry: the end). */
  starts: number[];
}

/**
 * A dictzip file: gzip whose deflate stream is flushed every `chunkLength` bytes, with the
 * compressed size of each chunk in the header's `RA` extra field, so a range is read by
 * inflating only its chunks. A gzip file without that field is inflated whole, once.
 */
function openCompressed(path: string): DictData {
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(64 * 1024);
  readSync(fd, header, 0, header.length, 0);
  const ra = randomAccess(header, path);
  if (!ra) {
    closeSync(fd);
    const whole = gunzipSync(readFileSync(path));
    return { read: (offset, length) => whole.subarray(offset, offset + length).toString('utf8'), close: () => {} };
  }
  const cache = new Map<number, Buffer>();
  const chunk = (i: number): Buffer => {
    let data = cache.get(i);
    if (data) return data;
    const size = ra.starts[i + 1]! - ra.starts[i]!;
    const raw = Buffer.alloc(size);
    readSync(fd, raw, 0, size, ra.starts[i]!);
    // Every chunk ends at a full flush, so it inflates on its own.
    data = inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    if (cache.size >= 64) cache.delete(cache.keys().next().value!);
    cache.set(i, data);
    return data;
  };
  return {
    read(offset, length) {
      const first = Math.floor(offset / ra.chunkLength);
      const last = Math.min(Math.floor((offset + length - 1) / ra.chunkLength), ra.starts.length - 2);
      const start = offset - first * ra.chunkLength;
      // Most entries lie in one chunk: read them in place rather than copying the chunk.
      const parts = first === last ? chunk(first) : Buffer.concat(Array.from({ length: last - first + 1 }, (_, k) => chunk(first + k)));
      return parts.subarray(start, start + length).toString('utf8');
    },
    close: () => closeSync(fd),
  };
}

const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const FHCRC = 2;

/** Parses a gzip header's dictzip `RA` field; undefined when the file is plain gzip. */
function randomAccess(h: Buffer, path: string): RandomAccess | undefined {
  if (h[0] !== 0x1f || h[1] !== 0x8b) throw new Error(`${path} is not a gzip (dictzip) file`);
  const flags = h[3]!;
  if (!(flags & FEXTRA)) return undefined;
  let pos = 10;
  const extraEnd = pos + 2 + h.readUInt16LE(pos);
  pos += 2;
  let chunkLength = 0;
  let sizes: number[] = [];
  while (pos + 4 <= extraEnd) {
    const id = h.toString('latin1', pos, pos + 2);
    const len = h.readUInt16LE(pos + 2);
    if (id === 'RA') {
      chunkLength = h.readUInt16LE(pos + 6);
      const count = h.readUInt16LE(pos + 8);
      sizes = Array.from({ length: count }, (_, i) => h.readUInt16LE(pos + 10 + 2 * i));
    }
    pos += 4 + len;
  }
  if (!chunkLength) return undefined;
  pos = extraEnd;
  if (flags & FNAME) pos = h.indexOf(0, pos) + 1;
  if (flags & FCOMMENT) pos = h.indexOf(0, pos) + 1;
  if (flags & FHCRC) pos += 2;
  const starts = [pos];
  for (const size of sizes) starts.push(starts[starts.length - 1]! + size);
  return { chunkLength, starts };
}
