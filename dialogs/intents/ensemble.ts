import type { TrainOptions } from './linear';
import type { IntentExample, IntentPrediction, IntentRecognizer } from './types';

/** A recognizer in an ensemble, with its say in the vote. */
export interface EnsembleMember {
  recognizer: IntentRecognizer;
  /** Relative weight of its probabilities (default 1). */
  weight?: number;
}

/** How the ensemble decides. */
export interface EnsembleOptions {
  /**
   * Out-of-scope threshold on the combined confidence. Default: the weighted mean of the
   * members' own tuned thresholds (members without a `calibration` count as 0) — their
   * confidences are calibrated, so their average is on the same scale.
   */
  threshold?: number;
  /** How many intents `ranking` lists (default 5). */
  rankingSize?: number;
}

interface Calibrated {
  calibration?: { threshold: number };
}

/**
 * Combines recognizers (e.g. n-grams and a local embedding model) by a weighted average of
 * their calibrated probabilities. Out of scope when the combined confidence is under the
 * threshold, or when members holding most of the weight rejected the utterance themselves
 * (a member's out-of-scope class or threshold knows things the average blurs).
 */
export class EnsembleRecognizer implements IntentRecognizer {
  private readonly members: Array<Required<EnsembleMember>>;
  private readonly total: number;
  threshold = 0;

  constructor(
    members: EnsembleMember[],
    private readonly options: EnsembleOptions = {},
  ) {
    if (members.length === 0) throw new Error('An ensemble needs at least one recognizer.');
    this.members = members.map((m) => ({ recognizer: m.recognizer, weight: m.weight ?? 1 }));
    if (this.members.some((m) => !(m.weight > 0))) throw new Error('Ensemble weights must be positive numbers.');
    this.total = this.members.reduce((s, m) => s + m.weight, 0);
  }

  /** The combined out-of-scope threshold (same shape as the members', so ensembles nest). */
  get calibration(): { threshold: number } {
    return { threshold: this.threshold };
  }

  /** Trains every member on the same data, one after the other. */
  async train(examples: IntentExample[], options?: TrainOptions): Promise<void> {
    for (const m of this.members) await m.recognizer.train(examples, options);
    this.threshold =
      this.options.threshold ?? this.members.reduce((s, m) => s + m.weight * ((m.recognizer as Calibrated).calibration?.threshold ?? 0), 0) / this.total;
  }

  /** Asks every member and averages their rankings. */
  async recognize(text: string, options?: { locale?: string }): Promise<IntentPrediction> {
    const predictions = await Promise.all(this.members.map((m) => m.recognizer.recognize(text, options)));
    const scores = new Map<string, number>();
    let rejectedWeight = 0;
    predictions.forEach((p, i) => {
      const { weight } = this.members[i];
      if (p.intent === null) rejectedWeight += weight;
      for (const r of p.ranking) scores.set(r.intent, (scores.get(r.intent) ?? 0) + (weight * r.score) / this.total);
    });
    const ranking = [...scores]
      .map(([intent, score]) => ({ intent, score }))
      .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1))
      .slice(0, this.options.rankingSize ?? 5);
    const top = ranking[0];
    if (!top || top.score < this.threshold || rejectedWeight > this.total / 2) {
      return { intent: null, confidence: 1 - (top?.score ?? 0), ranking };
    }
    return { intent: top.intent, confidence: top.score, ranking };
  }
}
