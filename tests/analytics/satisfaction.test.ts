import type { ConversationFacts } from '../../analytics/facts';
import { score } from '../../analytics/report';
import { check, features, fit, pearson, predict, PRIOR_WEIGHTS } from '../../analytics/satisfaction';
import { toCsv } from '../../analytics/csv';
import { seededRandom } from '../../core/random';

describe('predicted satisfaction', () => {
  const TRUE = [3.5, 1.5, -2, -1, -1, 0.2];
  const rand = seededRandom(7);
  const samples = Array.from({ length: 400 }, () => {
    const escalated = rand() < 0.4 ? 1 : 0;
    const x = [rand() * 2 - 1, rand() < 0.3 ? rand() : 0, escalated ? rand() : 0, escalated && rand() < 0.3 ? 1 : 0, escalated];
    const y = TRUE[0] + x.reduce((s, v, i) => s + v * TRUE[i + 1], 0) + (rand() - 0.5) * 0.4;
    return { x, y };
  });

  test('without answers the prior decides; a neutral contained conversation scores 4.2', () => {
    const model = fit([]);
    expect(model).toEqual({ weights: PRIOR_WEIGHTS, samples: 0 });
    expect(predict(model, [0, 0, 0, 0, 0])).toBe(4.2);
    // An angry customer, bot fallbacks, a long wait and no resolution: the lowest score.
    expect(predict(model, [-1, 1, 1, 1, 1])).toBe(1);
  });

  test('with many answers the fit recovers the weights that generated them', () => {
    const model = fit(samples);
    model.weights.forEach((w, i) => expect(Math.abs(w - TRUE[i])).toBeLessThan(0.25));
    const quality = check(samples);
    expect(quality.mae).toBeLessThan(0.2);
    expect(quality.correlation).toBeGreaterThan(0.95);
  });

  test('a few answers only nudge the prior', () => {
    const model = fit(samples.slice(0, 3));
    const moved = model.weights.map((w, i) => Math.abs(w - PRIOR_WEIGHTS[i]));
    expect(Math.max(...moved)).toBeLessThan(1);
    expect(model.weights).not.toEqual(PRIOR_WEIGHTS);
  });

  test('features come from sentiment, fallbacks, wait and resolution', () => {
    const f: ConversationFacts = {
      id: 'c', channel: 'web', day: '2026-03-02', createdAt: 0, inbound: 2, sentiments: [-0.5, 0.1], fallbacks: 2, intents: [], csatAnswers: 0,
      handoffs: [{ reason: 'fallbacks', status: 'abandoned', outcome: 'timeout', requestedAt: 0, assignedAt: 15 * 60_000 }],
    };
    expect(features(f)).toEqual([-0.2, 0.4, 0.5, 1, 1]);
    // Scoring a set uses real CSAT where present and predicts everywhere.
    const { scored, model } = score([f, { ...f, id: 'd', handoffs: [{ ...f.handoffs[0], csat: 1 }] }], 0);
    expect(model.samples).toBe(1);
    expect(scored.map((s) => s.csat)).toEqual([undefined, 1]);
    expect(scored[0].predicted).toBeGreaterThanOrEqual(1);
  });

  test('pearson is undefined when a side does not vary', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(pearson([1, 1, 1], [2, 4, 6])).toBeUndefined();
  });

  test('CSV cells are quoted and never run as spreadsheet formulas', () => {
    expect(toCsv([['a,b', 'say "hi"', '=HYPERLINK("x")', -1.5, null]])).toBe('"a,b","say ""hi""","\'=HYPERLINK(""x"")",-1.5,\r\n');
  });
});
