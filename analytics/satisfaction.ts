import type { ConversationFacts } from './facts';

/** The features, in the order of the model's weights (after the intercept). */
export const FEATURES = ['sentiment', 'fallbacks', 'wait', 'unresolved', 'escalated'] as const;

/** Longest handoff wait that still changes the prediction (30 min): beyond it, waiting is just "long". */
const WAIT_CAP_MS = 30 * 60_000;

/**
 * Sensible weights before any customer has answered CSAT (1–5 scale): a neutral conversation
 * scores 4.2; happy words push up, fallbacks, a long wait and an unresolved handoff push down.
 */
export const PRIOR_WEIGHTS = [4.2, 1.2, -1.5, -1.2, -1.5, -0.3];

/** A linear satisfaction model: `csat ≈ w·[1, features]`, clamped to 1–5. */
export interface SatisfactionModel {
  weights: number[];
  /** Conversations with a real CSAT answer it was fitted on (0: the prior alone). */
  samples: number;
}

/** How well predictions matched real CSAT answers (leave-one-out, so a sample never grades itself). */
export interface SatisfactionCheck {
  samples: number;
  /** Mean absolute error on the 1–5 scale. */
  mae?: number;
  /** Pearson correlation of predicted and real scores. */
  correlation?: number;
}

/** The model's inputs for one conversation, each scaled to about 0–1 (sentiment −1…1). */
export function features(f: ConversationFacts, now = Date.now()): number[] {
  const sentiment = f.sentiments.length ? f.sentiments.reduce((a, b) => a + b, 0) / f.sentiments.length : 0;
  const first = f.handoffs[0];
  const last = f.handoffs[f.handoffs.length - 1];
  // Wait until an agent took it; never taken means the customer waited until it ended (or now).
  const waited = first ? (first.assignedAt ?? first.resolvedAt ?? now) - first.requestedAt : 0;
  return [
    sentiment,
    Math.min(f.fallbacks, 5) / 5,
    Math.min(Math.max(waited, 0), WAIT_CAP_MS) / WAIT_CAP_MS,
    last && last.outcome !== 'resolved' ? 1 : 0,
    first ? 1 : 0,
  ];
}

/** The real CSAT of a conversation: its latest rated handoff's score, else the rating asked after the bot resolved it. */
export function realCsat(f: ConversationFacts): number | undefined {
  return [...f.handoffs].reverse().find((h) => h.csat !== undefined)?.csat ?? f.csat;
}

/** The predicted satisfaction (1–5) of one conversation. */
export function predict(model: SatisfactionModel, x: number[]): number {
  const y = model.weights[0] + x.reduce((sum, v, i) => sum + v * model.weights[i + 1], 0);
  return Math.min(5, Math.max(1, y));
}

/**
 * Fits the weights on conversations with real CSAT answers: ridge regression pulled towards the
 * prior (`lambda` acts as that many pseudo-answers), so a handful of answers nudges the prior
 * rather than overfitting it, and many answers let the data speak.
 */
export function fit(samples: Array<{ x: number[]; y: number }>, lambda = 4, prior = PRIOR_WEIGHTS): SatisfactionModel {
  if (!samples.length) return { weights: [...prior], samples: 0 };
  const k = prior.length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? lambda : 0)));
  const b = prior.map((w) => lambda * w);
  for (const { x, y } of samples) {
    const row = [1, ...x];
    for (let i = 0; i < k; i++) {
      b[i] += row[i] * y;
      for (let j = 0; j < k; j++) a[i][j] += row[i] * row[j];
    }
  }
  return { weights: solve(a, b), samples: samples.length };
}

/** Leave-one-out MAE and correlation of the fitted model against the real answers. */
export function check(samples: Array<{ x: number[]; y: number }>, lambda = 4): SatisfactionCheck {
  if (samples.length < 2) return { samples: samples.length };
  // Beyond a few hundred answers one out changes nothing; keep the cost bounded.
  const used = samples.slice(-300);
  const predicted = used.map((s, i) => predict(fit([...used.slice(0, i), ...used.slice(i + 1)], lambda), s.x));
  const actual = used.map((s) => s.y);
  const mae = predicted.reduce((sum, p, i) => sum + Math.abs(p - actual[i]), 0) / used.length;
  return { samples: samples.length, mae: round(mae, 3), correlation: pearson(predicted, actual) };
}

/** Pearson's r, or undefined when either side does not vary. */
export function pearson(xs: number[], ys: number[]): number | undefined {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? round(sxy / Math.sqrt(sxx * syy), 3) : undefined;
}

/** Gaussian elimination with partial pivoting (the system is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= factor * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Rounds to `digits` decimals. */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
