/** One training example: an utterance and its intent, in any language. */
export interface IntentExample {
  text: string;
  intent: string;
  locale?: string;
}

/** What a recognizer makes of an utterance. */
export interface IntentPrediction {
  /** The recognised intent, or `null` when the utterance is out of scope. */
  intent: string | null;
  /** Calibrated probability that `intent` is right (for `null`: that it is out of scope). */
  confidence: number;
  /** The best candidates, most likely first. */
  ranking: Array<{ intent: string; score: number }>;
}

/**
 * Recognises intents. Trained at load time from the dialogs' examples; implementations can be
 * swapped or combined (character n-grams by default; a local embedding model can join).
 */
export interface IntentRecognizer {
  /** Trains on `examples`; `outOfScope` are utterances that belong to no intent. */
  train(examples: IntentExample[], options?: { outOfScope?: string[] }): Promise<void>;
  recognize(text: string, options?: { locale?: string }): Promise<IntentPrediction>;
}
