/**
 * @jest-environment ./tests/env/onnx-environment.js
 */
import { join } from 'node:path';
import { main } from '../../cli/main';
import { EmbeddingRecognizer } from '../../dialogs/intents/embedding';
import { EnsembleRecognizer } from '../../dialogs/intents/ensemble';
import { NgramRecognizer } from '../../dialogs/intents/ngram';
import { OUT_OF_SCOPE, PARAPHRASES, TRAIN } from './fixtures/multilingual';
import { tinyModelFor } from './tiny-model';

describe('EmbeddingRecognizer on a local ONNX model', () => {
  // The tiny model's vocabulary covers training words only: paraphrase words fall back to
  // character pieces, as unknown words do in a real WordPiece model.
  const modelDir = tinyModelFor(TRAIN.map((e) => e.text).concat(OUT_OF_SCOPE));
  let embedding: EmbeddingRecognizer;

  beforeAll(async () => {
    embedding = new EmbeddingRecognizer({ model: modelDir });
    await embedding.train(TRAIN, { outOfScope: OUT_OF_SCOPE });
  });

  it('loads the model from the folder without the network and recognises training phrases in every language', async () => {
    const { env } = await import('@huggingface/transformers');
    expect(env.allowRemoteModels).toBe(false);
    for (const text of ['track my order please', 'quiero un reembolso', 'was sind ihre öffnungszeiten', 'où est ma commande', '我想退货']) {
      const p = await embedding.recognize(text);
      expect(p.intent).toBe(TRAIN.find((e) => e.text === text)!.intent);
      expect(p.confidence).toBeGreaterThan(0.5);
    }
  });

  it('gives a calibrated ranking of every intent', async () => {
    const p = await embedding.recognize('where is my order');
    expect(p.ranking.map((r) => r.intent).sort()).toEqual(['opening_hours', 'order_status', 'return_item']);
    expect(p.ranking[0].score).toBeGreaterThanOrEqual(p.ranking[1].score);
    expect(embedding.calibration.temperature).toBeGreaterThan(0);
  });

  it('explains a missing model folder', () => {
    expect(() => new EmbeddingRecognizer({ model: '/nonexistent/model' })).toThrow(/No model at \/nonexistent\/model: expected a folder with config.json/);
  });

  it('joins the n-gram recognizer in an ensemble that keeps the paraphrase accuracy and rejects off-topic text', async () => {
    const ngram = new NgramRecognizer();
    const ensemble = new EnsembleRecognizer([{ recognizer: ngram, weight: 2 }, { recognizer: embedding }]);
    await ensemble.train(TRAIN, { outOfScope: OUT_OF_SCOPE });
    for (const [text, intent] of PARAPHRASES) expect((await ensemble.recognize(text)).intent).toBe(intent);
    expect((await ensemble.recognize('tell me a joke about penguins')).intent).toBeNull();
    // The combined threshold is the weighted mean of the members' own.
    expect(ensemble.threshold).toBeCloseTo((2 * ngram.calibration.threshold + embedding.calibration.threshold) / 3, 10);
  });

  it('is scored by `switchboard eval intents --model DIR`, alone or in the ensemble', async () => {
    const csv = join(__dirname, 'fixtures', 'tiny.csv');
    for (const recognizer of ['embedding', 'ensemble']) {
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        expect(await main(['eval', 'intents', '--train', csv, '--format', 'csv', '--model', modelDir, '--recognizer', recognizer, '--json'])).toBe(0);
        // The held-out row "where is my order" filed under hours is a miss for any recognizer.
        expect(JSON.parse(log.mock.calls[0][0] as string)).toMatchObject({ in_scope_accuracy: 2 / 3, oos_recall: null });
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
    }
  });

  it('rejects an empty ensemble and bad weights', () => {
    expect(() => new EnsembleRecognizer([])).toThrow(/at least one recognizer/);
    expect(() => new EnsembleRecognizer([{ recognizer: embedding, weight: 0 }])).toThrow(/positive/);
  });
});
