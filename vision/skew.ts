import type { GreyImage } from './barcodes';

/** The angles tried, in degrees: a phone photo of a label or display is rarely tilted more. */
const MAX_DEGREES = 30;
const STEP_DEGREES = 1;

/**
 * How far the text in a photo is tilted, in degrees (positive: clockwise), so it can be turned
 * level before OCR — tesseract reads lines tilted by more than a few degrees poorly. The edges of
 * letters (and of the label or display around them) line up along the text's rows: for each
 * candidate angle the edge pixels are projected onto the rows that angle would give, and the angle
 * whose rows are most sharply peaked (largest sum of squared row counts) wins. Meant for a small
 * copy of the photo (about 500 pixels wide): a few milliseconds.
 */
export function estimateSkew(image: GreyImage): number {
  const edges = edgePixels(image);
  if (edges.length < 200) return 0;
  let best = 0;
  let bestScore = -1;
  for (let degrees = -MAX_DEGREES; degrees <= MAX_DEGREES; degrees += STEP_DEGREES) {
    const score = rowPeakiness(edges, image, (degrees * Math.PI) / 180);
    if (score > bestScore) [best, bestScore] = [degrees, score];
  }
  return best;
}

/** Coordinates (x, y pairs) of pixels on a strong vertical brightness change: the tops and bottoms of strokes. */
function edgePixels({ data, width, height }: GreyImage): Int32Array {
  const out: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const dy = Math.abs(data[i + width]! - data[i - width]!);
      if (dy > 48) out.push(x, y);
    }
  }
  return Int32Array.from(out);
}

/** How peaked the row profile is when the edges are read along rows tilted by `radians`. */
function rowPeakiness(edges: Int32Array, image: GreyImage, radians: number): number {
  const sin = Math.sin(radians);
  const cos = Math.cos(radians);
  const offset = Math.ceil(image.width * Math.abs(sin)) + 1;
  const rows = new Float64Array(image.height + 2 * offset + 2);
  for (let k = 0; k < edges.length; k += 2) {
    const row = Math.round(edges[k + 1]! * cos - edges[k]! * sin) + offset;
    if (row >= 0 && row < rows.length) rows[row]++;
  }
  let sum = 0;
  for (const count of rows) sum += count * count;
  return sum;
}
