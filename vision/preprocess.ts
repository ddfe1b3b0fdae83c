import type { OutputInfo } from 'sharp';
import { SwitchboardError } from '../core/errors';
import { lazy } from '../core/lazy';
import type { GreyImage } from './barcodes';
import { maskBarcodes } from './mask';
import { textRegion, type Region } from './region';
import { estimateSkew } from './skew';

// sharp (libvips, ~13 MB of native code and memory) is loaded by the first photo read: a bot that
// receives no photos never loads it.
const loadSharp = lazy(() => require('sharp') as typeof import('sharp').default);

/** The image could not be decoded (not an image, truncated, a format sharp does not read). */
export class PhotoFormatError extends SwitchboardError {}

/** How a photo is prepared for reading. */
export interface PreprocessOptions {
  /** The longer side after downscaling, in pixels (smaller photos are not enlarged). */
  maxSide: number;
}

/** A photo made ready for the readers: upright, greyscale, contrast stretched, at most `maxSide` wide. */
export interface PreparedPhoto extends GreyImage {
  /** For OCR: the part with text, turned level (by `-skew`), barcodes painted over, as a binary PGM (tesseract reads it without a PNG encode and decode). */
  pgm: Buffer;
  /** How far the text was tilted, in degrees clockwise (see `estimateSkew`). */
  skew: number;
}

/** The width of the copy the tilt is measured on: enough for rows of text, a few ms to scan. */
const SKEW_WIDTH = 500;
/** Tilts below this are left to tesseract, which copes with a few degrees. */
const LEVEL_FROM_DEGREES = 2;

/**
 * Prepares a phone photo for OCR and barcode reading with sharp (libvips, off the event loop):
 * rotated upright by its EXIF orientation, downscaled so a 12-megapixel photo costs the readers
 * what a 2-megapixel one does, greyscale, and normalised (the darkest 1 % black, the brightest
 * 1 % white), which rescues photos taken in low light. The barcode reader gets that image. For
 * OCR, the part with text is cut out and normalised on its own (`textRegion`: a small display on
 * a large surface otherwise gets the surface's threshold), turned level, and its barcodes painted
 * over (`maskBarcodes`: tesseract reads bars as letters and loses the text beside them).
 */
export async function preprocess(image: Uint8Array, options: PreprocessOptions): Promise<PreparedPhoto> {
  const sharp = loadSharp();
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await sharp(image, { failOn: 'truncated' })
      .rotate()
      .resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .normalise()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new PhotoFormatError(`The photo could not be decoded (${(err as Error).message}); send a JPEG, PNG or WebP image`, { cause: err });
  }
  const { data, info } = result;
  const grey = { width: info.width, height: info.height, channels: 1 as const };
  const small = await sharp(data, { raw: grey }).resize({ width: Math.min(SKEW_WIDTH, info.width) }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const smallImage = { data: small.data, width: small.info.width, height: small.info.height };
  const skew = estimateSkew(smallImage);
  let ocr = sharp(data, { raw: grey });
  const region = scaled(textRegion(smallImage), info.width / small.info.width, info);
  if (region) ocr = sharp(await ocr.extract(region).normalise().toColourspace('b-w').raw().toBuffer(), { raw: { width: region.width, height: region.height, channels: 1 } });
  if (Math.abs(skew) >= LEVEL_FROM_DEGREES) ocr = ocr.rotate(-skew, { background: '#808080' });
  const level = await ocr.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  maskBarcodes({ data: level.data, width: level.info.width, height: level.info.height });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, pgm: pgmOf(level.data, level.info.width, level.info.height), skew };
}

/** A region of the small copy in the full image's pixels, kept inside it. */
function scaled(region: Region | undefined, factor: number, image: { width: number; height: number }): Region | undefined {
  if (!region) return undefined;
  const left = Math.floor(region.left * factor);
  const top = Math.floor(region.top * factor);
  return { left, top, width: Math.min(image.width - left, Math.ceil(region.width * factor)), height: Math.min(image.height - top, Math.ceil(region.height * factor)) };
}

/** A binary greyscale PGM (`P5`): a short header, then the pixels. */
function pgmOf(data: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), data]);
}
