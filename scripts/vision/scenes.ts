/**
 * The scenes of the photo evaluation set, as SVG: things customers photograph (a device's display,
 * a product label, a printed error message, a care label, a gift card) and photos with nothing
 * useful. Each scene says which article (or catalog product) the right answer comes from.
 */

import { seededRandom } from '../../core/random';

/** A pseudo-random source, seeded: the same seed makes the same set. */
export type Random = () => number;

/** The same sequence for the same seed (mulberry32, `core/random.ts`). */
export const seeded: (seed: number) => Random = seededRandom;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** A barcode to draw into a scene (zxing-wasm's writer renders it). */
export interface BarcodeSpec {
  format: 'QRCode' | 'EAN-13' | 'Code128';
  value: string;
  /** Where and how large, in the scene's pixels. */
  x: number;
  y: number;
  width: number;
}

/** One scene: its SVG, barcodes to draw on it, and what the right answer is. */
export interface Scene {
  kind: 'display' | 'label' | 'printed' | 'qr' | 'barcode' | 'text' | 'nothing';
  svg: string;
  width: number;
  height: number;
  barcodes: BarcodeSpec[];
  /** The article the photo should lead to; null when nothing in it is answerable. */
  article: string | null;
  /** The catalog product (by id) a product barcode should lead to. */
  product?: string;
  /** What was drawn, for reading the report. */
  shows: string;
}

const W = 1600;
const H = 1200;

function svg(body: string, background: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="${background}"/>${body}</svg>`;
}

function text(x: number, y: number, size: number, content: string, options: { font?: string; fill?: string; weight?: string; anchor?: string } = {}): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<text x="${x}" y="${y}" font-family="${options.font ?? 'DejaVu Sans'}" font-size="${size}" font-weight="${options.weight ?? 'normal'}" text-anchor="${options.anchor ?? 'middle'}" fill="${options.fill ?? '#111'}">${escaped}</text>`;
}

const SURFACES = ['#8a7a66', '#5d6b73', '#b8b0a2', '#3e4a3d', '#9c8f7a', '#6f5e52'];

/** The PS-500 power station's display with an error code. */
function stationDisplay(random: Random): Scene {
  const code = pick(random, ['E-17', 'E-21', 'E-30']);
  const shown = pick(random, [code, code.replace('-', ''), code.replace('-', ' ')]);
  const lcd = pick(random, ['#9fd8b0', '#a8c8e8', '#d8e0a0', '#1a2a1a']);
  const ink = lcd === '#1a2a1a' ? '#7dff9a' : '#10201a';
  const body = `
    <rect x="250" y="180" width="1100" height="840" rx="50" fill="#2b2f33"/>
    ${text(800, 270, 46, 'TRAILPOWER  PS-500', { fill: '#d0d0d0', weight: 'bold' })}
    <rect x="400" y="330" width="800" height="420" rx="16" fill="${lcd}"/>
    ${text(800, 600, 230, shown, { font: 'DejaVu Sans Mono', fill: ink, weight: 'bold' })}
    ${text(800, 700, 48, pick(random, ['OUTPUT OFF', 'CHECK MANUAL', '', 'FAULT']), { font: 'DejaVu Sans Mono', fill: ink })}
    <circle cx="450" cy="880" r="40" fill="#555"/><circle cx="1150" cy="880" r="40" fill="#555"/>
    <rect x="640" y="850" width="320" height="70" rx="10" fill="#444"/>`;
  return { kind: 'display', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: 'power-station-errors', shows: `PS-500 display ${shown}` };
}

/** The TW-300 watch's round face with an ERR code. */
function watchDisplay(random: Random): Scene {
  const code = pick(random, ['42', '45']);
  const shown = pick(random, [`ERR ${code}`, `ERR-${code}`, `Err ${code}`]);
  const body = `
    <rect x="700" y="0" width="200" height="1200" fill="#222"/>
    <circle cx="800" cy="600" r="400" fill="#333"/>
    <circle cx="800" cy="600" r="340" fill="${pick(random, ['#e8e8e0', '#101418'])}"/>
    ${text(800, 480, 50, 'SUMMIT TW-300', { fill: '#888' })}
    ${text(800, 660, 170, shown, { font: 'DejaVu Sans Mono', weight: 'bold', fill: random() < 0.5 ? '#c02020' : '#f0a020' })}`;
  return { kind: 'display', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: 'gps-watch-errors', shows: `TW-300 watch ${shown}` };
}

/** The HB-7 battery's small display showing F3. */
function batteryDisplay(random: Random): Scene {
  const body = `
    <rect x="400" y="250" width="800" height="700" rx="60" fill="#1c1c1c"/>
    ${text(800, 360, 60, 'NORTHWIND HB-7', { fill: '#bbb', weight: 'bold' })}
    <rect x="560" y="430" width="480" height="300" rx="10" fill="#0d2a3a"/>
    ${text(800, 650, 220, 'F3', { font: 'DejaVu Sans Mono', weight: 'bold', fill: '#ff5040' })}
    ${text(800, 850, 44, '7.4V  2200mAh', { fill: '#999' })}`;
  return { kind: 'display', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: 'heated-jacket-battery', shows: 'HB-7 battery F3' };
}

/** A white product label with the model number, sometimes with a Code 128 of the serial. */
function productLabel(random: Random): Scene {
  const model = pick(random, ['NW-2200', 'NW-3400', 'NW-4100']);
  const serial = `${Math.floor(between(random, 10, 99))}A-${Math.floor(between(random, 100, 999))}-${Math.floor(between(random, 1000, 9999))}`;
  const withBarcode = random() < 0.5;
  const body = `
    <rect x="300" y="200" width="1000" height="800" fill="#f7f7f2" stroke="#ccc" stroke-width="4"/>
    ${text(800, 310, 70, 'NORTHWIND', { weight: 'bold' })}
    ${text(360, 430, 64, `Model: ${model}`, { anchor: 'start' })}
    ${text(360, 520, 52, `Serial: ${serial}`, { anchor: 'start' })}
    ${text(360, 600, 44, pick(random, ['Made in Portugal', 'Made in Vietnam', 'Designed in Leeds']), { anchor: 'start' })}
    ${withBarcode ? '' : text(360, 680, 40, '100% recycled polyester', { anchor: 'start' })}`;
  const barcodes: BarcodeSpec[] = withBarcode ? [{ format: 'Code128', value: serial, x: 380, y: 700, width: 700 }] : [];
  return { kind: 'label', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes, article: 'product-registration', shows: `label ${model}` };
}

/** A printed page (a service sheet, a manual) naming an error code. */
function printedCode(random: Random): Scene {
  const [code, line] = pick(random, [
    ['E-21', 'Input voltage too high'],
    ['E-17', 'Battery temperature too high'],
    ['E-30', 'Battery fault - stop using'],
    ['ERR 45', 'Memory full'],
  ] as const);
  const article = code.startsWith('ERR') ? 'gps-watch-errors' : 'power-station-errors';
  const body = `
    <rect x="200" y="100" width="1200" height="1000" fill="#fbfaf5"/>
    ${text(260, 220, 52, 'Service note', { anchor: 'start', font: 'DejaVu Serif', weight: 'bold' })}
    ${text(260, 360, 72, `Error code: ${code}`, { anchor: 'start', font: 'DejaVu Serif' })}
    ${text(260, 460, 52, line, { anchor: 'start', font: 'DejaVu Serif' })}
    ${text(260, 600, 40, 'Customer reported the unit stopped.', { anchor: 'start', font: 'DejaVu Serif', fill: '#333' })}`;
  return { kind: 'printed', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article, shows: `printed ${code}` };
}

/** A tag with a QR code whose URL names the model (the registration link). */
function qrTag(random: Random): Scene {
  const model = pick(random, ['NW-2200', 'NW-3400', 'NW-4100']);
  const body = `
    <rect x="450" y="150" width="700" height="900" rx="30" fill="#ffffff"/>
    ${text(800, 260, 52, pick(random, ['Register me', 'Scan to register', 'Extended warranty']), { weight: 'bold' })}`;
  const barcodes: BarcodeSpec[] = [{ format: 'QRCode', value: `https://northwind.example/register?model=${model}&s=${Math.floor(random() * 1e6)}`, x: 550, y: 330, width: 500 }];
  return { kind: 'qr', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes, article: 'product-registration', shows: `QR ${model}` };
}

/** A product's EAN-13 on its packaging: the catalog product with that barcode. */
export function productBarcode(random: Random, products: Array<{ id: string; barcode: string; title: string }>): Scene {
  const product = pick(random, products);
  const body = `
    <rect x="300" y="200" width="1000" height="800" fill="${pick(random, ['#ffffff', '#f3eee0', '#e0ecf3'])}"/>
    ${text(800, 320, 56, product.title.slice(0, 30), { weight: 'bold' })}`;
  const barcodes: BarcodeSpec[] = [{ format: 'EAN-13', value: product.barcode, x: 450, y: 420, width: 700 }];
  return { kind: 'barcode', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes, article: null, product: product.id, shows: `EAN ${product.barcode}` };
}

/** Text without a code that the help centre answers: a care label, a gift card. */
function answerableText(random: Random): Scene {
  if (random() < 0.5) {
    const body = `
      <rect x="450" y="150" width="700" height="900" fill="#f4f1ea"/>
      ${text(800, 300, 54, 'CARE', { weight: 'bold' })}
      ${text(800, 420, 46, 'Wash at 30°C with a')}
      ${text(800, 490, 46, 'technical wash.')}
      ${text(800, 590, 46, 'Reproof the waterproof')}
      ${text(800, 660, 46, 'jacket with a wash-in')}
      ${text(800, 730, 46, 'waterproofer.')}
      ${text(800, 850, 46, 'Do not dry clean.')}`;
    return { kind: 'text', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: 'waterproof-care', shows: 'care label' };
  }
  const body = `
    <rect x="250" y="300" width="1100" height="650" rx="40" fill="#1f4e3d"/>
    ${text(800, 480, 90, 'NORTHWIND', { fill: '#f0e6c8', weight: 'bold' })}
    ${text(800, 600, 80, 'Gift Card', { fill: '#f0e6c8' })}
    ${text(800, 760, 44, 'Check your gift card balance online', { fill: '#f0e6c8' })}
    ${text(800, 830, 40, `Card ${Math.floor(between(random, 1000, 9999))} ${Math.floor(between(random, 1000, 9999))}  PIN on the back`, { fill: '#f0e6c8' })}`;
  return { kind: 'text', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: 'gift-cards', shows: 'gift card' };
}

/** Photos with nothing the bot can use: a landscape, a tent, a wall, a blurred room. */
function nothingUseful(random: Random): Scene {
  const variant = pick(random, ['landscape', 'tent', 'wall', 'shapes'] as const);
  let body = '';
  if (variant === 'landscape') {
    body = `<rect width="1600" height="700" fill="#8fb8e0"/><polygon points="0,900 400,400 800,800 1200,350 1600,850 1600,1200 0,1200" fill="#4a6b3a"/><circle cx="1300" cy="200" r="90" fill="#fff3b0"/>`;
  } else if (variant === 'tent') {
    body = `<rect y="800" width="1600" height="400" fill="#5a7d3a"/><polygon points="400,900 800,350 1200,900" fill="${pick(random, ['#d05a20', '#2a6ab0', '#e0b020'])}"/><polygon points="700,900 800,650 900,900" fill="#222"/>`;
  } else if (variant === 'wall') {
    body = Array.from({ length: 12 }, (_, i) => `<rect x="0" y="${i * 100}" width="1600" height="96" fill="${i % 2 ? '#b06040' : '#a85a3a'}"/>`).join('');
  } else {
    body = Array.from({ length: 9 }, () => `<circle cx="${between(random, 100, 1500)}" cy="${between(random, 100, 1100)}" r="${between(random, 40, 220)}" fill="${pick(random, ['#c44', '#4c4', '#44c', '#cc4', '#4cc'])}" opacity="0.7"/>`).join('');
  }
  return { kind: 'nothing', svg: svg(body, pick(random, SURFACES)), width: W, height: H, barcodes: [], article: null, shows: `nothing (${variant})` };
}

/** The mix of scenes in each split: mostly codes (what photos are for), then text, QR, nothing. */
export const SCENE_MIX: Array<[weight: number, make: (random: Random) => Scene]> = [
  [4, stationDisplay],
  [2, watchDisplay],
  [1, batteryDisplay],
  [3, productLabel],
  [2, printedCode],
  [2, qrTag],
  [2, answerableText],
  [2, nothingUseful],
];

/** Draws a scene by the weights of `SCENE_MIX`. */
export function drawScene(random: Random): Scene {
  const total = SCENE_MIX.reduce((sum, [w]) => sum + w, 0);
  let r = random() * total;
  for (const [weight, make] of SCENE_MIX) {
    if ((r -= weight) < 0) return make(random);
  }
  return SCENE_MIX[0]![1](random);
}
