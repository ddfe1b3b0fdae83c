import { readFileSync } from 'node:fs';
import { readPassages } from './articles/import';
import { confidenceFeatures, defaultConfidence, groupByArticle } from './confidence';
import { PlaceholderRetriever } from './retrieval-placeholder';
import type { Retriever } from './types';

/** One labelled question: `article` null when nothing in the knowledge base answers it. */
interface Question {
  text: string;
  lang: string;
  article: string | null;
}

/**
 * Fits `CALIBRATION` (confidence.ts): a logistic regression of "the top article is the right one"
 * on the two confidence features, over a labelled question set, searching the question's language
 * then English as the answerer does. Prints the weights, recall@1, and for a few thresholds the
 * abstain rate on unanswerable and the false-abstain rate on answerable questions, as JSON.
 *
 *     npx tsx knowledge/calibrate.ts bots/demo/knowledge bots/demo/knowledge-eval/questions.jsonl
 */
export async function calibrate(kbDir: string, questionsFile: string, retriever: Retriever = new PlaceholderRetriever()) {
  await retriever.add(readPassages(kbDir));
  const questions = readFileSync(questionsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Question);
  const rows: Array<{ x: [number, number]; correct: number; answerable: boolean }> = [];
  for (const q of questions) {
    // As the answerer does: the question's language, then English when that is more confident.
    let best = { x: [0, 0] as [number, number], top: undefined as string | undefined, confidence: -1 };
    for (const locale of [...new Set([q.lang, 'en'])]) {
      const hits = await retriever.search(q.text, { locale, limit: 20 });
      const f = confidenceFeatures(q.text, hits);
      const confidence = defaultConfidence(q.text, hits);
      if (confidence > best.confidence) best = { x: [f.coverage, f.margin], top: groupByArticle(hits)[0]?.articleId, confidence };
    }
    rows.push({ x: best.x, correct: best.top !== undefined && best.top === q.article ? 1 : 0, answerable: q.article !== null });
  }
  const w = fitLogistic(rows.map((r) => r.x), rows.map((r) => r.correct));
  const p = (x: [number, number]) => 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
  const answerable = rows.filter((r) => r.answerable);
  const unanswerable = rows.filter((r) => !r.answerable);
  return {
    weights: { coverage: round(w[0]), margin: round(w[1]), bias: round(w[2]) },
    questions: rows.length,
    recall_at_1: round(answerable.filter((r) => r.correct).length / answerable.length),
    thresholds: [0.3, 0.4, 0.5, 0.6].map((t) => ({
      threshold: t,
      abstain_rate: round(unanswerable.filter((r) => p(r.x) < t).length / Math.max(1, unanswerable.length)),
      false_abstain_rate: round(answerable.filter((r) => p(r.x) < t).length / answerable.length),
      wrong_answers: answerable.filter((r) => p(r.x) >= t && !r.correct).length + unanswerable.filter((r) => p(r.x) >= t).length,
    })),
  };
}

/** Plain gradient descent on the log loss; the data are a few hundred rows. */
function fitLogistic(xs: Array<[number, number]>, ys: number[]): [number, number, number] {
  const w: [number, number, number] = [0, 0, 0];
  for (let it = 0; it < 20_000; it++) {
    const g = [0, 0, 0];
    xs.forEach((x, i) => {
      const e = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2]))) - ys[i];
      g[0] += e * x[0];
      g[1] += e * x[1];
      g[2] += e;
    });
    for (let k = 0; k < 3; k++) w[k] -= (0.05 * g[k]) / xs.length;
  }
  return w;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (require.main === module) {
  const [kbDir = 'bots/demo/knowledge', file = 'bots/demo/knowledge-eval/questions.jsonl'] = process.argv.slice(2);
  calibrate(kbDir, file).then((r) => console.log(JSON.stringify(r, null, 2)));
}
