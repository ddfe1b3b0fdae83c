import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { PhotoFormatError } from '../../vision/preprocess';
import { LocalPhotoReader, defaultOcrWorkers, type ImageReading } from '../../vision/reader';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'vision');

describe('the local photo reader (tesseract.js, zxing-wasm, sharp)', () => {
  let reader: LocalPhotoReader;
  beforeAll(() => (reader = new LocalPhotoReader({ ocrWorkers: 1 })));
  afterAll(() => reader.close());

  test('reads the error code on a display photographed at an angle', async () => {
    const reading = await reader.read(readFileSync(join(FIXTURES, 'display.jpg')));
    expect(reading.text).toMatch(/E-17/);
    expect(reading.confidence).toBeGreaterThan(0);
  }, 60_000);

  test('reads a QR code and a Code 128 barcode; a label is read upright by its EXIF orientation, its model number beside the barcode', async () => {
    const qr = await reader.read(readFileSync(join(FIXTURES, 'qr.jpg')));
    expect(qr.codes).toEqual([{ format: 'QRCode', value: expect.stringMatching(/^https:\/\/northwind\.example\/register\?model=NW-4100&s=\d+$/) }]);
    const label = await reader.read(readFileSync(join(FIXTURES, 'label-exif.jpg')));
    expect(label.codes).toEqual([{ format: 'Code128', value: expect.stringMatching(/^\d\dA-\d{3}-\d{4}$/) }]);
    expect(label.text).toMatch(/Serial/);
    // The model number beside the barcode too: the bars are painted over before OCR, which would read them as letters.
    expect(label.text).toMatch(/NW-4100/);
    // The same photo with its orientation ignored lies on its side: nothing readable.
    const sideways = await sharp(readFileSync(join(FIXTURES, 'label-exif.jpg'))).jpeg().toBuffer(); // re-encoded without EXIF
    const unrotated = await reader.read(sideways);
    expect(unrotated.text).not.toMatch(/Serial/);
  }, 60_000);

  test('a photo of nothing useful gives no codes', async () => {
    const reading: ImageReading = await reader.read(readFileSync(join(FIXTURES, 'nothing.jpg')));
    expect(reading.codes).toEqual([]);
    expect(reading.text.replace(/\W/g, '').length).toBeLessThan(6);
  }, 60_000);

  test('bytes that are not an image: a clear error, and the reader keeps working', async () => {
    await expect(reader.read(Buffer.from('not an image at all'))).rejects.toThrow(PhotoFormatError);
    await expect(reader.read(Buffer.from('not an image at all'))).rejects.toThrow(/could not be decoded.*send a JPEG, PNG or WebP/);
    expect((await reader.read(readFileSync(join(FIXTURES, 'qr.jpg')))).codes).toHaveLength(1);
  }, 60_000);

  test('the pool has a worker per core but one, at least one', () => {
    expect(defaultOcrWorkers()).toBeGreaterThanOrEqual(1);
  });

  test('nothing is downloaded: with the network disabled (fetch, sockets, DNS) in every thread, photos are read from node_modules alone', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--require', join(__dirname, 'no-network.js'), join(ROOT, 'bin', 'run-ts.js'), join(__dirname, 'read-offline.ts'), 'display.jpg', 'qr.jpg'],
      { cwd: ROOT, timeout: 90_000 },
    );
    expect(stderr).not.toContain('NETWORK ATTEMPT');
    // The guard holds in worker threads too (where OCR and barcode reading run).
    const probe = await promisify(execFile)(
      process.execPath,
      ['--require', join(__dirname, 'no-network.js'), '-e', `new (require('node:worker_threads').Worker)("fetch('https://cdn.jsdelivr.net/').catch((e) => console.log(e.message))", { eval: true })`],
      { timeout: 30_000 },
    );
    expect(probe.stdout).toContain('network disabled in this test (fetch)');
    const read = JSON.parse(stdout) as Record<string, ImageReading>;
    expect(read['display.jpg'].text).toMatch(/E-17/);
    expect(read['qr.jpg'].codes[0]?.format).toBe('QRCode');
  }, 120_000);
});
