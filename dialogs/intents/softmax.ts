import { seededRandom } from '../../core/random';
import type { SparseVector } from './features';

/** How the linear model is trained (defaults tuned on CLINC150 train → val). */
export interface SoftmaxOptions {
  /**
   * `hinge` (default): multiclass SVM, a point more accurate on CLINC150 val; `log`: logistic
   * regression, smoother scores (used for dense embeddings). Either way scores become
   * probabilities through a softmax whose temperature is calibrated afterwards.
   */
  loss?: 'hinge' | 'log';
  /** Passes over the data (default 10). */
  epochs?: number;
  /** L2 regularisation strength per example (default 1e-5). */
  l2?: number;
  /**
   * Gradient entries smaller than this are skipped (default 2e-3): classes the model already
   * rules out cost nothing, at no measurable loss of accuracy.
   */
  gradientFloor?: number;
  /** Initial learning rate (default 0.2). */
  learningRate?: number;
  /** Seed of the shuffling, so training is reproducible (default 1). */
  seed?: number;
  /** Called after each epoch, e.g. to show progress. */
  onEpoch?: (epoch: number, epochs: number) => void;
}

/** Softmax of `logits / temperature`, in place into `out`; returns `out`. */
export function softmax(logits: ArrayLike<number>, temperature = 1, out: Float64Array = new Float64Array(logits.length)): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += out[k] = Math.exp((logits[k] - max) / temperature);
  for (let k = 0; k < logits.length; k++) out[k] /= sum;
  return out;
}

/**
 * A linear classifier over sparse vectors (multiclass SVM or multinomial logistic regression),
 * trained by SGD with a decaying learning rate and L2 regularisation applied lazily through a
 * global weight scale (so each step touches only the example's features). Weights are stored
 * feature-major (`w[f * K + k]`), so scoring one example reads one contiguous row of K weights
 * per feature. Updates touch only the classes with a real gradient (two for the hinge loss; for
 * the log loss, those whose probability is not already ~right), which is what makes 15k
 * examples × 150 classes train in seconds.
 */
export class SoftmaxModel {
  private w: Float32Array;
  private b: Float64Array;
  private scale = 1;
  private active: Int32Array;
  private grads: Float64Array;

  constructor(
    readonly features: number,
    readonly classes: number,
  ) {
    this.w = new Float32Array(features * classes);
    this.b = new Float64Array(classes);
    this.active = new Int32Array(classes);
    this.grads = new Float64Array(classes);
  }

  /** Raw scores (logits) of `x` for every class. */
  logits(x: SparseVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    const K = this.classes;
    const w = this.w;
    out.fill(0);
    for (let j = 0; j < x.idx.length; j++) {
      const base = x.idx[j] * K;
      const v = x.val[j];
      for (let k = 0; k < K; k++) out[k] += w[base + k] * v;
    }
    for (let k = 0; k < K; k++) out[k] = out[k] * this.scale + this.b[k];
    return out;
  }

  /** Trains on vectors `xs` with class indices `ys` (0…K-1). */
  train(xs: SparseVector[], ys: ArrayLike<number>, options: SoftmaxOptions = {}): void {
    const epochs = options.epochs ?? 10;
    const l2 = options.l2 ?? 1e-5;
    const eta0 = options.learningRate ?? 0.2;
    const hinge = (options.loss ?? 'hinge') === 'hinge';
    const floor = options.gradientFloor ?? 2e-3;
    const random = seededRandom(options.seed ?? 1);
    const order = Int32Array.from(xs, (_, i) => i);
    const logits = new Float64Array(this.classes);
    const p = new Float64Array(this.classes);
    const margins = new Float32Array(xs.length);
    let t = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      // Shrinking (as in liblinear): between full passes, skip examples that cleared the margin
      // by far last time; they would not move the weights. Saves half the scoring work.
      const shrink = hinge && epoch % 3 !== 0;
      for (const i of order) {
        // Inverse-time decay: large steps first, then settle (Bottou's schedule for SGD).
        const eta = eta0 / (1 + (eta0 * l2 + 1 / (4 * xs.length)) * t++);
        if (shrink && margins[i] > SHRINK) this.scale *= 1 - eta * l2;
        else margins[i] = this.step(xs[i], ys[i], eta, l2, floor, hinge, logits, p);
      }
      options.onEpoch?.(epoch + 1, epochs);
    }
  }

  /**
   * Crammer–Singer multiclass hinge: if the best wrong class comes within a margin of 1 of the
   * right one, push the right one up and that one down. Written as a "probability" vector so
   * `step` applies it like the softmax gradient (p − y).
   */
  private hingeGradient(logits: Float64Array, y: number, p: Float64Array): number {
    let rival = y === 0 ? 1 : 0;
    for (let k = 0; k < logits.length; k++) if (k !== y && logits[k] > logits[rival]) rival = k;
    const margin = logits[y] - logits[rival];
    p.fill(0);
    p[margin < 1 ? rival : y] = 1;
    return margin;
  }

  /** One SGD step on one example; returns its margin (hinge loss) or 0. */
  private step(x: SparseVector, y: number, eta: number, l2: number, floor: number, hinge: boolean, logits: Float64Array, p: Float64Array): number {
    const K = this.classes;
    let margin = 0;
    if (hinge) margin = this.hingeGradient(this.logits(x, logits), y, p);
    else softmax(this.logits(x, logits), 1, p);
    this.scale *= 1 - eta * l2;
    if (this.scale < 1e-6) this.rescale();
    // Collect the classes whose gradient matters, then update row by row (cache-friendly).
    const active = this.active;
    const grads = this.grads;
    let n = 0;
    for (let k = 0; k < K; k++) {
      const g = p[k] - (k === y ? 1 : 0);
      if (g > -floor && g < floor) continue;
      this.b[k] -= eta * g;
      active[n] = k;
      grads[n++] = (g * eta) / this.scale;
    }
    const w = this.w;
    for (let j = 0; j < x.idx.length; j++) {
      const base = x.idx[j] * K;
      const v = x.val[j];
      for (let a = 0; a < n; a++) w[base + active[a]] -= grads[a] * v;
    }
    return margin;
  }

  /** Folds the global scale back into the weights before it underflows. */
  private rescale(): void {
    for (let i = 0; i < this.w.length; i++) this.w[i] *= this.scale;
    this.scale = 1;
  }
}

/** Margin beyond which an example sits out the shrinking passes. */
const SHRINK = 1.5;

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
}
