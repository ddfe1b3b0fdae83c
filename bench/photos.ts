/**
 * `npm run bench:photos -- --set DIR [--bot bots/demo] [--limit N] [--concurrent 4]`: what reading a
 * customer's photo costs on this machine, through the real web chat path (multipart POST, media
 * module, photo reader, vision module), printed as one JSON object:
 * - `sequential`: one photo at a time — wall time p50/p95 per photo and CPU time per photo (all
 *   threads: sharp, OCR and barcode workers), the figure that does not depend on other load;
 * - `concurrent`: `--concurrent` photos at once while another visitor keeps chatting — that
 *   visitor's reply times and the event loop's delay, which show whether photos block other
 *   conversations.
 * The set is one `scripts/vision/make-photos.ts` made (12-megapixel JPEGs).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebChatDriver } from '../cli/eval/answers/driver';
import { quantile } from '../cli/eval/answers/classify';
import { readLabels } from '../cli/eval/photos/run';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { set: { type: 'string' }, bot: { type: 'string', default: 'bots/demo' }, limit: { type: 'string', default: '40' }, concurrent: { type: 'string', default: '4' } } });
  if (!values.set) throw new Error('Give --set DIR (a folder made by scripts/vision/make-photos.ts, e.g. .data/eval-photos/dev)');
  const photos = readLabels(values.set).slice(0, Number(values.limit)).map((p) => ({ name: p.file, bytes: readFileSync(join(values.set!, p.file)), type: 'image/jpeg' }));
  const driver = await WebChatDriver.start(values.bot!);
  try {
    await driver.sendPhoto('bench-warm-up', photos[0]!); // starts the OCR and barcode workers
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const [i, photo] of photos.entries()) {
      const before = process.cpuUsage();
      wall.push((await driver.sendPhoto(`bench-seq-${i}`, photo)).ms);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    const concurrent = await concurrentRun(driver, photos, Number(values.concurrent));
    const round = (n: number) => Math.round(n);
    console.log(
      JSON.stringify({
        photos: photos.length,
        megapixels: await megapixels(photos[0]!.bytes),
        cores: availableParallelism(),
        load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
        sequential: { p50_ms: round(quantile(wall, 0.5)), p95_ms: round(quantile(wall, 0.95)), cpu_ms_per_photo_p50: round(quantile(cpu, 0.5)), cpu_ms_per_photo_p95: round(quantile(cpu, 0.95)) },
        concurrent,
      }),
    );
  } finally {
    await driver.close();
  }
}

/** `n` photos at once, while another visitor sends a text every 100 ms: their reply times and the event loop's delay. */
async function concurrentRun(driver: WebChatDriver, photos: Array<{ name: string; bytes: Buffer; type: string }>, n: number) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const chat: number[] = [];
  let done = false;
  loop.enable();
  const started = performance.now();
  const photoRuns = Promise.all(photos.slice(0, n).map((photo, i) => driver.sendPhoto(`bench-par-${i}`, photo))).finally(() => (done = true));
  const chatter = (async () => {
    for (let i = 0; !done; i++) {
      chat.push((await driver.send('bench-chatter', { text: i % 2 ? 'What are your opening hours?' : 'How do I return an item?' })).ms);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const results = await photoRuns;
  await chatter;
  loop.disable();
  return {
    photos: n,
    all_photos_answered_ms: Math.round(performance.now() - started),
    photo_p95_ms: Math.round(quantile(results.map((r) => r.ms), 0.95)),
    other_visitor_replies: chat.length,
    other_visitor_p50_ms: Math.round(quantile(chat, 0.5)),
    other_visitor_max_ms: Math.round(Math.max(0, ...chat)),
    event_loop_delay_p99_ms: Math.round(loop.percentile(99) / 1e6),
    event_loop_delay_max_ms: Math.round(loop.max / 1e6),
  };
}

async function megapixels(bytes: Buffer): Promise<number> {
  const sharp = (await import('sharp')).default;
  const meta = await sharp(bytes).metadata();
  return Math.round(((meta.width ?? 0) * (meta.height ?? 0)) / 1e5) / 10;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
