/** Intent recognition: the recognizers, their options, and the evaluation helpers. */
export type { IntentExample, IntentPrediction, IntentRecognizer } from './types';
export { NgramRecognizer, type NgramRecognizerOptions } from './ngram';
export { EmbeddingRecognizer, type EmbeddingRecognizerOptions } from './embedding';
export { EnsembleRecognizer, type EnsembleMember, type EnsembleOptions } from './ensemble';
export { LinearIntentClassifier, type LinearOptions, type TrainOptions } from './linear';
export { NgramFeaturizer, normalizeText, type NgramOptions, type SparseVector } from './features';
export { readClinc, readCsv, parseCsv, stratifiedSplit, toTraining, DatasetError, type LabeledText } from './datasets';
export { predictAll, qualityMetrics, tradeOffCurve, median, type IntentMetrics } from './evaluate';
