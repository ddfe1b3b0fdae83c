import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed tiny BERT-like ONNX model (fixtures/tiny-bert, made by fixtures/make_tiny_bert.py). */
export const TINY_MODEL_DIR = join(__dirname, 'fixtures', 'tiny-bert');

/**
 * Returns the folder of the committed tiny model after checking that its vocabulary was built
 * from `corpus`. The model is a fixture so `npm test` needs no Python; when the training phrases
 * change, the check says how to rebuild it rather than letting the tests fail on odd vectors.
 */
export function tinyModelFor(corpus: string[]): string {
  const built = readFileSync(join(TINY_MODEL_DIR, 'corpus.txt'), 'utf8');
  if (built !== corpus.join('\n')) {
    throw new Error(
      'tests/intents/fixtures/tiny-bert was built from other phrases than fixtures/multilingual.ts. Rebuild it (needs python3 with onnx and numpy):\n' +
        '  write the phrases, one a line, to tests/intents/fixtures/tiny-bert/corpus.txt, then\n' +
        '  python3 tests/intents/fixtures/make_tiny_bert.py tests/intents/fixtures/tiny-bert tests/intents/fixtures/tiny-bert/corpus.txt',
    );
  }
  return TINY_MODEL_DIR;
}
