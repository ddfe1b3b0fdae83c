import { NgramFeaturizer, type NgramOptions } from './features';
import { LinearIntentClassifier, LinearRecognizer, type LinearOptions } from './linear';

/** Options of the character n-gram recognizer: features, training and the threshold. */
export type NgramRecognizerOptions = NgramOptions & LinearOptions;

/**
 * The default recognizer: character and word n-grams with a multiclass linear SVM,
 * trained in seconds from example utterances in any language, with a temperature-calibrated
 * confidence and an out-of-scope decision. Deterministic for a given `seed`.
 */
export class NgramRecognizer extends LinearRecognizer {
  protected readonly classifier: LinearIntentClassifier;

  constructor(options: NgramRecognizerOptions = {}) {
    super();
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
}
