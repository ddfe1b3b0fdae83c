import { NgramRecognizer } from '../../dialogs/intents/ngram';
import { OUT_OF_SCOPE, PARAPHRASES, TRAIN } from './fixtures/multilingual';

describe('NgramRecognizer', () => {
  let recognizer: NgramRecognizer;
  let withOos: NgramRecognizer;

  beforeAll(async () => {
    recognizer = new NgramRecognizer();
    await recognizer.train(TRAIN);
    withOos = new NgramRecognizer();
    await withOos.train(TRAIN, { outOfScope: OUT_OF_SCOPE });
  });

  it.each(PARAPHRASES)('recognises the unseen paraphrase %p as %p, in its own language', async (text, intent) => {
    expect((await recognizer.recognize(text)).intent).toBe(intent);
    expect((await withOos.recognize(text)).intent).toBe(intent);
  });

  it('rejects utterances about something else when trained with out-of-scope examples', async () => {
    for (const text of ['what is the weather in berlin', 'the quick brown fox jumps over the lazy dog']) {
      const prediction = await withOos.recognize(text);
      expect(prediction.intent).toBeNull();
      expect(prediction.confidence).toBeGreaterThan(0.5);
    }
  });

  it('rejects text sharing nothing with the examples (empty, another script) with certainty', async () => {
    for (const text of ['', '!!!', 'ქართული ენა']) {
      expect(await recognizer.recognize(text)).toMatchObject({ intent: null, confidence: 1 });
    }
  });

  it('orders confidences sensibly: a training phrase > an utterance mixing two intents > noise', async () => {
    const exact = await recognizer.recognize('where is my order');
    const mixed = await recognizer.recognize('where is my refund for the order');
    const noise = await recognizer.recognize('zzkx qvw');
    expect(exact.intent).toBe('order_status');
    expect(exact.confidence).toBeGreaterThan(0.9);
    expect(exact.confidence).toBeGreaterThan(mixed.ranking[0].score);
    expect(mixed.ranking[0].score).toBeGreaterThan(noise.ranking[0]?.score ?? 0);
    for (const p of [exact, mixed, noise]) {
      const scores = p.ranking.map((r) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(scores.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
    const { temperature, threshold } = recognizer.calibration;
    expect(temperature).toBeGreaterThan(0);
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(1);
  });

  it('ranks the two intents of an ambiguous utterance above the third', async () => {
    const p = await recognizer.recognize('where is my refund for the order');
    expect(p.ranking.map((r) => r.intent).slice(0, 2).sort()).toEqual(['order_status', 'return_item']);
  });

  it('is deterministic: the same data and seed give the same numbers', async () => {
    const again = new NgramRecognizer();
    await again.train(TRAIN);
    for (const [text] of PARAPHRASES) expect(await again.recognize(text)).toEqual(await recognizer.recognize(text));
    expect(again.calibration).toEqual(recognizer.calibration);
  });

  it('keeps answering from the old model while it is retrained (hot reload), then switches at once', async () => {
    const hot = new NgramRecognizer();
    await hot.train(TRAIN);
    const renamed = TRAIN.map((e) => ({ ...e, intent: `${e.intent}_v2` }));
    const retraining = hot.train(renamed);
    const during = await hot.recognize('where is my order');
    await retraining;
    const after = await hot.recognize('where is my order');
    expect(during.intent).toBe('order_status');
    expect(after.intent).toBe('order_status_v2');
  });

  it('says what to do when used untrained or trained on nothing', async () => {
    await expect(new NgramRecognizer().recognize('hi')).rejects.toThrow(/call train\(examples\) first/);
    await expect(new NgramRecognizer().train([])).rejects.toThrow(/at least one example/);
  });

  it('honours a fixed threshold', async () => {
    const strict = new NgramRecognizer({ threshold: 0.999999 });
    await strict.train(TRAIN);
    const p = await strict.recognize('Où est mon colis ?');
    expect(p.intent).toBeNull();
    expect(p.ranking[0].intent).toBe('order_status');
    expect(strict.calibration.threshold).toBe(0.999999);
  });
});
