import { resolve } from 'node:path';
import type { Command } from '../main';
import { DatasetError, readClinc, readCsv, stratifiedSplit, toTraining, type LabeledText } from '../../dialogs/intents/datasets';
import { predictAll, qualityMetrics, tradeOffCurve, type IntentMetrics } from '../../dialogs/intents/evaluate';
import { EmbeddingRecognizer } from '../../dialogs/intents/embedding';
import { EnsembleRecognizer } from '../../dialogs/intents/ensemble';
import type { LinearOptions, TrainOptions } from '../../dialogs/intents/linear';
import { NgramRecognizer } from '../../dialogs/intents/ngram';
import type { IntentExample, IntentRecognizer } from '../../dialogs/intents/types';

const USAGE = `Usage: switchboard eval intents --train FILE [--test FILE] --format clinc|csv [--json] [--curve]
                                [--model DIR [--recognizer embedding|ensemble]]

Trains an intent recognizer on FILE and scores it (default: character n-grams).
  --format clinc  CLINC150's data_full.json: trains on train (+oos_train), calibrates on
                  val (+oos_val), scores test (+oos_test) — of --test when it is another file.
  --format csv    text,category rows (Banking77's train.csv; category "oos" = out of scope).
                  Without --test (or with the same file) a stratified 20 % is held out.
  --json          Print one JSON object: in_scope_accuracy, oos_recall, accuracy, macro_f1,
                  train_ms, predict_p50_ms (fractions 0–1, milliseconds).
  --curve         Also print in-scope accuracy against out-of-scope recall over thresholds.
  --model DIR     A local feature-extraction model (config.json, tokenizer.json,
                  onnx/model.onnx): scores n-grams + embeddings together (--recognizer
                  ensemble, the default with --model) or the embeddings alone.`;

/** Which recognizer to score: n-grams alone, or with/instead of a local embedding model. */
export interface RecognizerChoice {
  model?: string;
  recognizer?: string;
}

/** A recognizer that can take held-out data to calibrate on and tells its threshold. */
type Evaluable = IntentRecognizer & { train(examples: IntentExample[], options?: TrainOptions): Promise<void>; calibration: { threshold: number } };

function makeRecognizer(choice: RecognizerChoice, options: LinearOptions): Evaluable {
  const kind = choice.recognizer ?? (choice.model ? 'ensemble' : 'ngram');
  if (!['ngram', 'embedding', 'ensemble'].includes(kind)) throw new DatasetError(`Unknown --recognizer "${kind}": use ngram, embedding or ensemble.`);
  if (kind === 'ngram') return new NgramRecognizer(options);
  if (!choice.model) throw new DatasetError(`--recognizer ${kind} needs --model DIR (a local feature-extraction model folder).`);
  let embedding: EmbeddingRecognizer;
  try {
    embedding = new EmbeddingRecognizer({ ...options, model: choice.model });
  } catch (err) {
    throw new DatasetError((err as Error).message);
  }
  if (kind === 'embedding') return embedding;
  return new EnsembleRecognizer([{ recognizer: new NgramRecognizer(options) }, { recognizer: embedding }], { threshold: options.threshold });
}

/** Train, calibration and test data for one run, as the command line describes them. */
export function loadSplits(format: string, trainFile: string, testFile?: string): { train: LabeledText[]; validation?: LabeledText[]; test: LabeledText[] } {
  const sameFile = !testFile || resolve(testFile) === resolve(trainFile);
  if (format === 'clinc') {
    const data = readClinc(trainFile);
    return { train: data.train, validation: data.validation.length ? data.validation : undefined, test: sameFile ? data.test : readClinc(testFile).test };
  }
  const rows = readCsv(trainFile);
  if (sameFile) {
    const [train, test] = stratifiedSplit(rows, 0.2);
    return { train, test };
  }
  return { train: rows, test: readCsv(testFile) };
}

function describe(m: IntentMetrics, threshold: number): string {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  return [
    `in-scope accuracy   ${pct(m.in_scope_accuracy)}`,
    `out-of-scope recall ${m.oos_recall === null ? 'n/a (no out-of-scope test data)' : pct(m.oos_recall)}`,
    `accuracy            ${pct(m.accuracy)}`,
    `macro-F1            ${pct(m.macro_f1)}`,
    `training            ${m.train_ms.toFixed(0)} ms`,
    `prediction p50      ${m.predict_p50_ms.toFixed(3)} ms`,
    `(out-of-scope threshold ${threshold.toFixed(3)})`,
  ].join('\n');
}

/** Runs the evaluation; returns the metrics, the threshold used and the curve if asked for. */
export async function evaluateIntents(format: string, trainFile: string, testFile: string | undefined, curve: boolean, log: (line: string) => void, choice: RecognizerChoice = {}) {
  const splits = loadSplits(format, trainFile, testFile);
  const { examples, outOfScope } = toTraining(splits.train);
  if (examples.length === 0) throw new DatasetError(`${trainFile} has no in-scope training examples.`);
  if (splits.test.length === 0) throw new DatasetError(`${testFile ?? trainFile} has no test utterances.`);
  const anyOos = outOfScope.length > 0 || [...(splits.validation ?? []), ...splits.test].some((t) => t.intent === null);
  // Closed-set data (every utterance has an intent): rejecting anything can only cost accuracy.
  const recognizer = makeRecognizer(choice, { threshold: anyOos ? undefined : 0, onProgress: (step) => log(`  ${step}…`) });
  log(`Training on ${examples.length} examples${outOfScope.length ? ` + ${outOfScope.length} out-of-scope` : ''}…`);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await recognizer.train(examples, { outOfScope, validation: splits.validation });
  const trainMs = performance.now() - start;
  // CPU time as well: on a shared machine wall-clock time measures the neighbours too.
  const trainCpuMs = process.cpuUsage(cpu).user / 1000;
  log(`Predicting ${splits.test.length} utterances…`);
  const { scored, p50 } = await predictAll(recognizer, splits.test, (n) => log(`  ${n}/${splits.test.length}`));
  const quality = qualityMetrics(scored.map((s) => ({ gold: s.gold, predicted: s.prediction.intent })));
  const metrics: IntentMetrics = { ...quality, train_ms: trainMs, predict_p50_ms: p50 };
  const { threshold } = recognizer.calibration;
  const thresholds = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
  return { metrics, threshold, trainCpuMs, curve: curve ? tradeOffCurve(scored, threshold, thresholds) : undefined };
}

const command: Command = {
  name: 'eval intents',
  summary: 'Score the intent recognizer on CLINC150-style JSON or text,category CSV',
  usage: USAGE,
  options: {
    train: { type: 'string' },
    test: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    curve: { type: 'boolean' },
    model: { type: 'string' },
    recognizer: { type: 'string' },
  },
  async run({ values }) {
    const format = values.format as string | undefined;
    const train = values.train as string | undefined;
    if (!train || !format) {
      console.error(`${!train ? '--train FILE' : '--format clinc|csv'} is required.\n\n${USAGE}`);
      return 2;
    }
    if (format !== 'clinc' && format !== 'csv') {
      console.error(`Unknown --format "${format}": use clinc (CLINC150 data_full.json) or csv (text,category rows).`);
      return 2;
    }
    try {
      const choice = { model: values.model as string | undefined, recognizer: values.recognizer as string | undefined };
      const result = await evaluateIntents(format, train, values.test as string | undefined, Boolean(values.curve), (line) => console.error(line), choice);
      if (values.json) console.log(JSON.stringify(result.metrics));
      else console.log(describe(result.metrics, result.threshold));
      if (result.curve) {
        const lines = result.curve.map((c) => `${c.threshold.toFixed(2)}  ${(c.in_scope_accuracy * 100).toFixed(2)}%  ${c.oos_recall === null ? 'n/a' : `${(c.oos_recall * 100).toFixed(2)}%`}`);
        (values.json ? console.error : console.log)(['threshold  in-scope  oos-recall', ...lines].join('\n'));
      }
      return 0;
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
      console.error(err.message);
      return 1;
    }
  },
};

export default command;
