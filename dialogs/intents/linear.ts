import { chooseThreshold, fitTemperature, type HeldOut, type Verdict } from './calibration';
import type { LabeledText } from './datasets';
import type { SparseVector } from './features';
import { softmax, SoftmaxModel, type SoftmaxOptions } from './softmax';
import type { IntentExample, IntentPrediction, IntentRecognizer } from './types';

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
  /** Everything a prediction needs, replaced in one assignment when training ends, so a
   * recognizer retrained while it serves (hot reload) never answers from a half-built model. */
  private state?: Trained;

  constructor(
    private readonly makeFeaturizer: () => Featurizer,
    private readonly options: LinearOptions = {},
  ) {}

  /** Calibration results (1 and 0 before training): exposed for evaluation tools and tests. */
  get temperature(): number {
    return this.state?.temperature ?? 1;
  }
  get threshold(): number {
    return this.state?.threshold ?? 0;
  }

  /** Trains, calibrates and tunes the threshold. */
  async train(examples: IntentExample[], options: TrainOptions = {}): Promise<void> {
    if (examples.length === 0) throw new Error('No training examples: give at least one example utterance per intent.');
    const outOfScope = options.outOfScope ?? [];
    const labels = [...new Set(examples.map((e) => e.intent))].sort();
    if (outOfScope.length > 0) labels.push(OOS_CLASS);
    const oosIndex = outOfScope.length > 0 ? labels.length - 1 : -1;
    const index = new Map(labels.map((l, i) => [l, i]));
    const items = [...examples.map((e) => ({ text: e.text, label: index.get(e.intent)! })), ...outOfScope.map((text) => ({ text, label: oosIndex }))];
    // Held-out intents unknown to training can only be scored as errors: label -2.
    const validation = options.validation?.map((v) => ({ text: v.text, label: v.intent === null ? oosIndex : (index.get(v.intent) ?? -2) }));
    const draft = { labels, oosIndex, temperature: 1 };
    const { held, fitted } = validation
      ? await this.fitAndScore(labels.length, oosIndex, items, validation)
      : { held: await this.crossValidate(labels.length, oosIndex, items), fitted: undefined };
    this.options.onProgress?.('calibrating');
    draft.temperature = fitTemperature(held);
    const verdicts = held.map((h) => verdict(h, oosIndex, draft.temperature));
    const threshold = this.options.threshold ?? chooseThreshold(verdicts, { maxInScopeLoss: this.options.maxInScopeLoss });
    const final = fitted ?? (await this.fit(labels.length, items));
    this.state = { ...draft, threshold, ...final };
  }

  /** The prediction for an utterance. */
  async predict(text: string): Promise<IntentPrediction> {
    const state = this.state;
    if (!state) throw new Error('The recognizer is not trained yet: call train(examples) first.');
    const { labels, oosIndex, model, featurizer } = state;
    const x = await featurizer.transform(text);
    const p = softmax(model.logits(x), state.temperature);
    const best = bestIntent(p, oosIndex);
    const order = [...p.keys()].filter((k) => k !== oosIndex).sort((a, b) => p[b] - p[a] || a - b);
    const ranking = order.slice(0, this.options.rankingSize ?? 5).map((k) => ({ intent: labels[k], score: p[k] }));
    // Nothing in common with any training example (empty text, unseen script): out of scope.
    if (x.idx.length === 0) return { intent: null, confidence: 1, ranking };
    const rejected = (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < state.threshold;
    return rejected ? { intent: null, confidence: 1 - p[best], ranking } : { intent: labels[best], confidence: p[best], ranking };
  }

  /** Trains on `items`, returns the model and the logits of `heldOut`. */
  private async fitAndScore(classes: number, oosIndex: number, items: Item[], heldOut: Item[]): Promise<{ held: HeldOutItem[]; fitted: Fitted }> {
    const fitted = await this.fit(classes, items);
    const held: HeldOutItem[] = [];
    for (const h of heldOut) {
      const logits = fitted.model.logits(await fitted.featurizer.transform(h.text));
      const outOfScope = h.label === oosIndex || (h.label === -1 && oosIndex === -1);
      held.push({ logits, gold: h.label < 0 ? -1 : h.label, outOfScope });
    }
    return { held, fitted };
  }

  /** Out-of-fold logits: 5 folds below 2000 examples, otherwise a single 20 % fold. */
  private async crossValidate(classes: number, oosIndex: number, items: Item[]): Promise<HeldOutItem[]> {
    const folds = 5;
    const fold = new Int32Array(items.length);
    const seen = new Map<number, number>();
    items.forEach((item, i) => {
      const n = seen.get(item.label) ?? 0;
      seen.set(item.label, n + 1);
      fold[i] = n % folds;
    });
    const held: HeldOutItem[] = [];
    for (let f = 0; f < (items.length < 2000 ? folds : 1); f++) {
      const train = items.filter((_, i) => fold[i] !== f);
      // A fold that would remove an intent entirely teaches nothing about it: skip such items.
      const known = new Set(train.map((t) => t.label));
      const heldOut = items.filter((t, i) => fold[i] === f && known.has(t.label));
      held.push(...(await this.fitAndScore(classes, oosIndex, train, heldOut)).held);
    }
    return held;
  }

  private async fit(classes: number, items: Item[]): Promise<Fitted> {
    this.options.onProgress?.('featurizing');
    const featurizer = this.makeFeaturizer();
    const xs = await featurizer.fit(items.map((i) => i.text));
    this.options.onProgress?.('training');
    const model = new SoftmaxModel(featurizer.size, classes);
    model.train(xs, Int32Array.from(items, (i) => i.label), this.options);
    return { featurizer, model };
  }
}

type Item = { text: string; label: number };
type HeldOutItem = HeldOut & { outOfScope: boolean };
type Fitted = { featurizer: Featurizer; model: SoftmaxModel };
type Trained = Fitted & { labels: string[]; oosIndex: number; temperature: number; threshold: number };

/** The most probable intent, never the out-of-scope class. */
function bestIntent(p: Float64Array, oosIndex: number): number {
  let best = oosIndex === 0 ? 1 : 0;
  for (let k = 0; k < p.length; k++) if (k !== oosIndex && p[k] > p[best]) best = k;
  return best;
}

function verdict(h: HeldOutItem, oosIndex: number, temperature: number): Verdict {
  const p = softmax(h.logits, temperature);
  const best = bestIntent(p, oosIndex);
  return { confidence: p[best], correct: best === h.gold, outOfScope: h.outOfScope, rejectedByClass: oosIndex >= 0 && p[oosIndex] > p[best] };
}

/**
 * A recognizer that is a `LinearIntentClassifier` over features of its own (n-grams, sentence
 * embeddings): training, calibration and prediction are the classifier's.
 */
export abstract class LinearRecognizer implements IntentRecognizer {
  protected abstract readonly classifier: LinearIntentClassifier;

  /** Calibration results: the softmax temperature and the out-of-scope threshold in use. */
  get calibration(): { temperature: number; threshold: number } {
    return { temperature: this.classifier.temperature, threshold: this.classifier.threshold };
  }

  /** Trains from `examples`; `validation` (optional) is held-out data to calibrate on. */
  train(examples: IntentExample[], options?: TrainOptions): Promise<void> {
    return this.classifier.train(examples, options);
  }

  /** Recognises the intent of `text` (the locale is not needed: the features are language-agnostic). */
  recognize(text: string): Promise<IntentPrediction> {
    return this.classifier.predict(text);
  }
}
