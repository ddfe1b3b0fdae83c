import type { IntentExample, IntentPrediction, IntentRecognizer } from './types';

/**
 * A placeholder recognizer: the best example's token overlap (Dice over lower-cased, accent-free
 * words of 3+ letters, prefixes of 5 letters so "returns"/"return" meet). Enough for the demo and
 * the runtime's tests; the n-gram recognizer of `dialogs/intents/` replaces it.
 */
export class SimpleRecognizer implements IntentRecognizer {
  private examples: Array<{ intent: string; tokens: Set<string> }> = [];
  private outOfScope: Array<Set<string>> = [];

  constructor(private readonly threshold = 0.5) {}

  async train(examples: IntentExample[], options: { outOfScope?: string[] } = {}): Promise<void> {
    this.examples = examples.map((e) => ({ intent: e.intent, tokens: tokens(e.text) }));
    this.outOfScope = (options.outOfScope ?? []).map(tokens);
  }

  async recognize(text: string): Promise<IntentPrediction> {
    const said = tokens(text);
    const best = new Map<string, number>();
    for (const e of this.examples) best.set(e.intent, Math.max(best.get(e.intent) ?? 0, dice(said, e.tokens)));
    const ranking = [...best].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
    const top = ranking[0];
    const oos = Math.max(0, ...this.outOfScope.map((t) => dice(said, t)));
    if (!top || top.score < this.threshold || oos > top.score) return { intent: null, confidence: 1 - (top?.score ?? 0), ranking };
    return { intent: top.intent, confidence: top.score, ranking };
  }
}

function tokens(text: string): Set<string> {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  return new Set(words.map((w) => w.slice(0, 5)));
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return (2 * shared) / (a.size + b.size);
}
