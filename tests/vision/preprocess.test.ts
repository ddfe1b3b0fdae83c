import sharp from 'sharp';
import { maskBarcodes } from '../../vision/mask';
import { textRegion } from '../../vision/region';

/** A greyscale image drawn from SVG. */
async function grey(svg: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Bars of a barcode: dark and light stripes 2–6 px wide, as printed labels have. */
function bars(x: number, y: number, width: number, height: number): string {
  let out = '';
  for (let at = x, i = 0; at < x + width; i++) {
    const w = 2 + ((i * 7) % 5);
    if (i % 2 === 0) out += `<rect x="${at}" y="${y}" width="${w}" height="${height}" fill="#000"/>`;
    at += w;
  }
  return out;
}

const text = (x: number, y: number, size: number, content: string) => `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" fill="#111">${content}</text>`;

describe('preparing a photo for OCR', () => {
  test('a barcode is painted over with the label around it; the model number beside it is left alone', async () => {
    const image = await grey(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="600"><rect width="1000" height="600" fill="#e8e8e0"/>
      ${text(60, 120, 56, 'Model: NW-4100')}${text(60, 200, 44, 'Serial: 26A-352-4538')}${bars(80, 300, 520, 120)}</svg>`);
    const boxes = maskBarcodes(image);
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    // The bars (x 80–600, y 300–420) are inside the box, the text rows above it are not.
    expect(box.left).toBeLessThanOrEqual(80);
    expect(box.left + box.width).toBeGreaterThanOrEqual(590);
    expect(box.top).toBeGreaterThan(210);
    expect(box.top + box.height).toBeGreaterThanOrEqual(410);
    const inBars = [...image.data.subarray(360 * 1000 + 100, 360 * 1000 + 580)];
    expect(Math.min(...inBars)).toBeGreaterThan(200);
    // The text keeps its dark strokes.
    expect(Math.min(...image.data.subarray(100 * 1000 + 60, 100 * 1000 + 400))).toBeLessThan(60);
  });

  test('text alone is never taken for a barcode', async () => {
    const image = await grey(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="600"><rect width="1000" height="600" fill="#fff"/>
      ${text(40, 100, 64, 'NW-2200 NW-3400 WWW MMM')}${text(40, 220, 28, 'Illinois mill IIII lllll |||| 1111 HHHH')}${text(40, 400, 200, 'E-17')}</svg>`);
    expect(maskBarcodes(image)).toEqual([]);
  });

  test('the text region of a small label on a large, plain surface; none for a plain photo', async () => {
    const image = await grey(`<svg xmlns="http://www.w3.org/2000/svg" width="500" height="375"><rect width="500" height="375" fill="#333"/>
      <rect x="300" y="200" width="150" height="110" fill="#ddd"/>${text(310, 240, 16, 'Model: NW-4100')}${text(310, 270, 14, 'Serial: 26A-352')}</svg>`);
    const region = textRegion(image)!;
    expect(region.left).toBeGreaterThan(250);
    expect(region.top).toBeGreaterThan(150); // the label starts at 200; a margin of a few blocks
    expect(region.left + region.width).toBeLessThanOrEqual(500);
    expect(region.width * region.height).toBeLessThan(0.25 * 500 * 375);
    expect(textRegion(await grey('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="375"><rect width="500" height="375" fill="#357"/></svg>'))).toBeUndefined();
  });
});
