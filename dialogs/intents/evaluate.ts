import type { LabeledText } from './datasets';
import type { IntentPrediction, IntentRecognizer } from './types';

/** The figures `switchboard eval intents --json` prints (fractions 0–1, milliseconds). */
export interface IntentMetrics {
  in_scope_accuracy: number;
  /** Share of out-of-scope utterances rejected; null when the test data has none. */
  oos_recall: number | null;
  accuracy: number;
  macro_f1: number;
  train_ms: number;
  predict_p50_ms: number;
}

/** A test utterance with what the recognizer made of it. */
export interface Scored {
  gold: string | null;
  prediction: IntentPrediction;
}

/** Runs `recognizer` over `test`, timing each call; `onProgress` sees the count done. */
export async function predictAll(recognizer: IntentRecognizer, test: LabeledText[], onProgress?: (done: number) => void): Promise<{ scored: Scored[]; p50: number }> {
  const scored: Scored[] = [];
  const times = new Float64Array(test.length);
  for (let i = 0; i < test.length; i++) {
    const start = performance.now();
    const prediction = await recognizer.recognize(test[i].text);
    times[i] = performance.now() - start;
    scored.push({ gold: test[i].intent, prediction });
    if (onProgress && (i + 1) % 500 === 0) onProgress(i + 1);
  }
  return { scored, p50: median(times) };
}

/** The median of `values` (0 when empty). */
export function median(values: Float64Array | number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Quality figures. `null` (out of scope) counts as a class of its own for accuracy and macro-F1,
 * as in CLINC150's evaluation; macro-F1 averages over every class in the gold labels.
 */
export function qualityMetrics(pairs: Array<{ gold: string | null; predicted: string | null }>): Pick<IntentMetrics, 'in_scope_accuracy' | 'oos_recall' | 'accuracy' | 'macro_f1'> {
  let inScope = 0;
  let inScopeOk = 0;
  let oos = 0;
  let oosOk = 0;
  const tp = new Map<string | null, number>();
  const fp = new Map<string | null, number>();
  const fn = new Map<string | null, number>();
  const bump = (m: Map<string | null, number>, k: string | null): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const { gold, predicted } of pairs) {
    if (gold === null) (oos++, predicted === null && oosOk++);
    else (inScope++, predicted === gold && inScopeOk++);
    if (predicted === gold) bump(tp, gold);
    else (bump(fp, predicted), bump(fn, gold));
  }
  const classes = new Set(pairs.map((p) => p.gold));
  let f1Sum = 0;
  for (const c of classes) {
    const t = tp.get(c) ?? 0;
    const denominator = 2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
    f1Sum += denominator ? (2 * t) / denominator : 0;
  }
  return {
    in_scope_accuracy: inScope ? inScopeOk / inScope : 0,
    oos_recall: oos ? oosOk / oos : null,
    accuracy: pairs.length ? (inScopeOk + oosOk) / pairs.length : 0,
    macro_f1: classes.size ? f1Sum / classes.size : 0,
  };
}

/**
 * In-scope accuracy against out-of-scope recall if the threshold were `t` instead of the one
 * used: rejected by the out-of-scope class stays rejected; otherwise the top intent is kept when
 * its confidence reaches `t`.
 */
export function tradeOffCurve(scored: Scored[], usedThreshold: number, thresholds: number[]): Array<{ threshold: number; in_scope_accuracy: number; oos_recall: number | null }> {
  return thresholds.map((t) => {
    const pairs = scored.map(({ gold, prediction }) => {
      const top = prediction.ranking[0];
      const byClass = prediction.intent === null && top !== undefined && top.score >= usedThreshold;
      return { gold, predicted: !top || byClass || top.score < t ? null : top.intent };
    });
    const m = qualityMetrics(pairs);
    return { threshold: t, in_scope_accuracy: m.in_scope_accuracy, oos_recall: m.oos_recall };
  });
}
