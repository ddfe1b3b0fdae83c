import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrate, features, thresholds, type Row } from '../../knowledge/calibrate';
import { TranslatorSet } from '../../knowledge/translation';
import { ANSWER_CALIBRATION } from '../../knowledge/confidence';

const HELPCENTRE = join(__dirname, '..', 'fixtures', 'helpcentre');

describe('calibrate: fitting the answer layer\'s confidence', () => {
  test('a question the search may only offer is never counted as answered, however sure', () => {
    // Weights that make every row certain: only the flag can keep a row from being answered.
    const sure: [number, number, number] = [0, 0, 50];
    const rows: Row[] = [
      { x: [1, 1], correct: 1, answerable: true, clarifyOnly: false },
      { x: [1, 1], correct: 0, answerable: true, clarifyOnly: true },
      { x: [1, 1], correct: 0, answerable: false, clarifyOnly: true },
      { x: [1, 1], correct: 0, answerable: false, clarifyOnly: false },
    ];
    for (const t of thresholds(rows, sure)) {
      expect(t.answered_right).toBe(0.5);
      expect(t.answered_wrong).toBe(0);
      expect(t.unanswerable_answered).toBe(0.5);
    }
  });

  test('a close call the topics settled counts as answered at every threshold, as the answer layer answers it', () => {
    // Weights that make every row hopeless: only the settled flag can answer a row.
    const hopeless: [number, number, number] = [0, 0, -50];
    const rows: Row[] = [
      { x: [0, 0], correct: 1, answerable: true, clarifyOnly: false, settled: true },
      { x: [0, 0], correct: 1, answerable: true, clarifyOnly: false },
      { x: [0, 0], correct: 1, answerable: true, clarifyOnly: true, settled: true },
      { x: [0, 0], correct: 0, answerable: false, clarifyOnly: false, settled: true },
    ];
    for (const t of thresholds(rows, hopeless)) {
      expect(t.answered_right).toBeCloseTo(1 / 3, 3);
      expect(t.unanswerable_answered).toBe(1);
    }
  });

  test('reports the shipped weights on the same questions beside the refit', async () => {
    const result = await calibrate(join(HELPCENTRE, 'knowledge'), [join(HELPCENTRE, 'dev.jsonl')]);
    expect(result.shipped.weights).toEqual({ relative: ANSWER_CALIBRATION.relative, lead: ANSWER_CALIBRATION.lead, bias: ANSWER_CALIBRATION.bias });
    expect(result.shipped.thresholds.map((t) => t.threshold)).toEqual(result.thresholds.map((t) => t.threshold));
    // A higher threshold answers no more questions, right or wrong.
    const answered = result.shipped.thresholds.map((t) => t.answered_right + t.answered_wrong);
    expect(answered).toEqual([...answered].sort((a, b) => b - a));
    expect(result.recall_at_1).toBeGreaterThan(0.7);
  }, 60_000);
});

describe('calibrate --features: what the answer decision can read about each question', () => {
  test('each question\'s own-language search, with how the other languages\' searches rank its best article', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'features-'));
    const file = join(dir, 'probe.jsonl');
    const questions = [
      { text: 'puedo anular una compra que hice hoy', lang: 'es', article: 'cancel-order' },
      { text: 'do you sell fitted kitchens', lang: 'en', article: null },
    ];
    writeFileSync(file, questions.map((q) => JSON.stringify(q)).join('\n'));
    // The articles' own word pairs only: no dictionaries or Apertium in a unit test.
    const rows = await features(join(HELPCENTRE, 'knowledge'), [file], new TranslatorSet([]));
    expect(rows.map((r) => [r.set, r.gold])).toEqual([['probe', 'cancel-order'], ['probe', null]]);
    const [cancel] = rows;
    expect(cancel!.top[0]).toBe('cancel-order');
    expect(cancel!.answerOutright).toBe('agreed-abroad');
    expect(cancel!.agreement!.clearly).toBe(cancel!.agreement!.languages);
    expect(cancel!.heldBest).toBeGreaterThan(cancel!.heldNext);
  }, 60_000);
});
