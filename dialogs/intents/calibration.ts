/** A held-out example's raw scores and its true class (`-1`: out of scope, no class of its own). */
export interface HeldOut {
  logits: Float64Array;
  gold: number;
}

/**
 * Fits the temperature T that makes `softmax(logits / T)` a calibrated probability: the one
 * minimising the negative log-likelihood of the held-out labels (Guo et al. 2017). A single
 * scalar keeps the ranking unchanged, so it cannot hurt accuracy. Golden-section search on
 * log T is enough since the likelihood is unimodal in T.
 */
export function fitTemperature(held: HeldOut[]): number {
  const labelled = held.filter((h) => h.gold >= 0);
  if (labelled.length === 0) return 1;
  const nll = (logT: number): number => {
    const inv = Math.exp(-logT);
    let sum = 0;
    for (const { logits, gold } of labelled) {
      let max = -Infinity;
      for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]);
      let z = 0;
      for (let k = 0; k < logits.length; k++) z += Math.exp((logits[k] - max) * inv);
      sum += Math.log(z) - (logits[gold] - max) * inv;
    }
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  // 30 steps shrink the bracket (6 units of log T) below 1e-5: one evaluation per step.
  for (let i = 0; i < 30; i++) {
    if (fa < fb) (hi = b), (b = a), (fb = fa), (a = hi - phi * (hi - lo)), (fa = nll(a));
    else (lo = a), (a = b), (fa = fb), (b = lo + phi * (hi - lo)), (fb = nll(b));
  }
  return Math.exp((lo + hi) / 2);
}

/** One held-out verdict: confidence of the best in-scope intent, and whether it is right. */
export interface Verdict {
  confidence: number;
  /** The best in-scope intent is the right one (always false for out-of-scope items). */
  correct: boolean;
  outOfScope: boolean;
  /** The model's own out-of-scope class outranked every intent. */
  rejectedByClass: boolean;
}

/**
 * Chooses the out-of-scope threshold on held-out verdicts: the highest one that costs at most
 * `maxInScopeLoss` (default 0.01, one point) of in-scope accuracy compared with no threshold.
 * Easy to reason about for a bot author ("reject what you can, but lose at most one point of
 * answers"), and it works whether or not the held-out data has out-of-scope utterances — which
 * are often too few to tune a trade-off on (CLINC150 has 100 in its validation set).
 */
export function chooseThreshold(verdicts: Verdict[], options: { maxInScopeLoss?: number } = {}): number {
  const inScope = verdicts.filter((v) => !v.outOfScope).length;
  if (inScope === 0) return 0;
  // Correct in-scope answers still accepted at threshold 0, in rising confidence: raising the
  // threshold past the i-th loses i + 1 of them. Allow losing `budget` of them.
  const kept = verdicts.filter((v) => !v.outOfScope && v.correct && !v.rejectedByClass).map((v) => v.confidence).sort((a, b) => a - b);
  const budget = Math.floor((options.maxInScopeLoss ?? 0.01) * inScope + 1e-9);
  // The highest threshold that rejects at most `budget` of them is the (budget)-th confidence.
  return kept.length === 0 ? 0 : kept[Math.min(budget, kept.length - 1)];
}
