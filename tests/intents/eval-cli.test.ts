import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { OUT_OF_SCOPE, TRAIN } from './fixtures/multilingual';

const CSV = join(__dirname, 'fixtures', 'tiny.csv');

describe('switchboard eval intents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-intents-'));
  const clinc = join(dir, 'data_full.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pairs = (items: Array<{ text: string; intent: string }>) => items.map((e) => [e.text, e.intent]);
  writeFileSync(
    clinc,
    JSON.stringify({
      train: pairs(TRAIN),
      oos_train: OUT_OF_SCOPE.map((t) => [t, 'oos']),
      val: [['where is my package', 'order_status'], ['are you open today', 'opening_hours'], ['I want a refund', 'return_item']],
      oos_val: [['what is the weather in berlin', 'oos']],
      // Training phrases (sure hits), one phrase under an intent training never saw (a sure miss).
      test: [
        ['where is my order', 'order_status'],
        ['我的订单在哪里', 'order_status'],
        ['what are your opening hours', 'opening_hours'],
        ['je voudrais un remboursement', 'return_item'],
        ['where is my order', 'cancel_order'],
      ],
      oos_test: [['tell me a joke about penguins', 'oos'], ['how tall is mount everest', 'oos']],
    }),
  );

  it('scores a CLINC-format file: train, calibrate on val, score test, exactly these keys in --json', async () => {
    const { code, out, err } = await runCli('eval', 'intents', '--train', clinc, '--test', clinc, '--format', 'clinc', '--json');
    expect(code).toBe(0);
    const metrics = JSON.parse(out);
    expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'in_scope_accuracy', 'macro_f1', 'oos_recall', 'predict_p50_ms', 'train_ms']);
    // order_status F1 4/5 (one false positive), opening_hours 1, return_item 1, cancel_order 0, out of scope 1.
    expect(metrics).toMatchObject({ in_scope_accuracy: 0.8, oos_recall: 1, accuracy: 6 / 7 });
    expect(metrics.macro_f1).toBeCloseTo((0.8 + 1 + 1 + 0 + 1) / 5, 10);
    expect(metrics.train_ms).toBeGreaterThan(0);
    expect(metrics.predict_p50_ms).toBeGreaterThan(0);
    expect(err).toMatch(/Training on 48 examples \+ 10 out-of-scope/);
  });

  it('holds out a stratified 20 % of a CSV, reads RFC 4180 quoting, and prints a readable report', async () => {
    const { code, out } = await runCli('eval', 'intents', '--train', CSV, '--format', 'csv', '--curve');
    expect(code).toBe(0);
    // Held out: the 5th row of each category. "where is my order" filed under hours is a miss.
    expect(out).toMatch(/in-scope accuracy\s+66\.67%/);
    expect(out).toMatch(/out-of-scope recall n\/a/);
    expect(out).toMatch(/macro-F1\s+55\.56%/);
    expect(out).toMatch(/threshold\s+in-scope\s+oos-recall/);
  });

  it('scores another CSV given as --test, with null oos_recall when there is no out-of-scope data', async () => {
    const test = join(dir, 'test.csv');
    writeFileSync(test, 'text,category\nwhen will my order arrive,order\nwhen do you close today,hours\n');
    const { code, out } = await runCli('eval', 'intents', '--train', CSV, '--test', test, '--format', 'csv', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ in_scope_accuracy: 1, oos_recall: null, accuracy: 1, macro_f1: 1 });
  });

  it.each([
    [['--train', join(dir, 'missing.json'), '--format', 'clinc'], 1, /Cannot read .*missing\.json: no such file/],
    [['--train', CSV, '--format', 'xml'], 2, /Unknown --format "xml": use clinc .* or csv/],
    [['--train', CSV], 2, /--format clinc\|csv is required/],
    [['--format', 'csv'], 2, /--train FILE is required/],
    [['--train', CSV, '--format', 'clinc'], 1, /is not JSON .*--format clinc expects CLINC150's data_full\.json/],
    [['--train', clinc, '--format', 'csv'], 1, /needs a header row with "text" and "category" columns/],
    [['--train', CSV, '--format', 'csv', '--recognizer', 'embedding'], 1, /--recognizer embedding needs --model DIR/],
    [['--train', CSV, '--format', 'csv', '--recognizer', 'bayes'], 1, /Unknown --recognizer "bayes": use ngram, embedding or ensemble/],
    [['--train', CSV, '--format', 'csv', '--model', join(dir, 'nomodel')], 1, /No model at .*nomodel: expected a folder with config\.json/],
  ])('rejects %p with exit code %p and a message saying the fix', async (args, exitCode, message) => {
    const { code, err } = await runCli('eval', 'intents', ...(args as string[]));
    expect(code).toBe(exitCode);
    expect(err).toMatch(message as RegExp);
  });

  it('says so when a file holds no data', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'text,category\n');
    expect((await runCli('eval', 'intents', '--train', empty, '--format', 'csv')).err).toMatch(/has no in-scope training examples/);
    const noTest = join(dir, 'no-test.json');
    writeFileSync(noTest, JSON.stringify({ train: [['hi', 'greet']], test: [] }));
    const result = await runCli('eval', 'intents', '--train', noTest, '--format', 'clinc');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/has no test utterances/);
  });
});
