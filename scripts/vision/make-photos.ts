/**
 * Generates the photo evaluation set for `switchboard eval photos` and `npm run bench:photos`:
 * 12-megapixel JPEG "phone photos" of device displays, product labels, printed error codes, QR
 * tags, care labels and gift cards, and photos with nothing useful — taken at an angle, blurred,
 * in low light, JPEG-compressed, some upright only by their EXIF orientation. No Python: SVG
 * rendered by sharp, barcodes and QR codes by zxing-wasm's writer. The same seed makes the same set.
 *
 *   node bin/run-ts.js scripts/vision/make-photos.ts --out .data/eval-photos [--dev 60] [--test 60] [--seed 7]
 *       [--products bots/demo/catalog.csv]   product packaging with the catalog's barcodes (EAN-13)
 *   node bin/run-ts.js scripts/vision/make-photos.ts --fixtures tests/fixtures/vision --products bots/demo/catalog.csv
 *
 * Writes `<out>/dev/` (tune on it) and `<out>/test/` (held out: report only), each with its photos
 * and `labels.jsonl`: {"file", "article" | null, "product"?, "kind", "shows", "angle", "blur", "light", "quality"}.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type OverlayOptions } from 'sharp';
import { between, drawScene, pick, productBarcode, seeded, type BarcodeSpec, type Random, type Scene } from './scenes';

/** The photo's size: a 12-megapixel phone camera. */
const PHOTO = { width: 4000, height: 3000 };
/** The test fixtures' size: small enough to commit, large enough to read. */
const FIXTURE = { width: 1000, height: 750 };

/** How one photo was taken, recorded with its label. */
interface Shot {
  angle: number;
  shear: number;
  blur: number;
  /** 1 is daylight; 0.3 a dim room. */
  light: number;
  quality: number;
  /** EXIF orientation 6: the pixels lie on their side, the tag says "turn me upright". */
  exifRotated: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.data/eval-photos' },
      dev: { type: 'string', default: '60' },
      test: { type: 'string', default: '60' },
      seed: { type: 'string', default: '7' },
      products: { type: 'string' },
      fixtures: { type: 'string' },
    },
  });
  const products = values.products ? readProducts(values.products) : [];
  if (values.fixtures) return writeFixtures(values.fixtures, products);
  for (const [split, count, seed] of [
    ['dev', Number(values.dev), Number(values.seed)],
    ['test', Number(values.test), Number(values.seed) + 1000],
  ] as const) {
    const dir = join(values.out!, split);
    mkdirSync(dir, { recursive: true });
    const random = seeded(seed);
    const labels: string[] = [];
    for (let i = 0; i < count; i++) {
      const scene = products.length && random() < 0.12 ? productBarcode(random, products) : drawScene(random);
      const shot = takeShot(random, scene);
      const file = `${String(i + 1).padStart(4, '0')}.jpg`;
      writeFileSync(join(dir, file), await photograph(scene, shot, random));
      labels.push(JSON.stringify({ file, article: scene.article, ...(scene.product ? { product: scene.product } : {}), kind: scene.kind, shows: scene.shows, ...shot }));
      process.stderr.write(`\r${split} ${i + 1}/${count}`);
    }
    writeFileSync(join(dir, 'labels.jsonl'), `${labels.join('\n')}\n`);
    process.stderr.write('\n');
  }
}

/** Random but plausible conditions: most photos fair, some hard (steep angle, strong blur, dark, heavy JPEG). */
function takeShot(random: Random, scene: Scene): Shot {
  const hard = random() < 0.3;
  return {
    angle: Math.round(between(random, hard ? -30 : -12, hard ? 30 : 12)),
    shear: Math.round(between(random, -0.25, 0.25) * 100) / 100,
    blur: Math.round(between(random, 0.3, hard ? 4 : 1.8) * 10) / 10,
    light: Math.round(between(random, hard ? 0.3 : 0.6, 1) * 100) / 100,
    quality: Math.round(between(random, hard ? 15 : 45, 90)),
    exifRotated: scene.kind !== 'nothing' && random() < 0.15,
  };
}

/** Renders the scene, draws its barcodes, and "photographs" it: placed, turned, blurred, darkened, compressed. */
async function photograph(scene: Scene, shot: Shot, random: Random, size = PHOTO): Promise<Buffer> {
  const overlays = await Promise.all(scene.barcodes.map(renderBarcode));
  const flat = await sharp(Buffer.from(scene.svg)).composite(overlays).png().toBuffer();
  const width = Math.round(size.width * between(random, 0.55, 0.8));
  const surface = pick(random, ['#6b5d4f', '#4d5a61', '#8c8476', '#2f3a2e']);
  const turned = await sharp(flat)
    .resize({ width })
    .affine([[1, shot.shear], [0, 1]], { background: surface })
    .rotate(shot.angle, { background: surface })
    .resize({ width: size.width - 20, height: size.height - 20, fit: 'inside', withoutEnlargement: true })
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor(between(random, 0, size.width - turned.info.width));
  const top = Math.floor(between(random, 0, size.height - turned.info.height));
  let photo = sharp({ create: { ...size, channels: 3, background: surface } })
    .composite([{ input: turned.data, left, top }])
    .blur(shot.blur)
    .linear(shot.light, 0);
  const pixels = await photo.raw().toBuffer({ resolveWithObject: true });
  addNoise(pixels.data, random, shot.light < 0.6 ? 14 : 5);
  photo = sharp(pixels.data, { raw: pixels.info });
  if (shot.exifRotated) {
    // The camera held sideways: pixels rotated, orientation 6 says how to show them upright.
    const sideways = await photo.rotate(-90).jpeg({ quality: shot.quality }).toBuffer();
    return sharp(sideways).withMetadata({ orientation: 6 }).jpeg({ quality: shot.quality }).toBuffer();
  }
  return photo.jpeg({ quality: shot.quality }).toBuffer();
}

/**
 * The few small photos `npm test` reads (committed under tests/fixtures/vision): a display with a
 * code at an angle, a label upright only by EXIF, a QR tag, and nothing useful; one fair shot each.
 * With `--products`, also `product.jpg`: packaging with a catalog product's EAN-13.
 */
async function writeFixtures(dir: string, products: Array<{ id: string; title: string; barcode: string }>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const wanted: Array<[name: string, kind: Scene['kind'], exifRotated: boolean]> = [
    ['display.jpg', 'display', false],
    ['label-exif.jpg', 'label', true],
    ['qr.jpg', 'qr', false],
    ['nothing.jpg', 'nothing', false],
  ];
  const labels: string[] = [];
  for (const [file, kind, exifRotated] of wanted) {
    const random = seeded(kind.length * 101 + 3);
    let scene = drawScene(random);
    while (scene.kind !== kind || (kind === 'display' && !scene.shows.startsWith('PS-500'))) scene = drawScene(random);
    const shot: Shot = { angle: 8, shear: 0.08, blur: 0.8, light: 0.8, quality: 70, exifRotated };
    writeFileSync(join(dir, file), await photograph(scene, shot, random, FIXTURE));
    labels.push(JSON.stringify({ file, article: scene.article, kind: scene.kind, shows: scene.shows, ...shot }));
  }
  if (products.length) {
    const random = seeded(29);
    const scene = productBarcode(random, products);
    const shot: Shot = { angle: 8, shear: 0.08, blur: 0.8, light: 0.8, quality: 70, exifRotated: false };
    writeFileSync(join(dir, 'product.jpg'), await photograph(scene, shot, random, FIXTURE));
    labels.push(JSON.stringify({ file: 'product.jpg', article: null, product: scene.product, kind: scene.kind, shows: scene.shows, ...shot }));
  }
  writeFileSync(join(dir, 'labels.jsonl'), `${labels.join('\n')}\n`);
}

/** Sensor noise: a dim photo is grainier. */
function addNoise(data: Buffer, random: Random, strength: number): void {
  for (let i = 0; i < data.length; i += 7) {
    const v = data[i]! + (random() - 0.5) * 2 * strength;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

let writer: typeof import('zxing-wasm/writer') | undefined;

/** A barcode drawn by zxing-wasm's writer, its WebAssembly read from node_modules. */
async function renderBarcode(spec: BarcodeSpec): Promise<OverlayOptions> {
  if (!writer) {
    writer = require('zxing-wasm/writer') as typeof import('zxing-wasm/writer');
    const wasm = readFileSync(join(require.resolve('zxing-wasm/writer'), '..', '..', '..', 'writer', 'zxing_writer.wasm'));
    writer.prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer } });
  }
  const result = await writer.writeBarcode(spec.value, { format: spec.format, scale: 4 });
  if (result.error || !result.image) throw new Error(`Could not draw ${spec.format} "${spec.value}": ${result.error}`);
  const png = Buffer.from(await result.image.arrayBuffer());
  return { input: await sharp(png).resize({ width: spec.width, kernel: 'nearest' }).toBuffer(), left: spec.x, top: spec.y };
}

/** Products with a barcode from a catalog CSV (`id`, `title`, `barcode` columns; simple quoting). */
function readProducts(file: string): Array<{ id: string; title: string; barcode: string }> {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = header!.split(',');
  const at = (name: string) => columns.indexOf(name);
  if (at('barcode') < 0) throw new Error(`${file} has no barcode column`);
  return rows
    .map((row) => row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')))
    .map((cells) => ({ id: cells[at('id')]!, title: cells[at('title')]!, barcode: cells[at('barcode')]! }))
    .filter((p) => /^\d{13}$/.test(p.barcode));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
