import type { OutputInfo } from 'sharp';
import { RequestError } from '../core/errors';
import { lazy } from '../core/lazy';
import { MAX_PHOTO_BYTES } from '../core/photos';

// sharp (libvips, ~13 MB of native code and memory) is loaded by the first photo a customer sends:
// a bot whose customers send none never loads it. (`require` returns sharp's CommonJS entry, the
// function itself, which its types declare as the ESM default export.)
const loadSharp = lazy(() => require('sharp') as typeof import('sharp').default);

/** An image as stored: re-encoded, without metadata. */
export interface StrippedImage {
  bytes: Uint8Array;
  mimeType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

/** sharp's format names for the types we keep, and the type each is stored as. */
const KEPT = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
type KeptFormat = keyof typeof KEPT;

/** Largest image, in pixels, decoded at all (a 10 MB PNG can claim gigapixels: a decompression bomb). */
const MAX_PIXELS = 100_000_000;

/**
 * The kind of image `bytes` hold, found by their content (sharp reads the signature), never by
 * a name or a declared type: throws a `RequestError` 413 over `maxBytes`, 415 for anything but
 * JPEG, PNG or WebP, with a reason a customer can act on.
 */
export async function checkImage(bytes: Uint8Array, maxBytes = MAX_PHOTO_BYTES): Promise<KeptFormat> {
  if (bytes.byteLength > maxBytes) throw new RequestError(413, `The photo is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit (${Math.round(maxBytes / 1024 / 1024)} MB per photo)`);
  if (isHeic(bytes)) throw new RequestError(415, 'HEIC photos are not supported yet: send JPEG, PNG or WebP (on an iPhone, Settings → Camera → Formats → Most Compatible)');
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await loadSharp()(bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    throw new RequestError(415, 'The file is not an image: send a photo as JPEG, PNG or WebP');
  }
  if (!format || !(format in KEPT)) throw new RequestError(415, `${format ? format.toUpperCase() : 'This'} images are not accepted: send a photo as JPEG, PNG or WebP`);
  if (pixels > MAX_PIXELS) throw new RequestError(413, `The photo has ${pixels} pixels, over the limit of ${MAX_PIXELS}`);
  return format as KeptFormat;
}

/**
 * Checks an image (see `checkImage`) and re-encodes it in its own format, turned upright by its
 * EXIF orientation and without any metadata: sharp writes no EXIF (GPS, camera, time), XMP, IPTC
 * or ICC profile unless asked to, so nothing the phone recorded about where or when leaves with it.
 */
export async function stripImage(bytes: Uint8Array, maxBytes = MAX_PHOTO_BYTES): Promise<StrippedImage> {
  const format = await checkImage(bytes, maxBytes);
  const pipeline = loadSharp()(bytes, { limitInputPixels: MAX_PIXELS }).rotate();
  const encoded = format === 'jpeg' ? pipeline.jpeg({ quality: 88 }) : format === 'png' ? pipeline.png() : pipeline.webp({ quality: 88 });
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await encoded.toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new RequestError(415, `The photo could not be read (${(err as Error).message}): send it again as JPEG, PNG or WebP`);
  }
  return { bytes: new Uint8Array(result.data), mimeType: KEPT[format], width: result.info.width, height: result.info.height };
}

/** An ISO-BMFF file of an HEIC/HEIF brand (`ftypheic`…), which this build of sharp cannot decode. */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 12) return false;
  const box = Buffer.from(bytes.buffer, bytes.byteOffset, 12).toString('latin1', 4, 12);
  return /^ftyp(heic|heix|hevc|hevx|heim|heis)$/.test(box);
}
