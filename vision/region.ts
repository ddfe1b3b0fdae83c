import type { GreyImage } from './barcodes';

/** A rectangle of an image, in pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Side of the square blocks edges are counted in, in pixels of the small copy. */
const BLOCK = 8;
/** A brightness step across a pixel strong enough to be the side of a stroke. */
const EDGE = 40;
/** Share of a block's pixels on stroke sides for it to hold text (text: 15–40 %; a plain surface or one long edge: a few). */
const TEXT_DENSITY = 0.12;
/** Blocks of margin kept around the text found. */
const MARGIN_BLOCKS = 3;
/** A region this large is the whole photo: no crop. */
const MAX_SHARE = 0.7;

/**
 * Where the text and codes in a photo are: the bounding box of the blocks dense with stroke
 * edges (each next to another such block: text comes in runs), with a margin; undefined when there
 * is none or it covers most of the photo. Meant for a small copy (about 500 pixels wide).
 *
 * Why crop: tesseract binarises the whole image with one (Otsu) threshold and then lays the page
 * out from the black regions. A small display or label on a large dark surface gets a threshold
 * fit for the surface, the display's text falls into the same class as the surface, and the
 * layout takes it for part of a picture: on the dev set, 7 of 8 watch faces read nothing at all.
 * Cropped, the display's own contrast sets the threshold.
 */
export function textRegion({ data, width, height }: GreyImage): Region | undefined {
  const cols = Math.floor(width / BLOCK);
  const rows = Math.floor(height / BLOCK);
  if (cols < 3 || rows < 3) return undefined;
  const edges = new Uint32Array(cols * rows);
  for (let y = 1; y < rows * BLOCK && y < height - 1; y++) {
    const rowBlocks = Math.floor(y / BLOCK) * cols;
    for (let x = 1; x < cols * BLOCK && x < width - 1; x++) {
      const i = y * width + x;
      if (Math.abs(data[i + 1]! - data[i - 1]!) > EDGE || Math.abs(data[i + width]! - data[i - width]!) > EDGE) edges[rowBlocks + ((x / BLOCK) | 0)]++;
    }
  }
  const dense = edges.map((n) => (n >= TEXT_DENSITY * BLOCK * BLOCK ? 1 : 0));
  let [x0, y0, x1, y1] = [cols, rows, -1, -1];
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      if (!dense[by * cols + bx] || !hasDenseNeighbour(dense, cols, rows, bx, by)) continue;
      [x0, y0, x1, y1] = [Math.min(x0, bx), Math.min(y0, by), Math.max(x1, bx), Math.max(y1, by)];
    }
  }
  if (x1 < 0) return undefined;
  const left = Math.max(0, (x0 - MARGIN_BLOCKS) * BLOCK);
  const top = Math.max(0, (y0 - MARGIN_BLOCKS) * BLOCK);
  const region = { left, top, width: Math.min(width, (x1 + 1 + MARGIN_BLOCKS) * BLOCK) - left, height: Math.min(height, (y1 + 1 + MARGIN_BLOCKS) * BLOCK) - top };
  return region.width * region.height > MAX_SHARE * width * height ? undefined : region;
}

function hasDenseNeighbour(dense: Uint32Array, cols: number, rows: number, bx: number, by: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const [x, y] = [bx + dx, by + dy];
      if ((dx || dy) && x >= 0 && x < cols && y >= 0 && y < rows && dense[y * cols + x]) return true;
    }
  }
  return false;
}
