import sharp, { type OutputInfo } from 'sharp';
import { SwitchboardError } from '../core/errors';
import type { GreyImage } from './barcodes';
import { estimateSkew } from './skew';

/** The image could not be decoded (not an image, truncated, a format sharp does not read). */
export class PhotoFormatError extends SwitchboardError {}

/** How a photo is prepared for reading. */
export interface PreprocessOptions {
  /** The longer side after downscaling, in pixels (smaller photos are not enlarged). */
  maxSide: number;
}

/** A photo made ready for the readers: upright, greyscale, contrast stretched, at most `maxSide` wide. */
export interface PreparedPhoto extends GreyImage {
  /** For OCR: the pixels turned level (by `-skew`) as a binary PGM, which tesseract reads without a PNG encode and decode. */
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
 * 1 % white), which rescues photos taken in low light. For OCR the text is also turned level.
 */
export async function preprocess(image: Uint8Array, options: PreprocessOptions): Promise<PreparedPhoto> {
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
  const skew = estimateSkew({ data: small.data, width: small.info.width, height: small.info.height });
  const level = Math.abs(skew) >= LEVEL_FROM_DEGREES ? await sharp(data, { raw: grey }).rotate(-skew, { background: '#808080' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true }) : { data, info };
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, pgm: pgmOf(level.data, level.info.width, level.info.height), skew };
}

/** A binary greyscale PGM (`P5`): a short header, then the pixels. */
function pgmOf(data: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), data]);
}
