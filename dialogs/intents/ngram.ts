import { NgramFeaturizer, type NgramOptions } from './features';
import { LinearIntentClassifier, type LinearOptions, type TrainOptions } from './linear';
import type { IntentExample, IntentPrediction, IntentRecognizer } from './types';

/** Options of the character n-gram recognizer: features, training and the threshold. */
export type NgramRecognizerOptions = NgramOptions & LinearOptions;

/**
 * The default recognizer: character and word n-grams with multinomial logistic regression,
 * trained in seconds from example utterances in any language, with a temperature-calibrated
 * confidence and an out-of-scope decision. Deterministic for a given `seed`.
 */
export class NgramRecognizer implements IntentRecognizer {
  private readonly classifier: LinearIntentClassifier;

  constructor(options: NgramRecognizerOptions = {}) {
    this.classifier = new LinearIntentClassifier(() => {
      const featurizer = new NgramFeaturizer(options);
      return {
        fit: async (texts) => featurizer.fit(texts),
        transform: async (text) => featurizer.transform(text),
        get size() {
          return featurizer.size;
        },
      };
    }, options);
  }

  /** Calibration results: the softmax temperature and the out-of-scope threshold in use. */
  get calibration(): { temperature: number; threshold: number } {
    return { temperature: this.classifier.temperature, threshold: this.classifier.threshold };
  }

  /** Trains from `examples`; `validation` (optional) is held-out data to calibrate on. */
  train(examples: IntentExample[], options?: TrainOptions): Promise<void> {
    return this.classifier.train(examples, options);
  }

  /** Recognises the intent of `text` (the locale is not needed: features are language-agnostic). */
  recognize(text: string): Promise<IntentPrediction> {
    return this.classifier.predict(text);
  }
}
