import { chooseThreshold, fitTemperature, type HeldOut, type Verdict } from './calibration';
import type { LabeledText } from './datasets';
import type { SparseVector } from './features';
import { softmax, SoftmaxModel, type SoftmaxOptions } from './softmax';
import type { IntentExample, IntentPrediction } from './types';

/** Turns texts into vectors; `fit` learns from the training texts (vocabulary, IDF…) first. */
export interface Featurizer {
  fit(texts: string[]): Promise<SparseVector[]>;
  transform(text: string): Promise<SparseVector>;
  readonly size: number;
}

/** Options shared by the recognizers built on `LinearIntentClassifier`. */
export interface LinearOptions extends SoftmaxOptions {
  /**
   * Fixed out-of-scope threshold on the calibrated confidence. By default it is tuned on
   * held-out data (see `chooseThreshold`).
   */
  threshold?: number;
  /** In-scope accuracy the tuned threshold may give up on held-out data (default 0.01). */
  maxInScopeLoss?: number;
  /** How many intents `ranking` lists (default 5). */
  rankingSize?: number;
  /** Reports long steps (featurizing, training, calibrating), e.g. to show progress. */
  onProgress?: (step: string) => void;
}

/** Options of `train` beyond the interface's: labelled held-out data to calibrate on. */
export interface TrainOptions {
  outOfScope?: string[];
  /** Held-out utterances (intent `null` = out of scope) for calibration and the threshold. */
  validation?: LabeledText[];
}

/** Internal label of the class trained on out-of-scope utterances; never reported. */
const OOS_CLASS = '\u0000oos';

/**
 * A softmax classifier over any featurizer, with temperature-scaled confidence and an
 * out-of-scope decision. Out-of-scope utterances, when given, train a class of their own; an
 * utterance is out of scope when that class wins or the best intent's calibrated confidence is
 * under the threshold. Without held-out data it calibrates on a stratified split of the
 * training data (5-fold for small sets, one 20 % split for large ones), then trains on it all.
 */
export class LinearIntentClassifier {
  private labels: string[] = [];
  private oosIndex = -1;
  private model?: SoftmaxModel;
  private featurizer?: Featurizer;
  /** Calibration results: exposed for evaluation tools and tests. */
  temperature = 1;
  threshold = 0;

  constructor(
    private readonly makeFeaturizer: () => Featurizer,
    private readonly options: LinearOptions = {},
  ) {}

  /** Trains, calibrates and tunes the threshold. */
  async train(examples: IntentExample[], options: TrainOptions = {}): Promise<void> {
    if (examples.length === 0) throw new Error('No training examples: give at least one example utterance per intent.');
    const outOfScope = options.outOfScope ?? [];
    this.labels = [...new Set(examples.map((e) => e.intent))].sort();
    if (outOfScope.length > 0) this.labels.push(OOS_CLASS);
    this.oosIndex = outOfScope.length > 0 ? this.labels.length - 1 : -1;
    const items = [...examples.map((e) => ({ text: e.text, label: this.labels.indexOf(e.intent) })), ...outOfScope.map((text) => ({ text, label: this.oosIndex }))];
    const held = options.validation ? await this.fitAndScore(items, options.validation.map((v) => this.toItem(v))) : await this.crossValidate(items);
    this.options.onProgress?.('calibrating');
    this.temperature = fitTemperature(held);
    this.threshold = this.options.threshold ?? chooseThreshold(held.map((h) => this.verdict(h)), { maxInScopeLoss: this.options.maxInScopeLoss });
    if (!options.validation) await this.fit(items);
  }

  /** The prediction for an utterance. */
  async predict(text: string): Promise<IntentPrediction> {
    if (!this.model || !this.featurizer) throw new Error('The recognizer is not trained yet: call train(examples) first.');
    const x = await this.featurizer.transform(text);
    const p = softmax(this.model.logits(x), this.temperature);
    const best = this.bestIntent(p);
    const ranking: IntentPrediction['ranking'] = [];
    const order = [...p.keys()].filter((k) => k !== this.oosIndex).sort((a, b) => p[b] - p[a] || a - b);
    for (const k of order.slice(0, this.options.rankingSize ?? 5)) ranking.push({ intent: this.labels[k], score: p[k] });
    // Nothing in common with any training example (empty text, unseen script): out of scope.
    if (x.idx.length === 0) return { intent: null, confidence: 1, ranking };
    const rejected = (this.oosIndex >= 0 && p[this.oosIndex] > p[best]) || p[best] < this.threshold;
    return rejected ? { intent: null, confidence: 1 - p[best], ranking } : { intent: this.labels[best], confidence: p[best], ranking };
  }

  private toItem(v: LabeledText): { text: string; label: number } {
    // Held-out intents unknown to training can only be scored as errors: give them label -2.
    return { text: v.text, label: v.intent === null ? this.oosIndex : this.labels.indexOf(v.intent) === -1 ? -2 : this.labels.indexOf(v.intent) };
  }

  private bestIntent(p: Float64Array): number {
    let best = this.oosIndex === 0 ? 1 : 0;
    for (let k = 0; k < p.length; k++) if (k !== this.oosIndex && p[k] > p[best]) best = k;
    return best;
  }

  private verdict(h: HeldOut & { outOfScope?: boolean }): Verdict {
    const p = softmax(h.logits, this.temperature);
    const best = this.bestIntent(p);
    return {
      confidence: p[best],
      correct: best === h.gold,
      outOfScope: h.outOfScope ?? false,
      rejectedByClass: this.oosIndex >= 0 && p[this.oosIndex] > p[best],
    };
  }

  /** Trains on `items`, returns the logits of `heldOut`. */
  private async fitAndScore(items: Array<{ text: string; label: number }>, heldOut: Array<{ text: string; label: number }>): Promise<Array<HeldOut & { outOfScope: boolean }>> {
    await this.fit(items);
    const held = [];
    for (const h of heldOut) {
      const logits = this.model!.logits(await this.featurizer!.transform(h.text));
      const outOfScope = h.label === this.oosIndex || (h.label === -1 && this.oosIndex === -1);
      held.push({ logits, gold: h.label < 0 ? -1 : h.label, outOfScope });
    }
    return held;
  }

  /** Out-of-fold logits: 5 folds below 2000 examples, otherwise a single 20 % fold. */
  private async crossValidate(items: Array<{ text: string; label: number }>): Promise<Array<HeldOut & { outOfScope: boolean }>> {
    const folds = 5;
    const fold = new Int32Array(items.length);
    const seen = new Map<number, number>();
    items.forEach((item, i) => {
      const n = seen.get(item.label) ?? 0;
      seen.set(item.label, n + 1);
      fold[i] = n % folds;
    });
    const held = [];
    for (let f = 0; f < (items.length < 2000 ? folds : 1); f++) {
      const train = items.filter((_, i) => fold[i] !== f);
      // A fold that would remove an intent entirely teaches nothing about it: skip such items.
      const known = new Set(train.map((t) => t.label));
      held.push(...(await this.fitAndScore(train, items.filter((t, i) => fold[i] === f && known.has(t.label)))));
    }
    return held;
  }

  private async fit(items: Array<{ text: string; label: number }>): Promise<void> {
    this.options.onProgress?.('featurizing');
    this.featurizer = this.makeFeaturizer();
    const xs = await this.featurizer.fit(items.map((i) => i.text));
    this.options.onProgress?.('training');
    this.model = new SoftmaxModel(this.featurizer.size, this.labels.length);
    this.model.train(xs, Int32Array.from(items, (i) => i.label), this.options);
  }
}
