import { chooseThreshold, fitTemperature, type Verdict } from '../../dialogs/intents/calibration';
import { seededRandom } from '../../core/random';
import { softmax } from '../../dialogs/intents/softmax';

/** Held-out logits of a 3-class model that is right with probability `accuracy`. */
function heldOut(accuracy: number, scale: number) {
  const random = seededRandom(3);
  return Array.from({ length: 600 }, () => {
    const gold = Math.floor(random() * 3);
    const winner = random() < accuracy ? gold : (gold + 1) % 3;
    const logits = Float64Array.from([0, 1, 2], (k) => (k === winner ? scale : 0));
    return { logits, gold };
  });
}

describe('fitTemperature', () => {
  it('cools an overconfident model and heats an underconfident one until confidence matches accuracy', () => {
    for (const scale of [10, 0.5]) {
      const held = heldOut(0.8, scale);
      const t = fitTemperature(held);
      expect(scale === 10 ? t > 1 : t < 1).toBe(true);
      // Calibrated: the winner's probability is the accuracy (0.8) within sampling noise.
      expect(softmax(held[0].logits, t)[held[0].logits.indexOf(scale)]).toBeCloseTo(0.8, 1);
    }
  });

  it('leaves scores alone without labelled data', () => {
    expect(fitTemperature([{ logits: Float64Array.from([1, 2]), gold: -1 }])).toBe(1);
  });
});

describe('chooseThreshold', () => {
  const v = (confidence: number, correct = true, outOfScope = false): Verdict => ({ confidence, correct, outOfScope, rejectedByClass: false });

  it('picks the highest threshold that costs at most the allowed share of in-scope answers', () => {
    const verdicts = [v(0.2), v(0.3), v(0.5), v(0.9), v(0.4, false), v(0.1, false, true), v(0.35, false, true)];
    // 5 in-scope: 20 % may be lost, i.e. one correct answer (0.2): threshold 0.3.
    expect(chooseThreshold(verdicts, { maxInScopeLoss: 0.2 })).toBe(0.3);
    expect(chooseThreshold(verdicts, { maxInScopeLoss: 0.4 })).toBe(0.5);
    expect(chooseThreshold(verdicts, { maxInScopeLoss: 0 })).toBe(0.2);
    expect(chooseThreshold([v(0.5, false, true)])).toBe(0);
  });
});
