import type { Command } from '../main';
import { evaluatePhotos, report, type PhotoResult } from './photos/run';

const usage = `Usage: switchboard eval photos --bot DIR --set DIR [--json] [--details]

Sends each photo of an evaluation set to the bot as a new web chat visitor (multipart POST
/api/web/messages: stored and stripped by the media module, read by OCR and the barcode reader,
answered by the vision module) and reports the share that leads to the right article or product,
wrong answers, and the time per photo (p50/p95, the whole request).

  --bot DIR    the bot folder (bot.yaml, knowledge, catalog)
  --set DIR    a set's folder: photos and labels.jsonl, one line per photo:
               {"file": "0001.jpg", "article": "<id>" | null, "product"?: "<id>", "kind": "display"}
               (scripts/vision/make-photos.ts generates one: dev/ to tune on, test/ held out)
  --json       print one JSON object
  --details    also list every photo not answered right`;

function details(results: PhotoResult[]): string {
  return results
    .filter((r) => r.outcome !== 'right')
    .map((r) => `${r.outcome.padEnd(12)} ${r.file}  ${r.shows ?? r.kind}  gold=${r.product ?? r.article ?? '-'}  got=${JSON.stringify(r.trace ?? null)}`)
    .join('\n');
}

const command: Command = {
  name: 'photos',
  summary: 'Measure visual troubleshooting on a set of photos, through the real web chat path',
  usage,
  options: { bot: { type: 'string' }, set: { type: 'string' }, json: { type: 'boolean' }, details: { type: 'boolean' } },
  async run({ values }) {
    const v = values as { bot?: string; set?: string; json?: boolean; details?: boolean };
    if (!v.bot || !v.set) {
      console.error(`Give --bot DIR and --set DIR.\n\n${usage}`);
      return 2;
    }
    try {
      const results = await evaluatePhotos(v.bot, v.set, { onProgress: v.json ? undefined : (done, total) => process.stderr.write(`\r${done}/${total}`) });
      const out = report(results);
      if (v.json) console.log(JSON.stringify(v.details ? { ...out, results } : out));
      else {
        process.stderr.write('\n');
        const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
        console.log(`${out.photos} photos: right ${pct(out.right)}, right or offered ${pct(out.right_or_offered)}, wrong ${pct(out.wrong)}, none ${pct(out.none)}; p50 ${out.p50_ms} ms, p95 ${out.p95_ms} ms`);
        for (const [kind, k] of Object.entries(out.by_kind)) console.log(`  ${kind.padEnd(10)} n=${String(k.n).padStart(3)}  right ${pct(k.right)}  wrong ${pct(k.wrong)}`);
        if (v.details) console.log(`\n${details(results)}`);
      }
      return 0;
    } catch (err) {
      console.error((err as Error).message);
      return 1;
    }
  },
};

export default command;
