/**
 * Intent recognition benchmark: the n-gram recognizer on CLINC150 (train → val → test) and
 * Banking77 (stratified 80/20 split of train.csv). Prints one JSON object with the metrics of
 * `switchboard eval intents`, the tuned threshold, training CPU time and CLINC's trade-off curve.
 * Data: /work/shared/data or $SWITCHBOARD_DATA. Run: npm run bench:intents
 */
import { join } from 'node:path';
import { evaluateIntents } from '../cli/eval/intents';

const DATA = process.env.SWITCHBOARD_DATA ?? '/work/shared/data';

async function main(): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
