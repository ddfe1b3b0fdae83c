import sharp, { type OutputInfo } from 'sharp';
import { SwitchboardError } from '../core/errors';
import type { GreyImage } from './barcodes';

/** The image could not be decoded (not an image, truncated, a format sharp does not read). */
export class PhotoFormatError extends SwitchboardError {}

/** How a photo is prepared for reading. */
export interface PreprocessOptions {
  /** The longer side after downscaling, in pixels (smaller photos are not enlarged). */
  maxSide: number;
}

/** A photo made ready for the readers: upright, greyscale, contrast stretched, at most `maxSide` wide. */
export interface PreparedPhoto extends GreyImage {
  /** The same pixels as a binary PGM file, which tesseract reads without a PNG encode and decode. */
  pgm: Buffer;
}

/**
 * Prepares a phone photo for OCR and barcode reading with sharp (libvips, off the event loop):
 * rotated upright by its EXIF orientation, downscaled so a 12-megapixel photo costs the readers
 * what a 2-megapixel one does, greyscale, and normalised (the darkest 1 % black, the brightest
 * 1 % white), which rescues photos taken in low light.
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
  const pgm = Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, pgm };
}
