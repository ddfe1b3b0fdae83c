/**
 * Intent recognition benchmark: the n-gram recognizer on CLINC150 (train → val → test) and
 * Banking77 (stratified 80/20 split of train.csv). Prints one JSON object with the metrics of
 * `switchboard eval intents`, the tuned threshold, training CPU time and CLINC's trade-off curve.
 * The data sets are not in the repository: `npm run bench:intents -- --data DIR` (or
 * SWITCHBOARD_DATA=DIR), where DIR holds clinc150/data_full.json and banking77/train.csv.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateIntents } from '../cli/eval/intents';

const FILES = [join('clinc150', 'data_full.json'), join('banking77', 'train.csv')];

/**
 * The data folder from `--data DIR` or SWITCHBOARD_DATA. Throws a message that says where to put
 * the files when it is not given or lacks one, rather than failing later on an odd path.
 */
function dataDir(argv: string[], env: NodeJS.ProcessEnv): string {
  const at = argv.indexOf('--data');
  const given = at >= 0 ? argv[at + 1] : env.SWITCHBOARD_DATA;
  const usage = `bench:intents needs CLINC150 and Banking77: npm run bench:intents -- --data DIR (or SWITCHBOARD_DATA=DIR), where DIR holds ${FILES.join(' and ')}`;
  if (!given) throw new Error(`No data folder given. ${usage}`);
  const dir = resolve(given);
  const missing = FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`${dir} has no ${missing.join(' or ')}. ${usage}`);
  return dir;
}

async function main(): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const DATA = dataDir(process.argv.slice(2), process.env);
  const clincFile = join(DATA, 'clinc150', 'data_full.json');
  const clinc = await evaluateIntents('clinc', clincFile, clincFile, true, log);
  const banking = await evaluateIntents('csv', join(DATA, 'banking77', 'train.csv'), undefined, false, log);
  const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 10000) / 10000);
  const summary = (r: typeof clinc) => ({
    ...Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, round(v)])),
    train_cpu_ms: Math.round(r.trainCpuMs),
    threshold: round(r.threshold),
  });
  const result = {
    clinc150: { ...summary(clinc), curve: clinc.curve?.map((c) => ({ threshold: c.threshold, in_scope_accuracy: round(c.in_scope_accuracy), oos_recall: round(c.oos_recall) })) },
    banking77: summary(banking),
    targets: { clinc150: { in_scope_accuracy: 0.93, oos_recall: 0.6 }, banking77: { accuracy: 0.92 }, train_ms: 10000, predict_p50_ms: 1 },
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
