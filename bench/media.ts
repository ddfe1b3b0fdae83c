/**
 * `npm run bench:media`: what storing a customer's photo costs. Prints one JSON object:
 * - `strip`: checking and re-encoding (sharp, metadata stripped) a 12-megapixel phone JPEG
 *   (4000×3000, with GPS EXIF), ms per photo;
 * - `intake`: a multipart `POST /api/web/messages` with that photo through the whole app (parse,
 *   check, strip, store, the message, the turn's reply), ms per request, on in-memory SQLite.
 * Figures depend on the machine and its load: compare runs on the same machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { silentLogger } from '../core/logger';
import { stripImage } from '../media/images';
import { createApp } from '../server/app';

const RUNS = Number(process.env.RUNS) || 10;

/** A noisy 12 MP JPEG (noise keeps it phone-sized, ~3–5 MB) with GPS EXIF. */
async function phonePhoto(): Promise<Uint8Array> {
  const width = 4000;
  const height = 3000;
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
  return new Uint8Array(jpeg);
}

function percentiles(ms: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1]) };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const photo = await phonePhoto();
  const strip: number[] = [];
  for (let i = 0; i < RUNS; i++) strip.push(await time(() => stripImage(photo)));

  const botDir = mkdtempSync(join(tmpdir(), 'bench-photos-'));
  writeFileSync(join(botDir, 'bot.yaml'), 'name: Bench\n');
  const app = await createApp({ botDir, databaseUrl: ':memory:', logger: silentLogger() });
  const intake: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const form = new FormData();
      form.append('userId', `bench-${i}`);
      form.append('file', new Blob([Buffer.from(photo)], { type: 'image/jpeg' }), 'IMG.jpg');
      intake.push(
        await time(async () => {
          const res = await app.fetch(new Request('http://bench/api/web/messages', { method: 'POST', body: form }));
          if (res.status !== 200) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
        }),
      );
    }
  } finally {
    await app.close();
    rmSync(botDir, { recursive: true, force: true });
  }
  const result = { photo: { width: 4000, height: 3000, bytes: photo.byteLength }, runs: RUNS, stripMs: percentiles(strip), intakeMs: percentiles(intake) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
