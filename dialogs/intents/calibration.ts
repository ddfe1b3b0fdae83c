import { softmax } from './softmax';

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
    const t = Math.exp(logT);
    let sum = 0;
    for (const h of labelled) sum -= Math.log(Math.max(softmax(h.logits, t)[h.gold], 1e-12));
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
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

/** In-scope accuracy and out-of-scope recall if utterances below `threshold` are rejected. */
export function operatingPoint(verdicts: Verdict[], threshold: number): { inScope: number; oosRecall: number } {
  let inScope = 0;
  let inScopeOk = 0;
  let oos = 0;
  let oosOk = 0;
  for (const v of verdicts) {
    const rejected = v.rejectedByClass || v.confidence < threshold;
    if (v.outOfScope) (oos++, rejected && oosOk++);
    else (inScope++, !rejected && v.correct && inScopeOk++);
  }
  return { inScope: inScope ? inScopeOk / inScope : 0, oosRecall: oos ? oosOk / oos : 0 };
}

/**
 * Chooses the out-of-scope threshold on held-out verdicts: the highest one that costs at most
 * `maxInScopeLoss` (default 0.01, one point) of in-scope accuracy compared with no threshold.
 * Easy to reason about for a bot author ("reject what you can, but lose at most one point of
 * answers"), and it works whether or not the held-out data has out-of-scope utterances — which
 * are often too few to tune a trade-off on (CLINC150 has 100 in its validation set).
 */
export function chooseThreshold(verdicts: Verdict[], options: { maxInScopeLoss?: number } = {}): number {
  const floor = operatingPoint(verdicts, 0).inScope - (options.maxInScopeLoss ?? 0.01) - 1e-12;
  const candidates = [...new Set(verdicts.filter((v) => v.correct).map((v) => v.confidence))].sort((a, b) => a - b);
  let best = 0;
  for (const t of candidates) {
    if (operatingPoint(verdicts, t).inScope < floor) break;
    best = t;
  }
  return best;
}
