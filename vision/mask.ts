import type { GreyImage } from './barcodes';
import type { Region } from './region';

/** Side of the square blocks edges are counted in, in pixels (about a bar pair of a photographed barcode). */
const BLOCK = 16;
/** A brightness step across a pixel strong enough to be the side of a bar or stroke. */
const EDGE = 40;
/**
 * A block of bars: at least this share of its pixels on a left or right side of a bar (bars: 50–90 %;
 * letters, even small ones, under 25 %: their strokes are further apart)…
 */
const BAR_DENSITY = 0.3;
/** …and fewer top or bottom sides than left and right ones (letters have about as many; bars sheared by 10° about a third). */
const MAX_ACROSS_SHARE = 0.6;
/**
 * A barcode is several blocks wide and at least four tall (64 px: the printed ones are tall);
 * anything smaller is letters with close upright strokes ("NW" of a model number) or a frame.
 */
const MIN_BLOCKS = { wide: 4, tall: 4 };


/**
 * Paints over the barcodes in a greyscale image (in place) with the brightness around them, and
 * returns where they were. For OCR only (the barcode reader gets its own, untouched copy):
 * tesseract takes a barcode's bars for a line of tall letters and, laying out the page, merges the
 * text next to it into that "line" — a label's "Model: NW-4100" above a Code 128 came out as
 * "WRIHEWI". Bars are found as blocks dense with vertical edges and nearly free of horizontal ones
 * (letters have both), grouped into rectangles several blocks wide. Meant for the levelled image:
 * bars of a code tilted with the text are upright there; a shear of up to ~15° still passes.
 */
export function maskBarcodes(image: GreyImage): Region[] {
  const { data, width, height } = image;
  const cols = Math.floor(width / BLOCK);
  const rows = Math.floor(height / BLOCK);
  // Edges per block, counted on every other row (bars are tall; half the cost: ~15 ms for 1,800 px).
  const along = new Uint32Array(cols * rows);
  const across = new Uint32Array(cols * rows);
  for (let y = 1; y < rows * BLOCK && y < height - 1; y += 2) {
    const rowBlocks = Math.floor(y / BLOCK) * cols;
    for (let x = 1; x < cols * BLOCK && x < width - 1; x++) {
      const i = y * width + x;
      const b = rowBlocks + ((x / BLOCK) | 0);
      if (Math.abs(data[i + 1]! - data[i - 1]!) > EDGE) along[b]++;
      if (Math.abs(data[i + width]! - data[i - width]!) > EDGE) across[b]++;
    }
  }
  const bars = new Uint8Array(cols * rows);
  for (let b = 0; b < bars.length; b++) bars[b] = along[b]! >= (BAR_DENSITY * BLOCK * BLOCK) / 2 && across[b]! <= MAX_ACROSS_SHARE * along[b]! ? 1 : 0;
  const boxes = components(bars, cols, rows).filter((c) => c.x1 - c.x0 + 1 >= MIN_BLOCKS.wide && c.y1 - c.y0 + 1 >= MIN_BLOCKS.tall);
  return boxes.map((c) => {
    // One block of margin: the blocks at a code's ends hold a bar or two, short of the density.
    const left = Math.max(0, (c.x0 - 1) * BLOCK);
    const top = Math.max(0, (c.y0 - 1) * BLOCK);
    const box = { left, top, width: Math.min(width, (c.x1 + 2) * BLOCK) - left, height: Math.min(height, (c.y1 + 2) * BLOCK) - top };
    fill(image, box, background(image, box));
    return box;
  });
}

interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The bounding boxes of 4-connected groups of set blocks. */
function components(set: Uint8Array, cols: number, rows: number): Component[] {
  const seen = new Uint8Array(set.length);
  const out: Component[] = [];
  for (let start = 0; start < set.length; start++) {
    if (!set[start] || seen[start]) continue;
    const c = { x0: cols, y0: rows, x1: -1, y1: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const k = stack.pop()!;
      const [x, y] = [k % cols, Math.floor(k / cols)];
      [c.x0, c.y0, c.x1, c.y1] = [Math.min(c.x0, x), Math.min(c.y0, y), Math.max(c.x1, x), Math.max(c.y1, y)];
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const n = ny * cols + nx;
        if (nx >= 0 && nx < cols && ny >= 0 && ny < rows && set[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    out.push(c);
  }
  return out;
}

/** The brightness the code is printed on: the box's 90th percentile (the gaps between bars, the label). */
function background({ data, width }: GreyImage, box: Region): number {
  const histogram = new Uint32Array(256);
  for (let y = box.top; y < box.top + box.height; y++) for (let x = box.left; x < box.left + box.width; x++) histogram[data[y * width + x]!]++;
  let count = 0;
  const wanted = 0.9 * box.width * box.height;
  for (let v = 0; v < 256; v++) if ((count += histogram[v]!) >= wanted) return v;
  return 255;
}

function fill({ data, width }: GreyImage, box: Region, value: number): void {
  for (let y = box.top; y < box.top + box.height; y++) data.fill(value, y * width + box.left, y * width + box.left + box.width);
}
