/**
 * Knowledge retrieval speed on a synthetic 10k-article help centre (3 sections per article, four
 * languages): time to index everything, then query latency p50/p95 over 2,000 questions built
 * from article words with typos. Prints one JSON object. Targets: index < 10 s, p95 < 5 ms.
 *
 *   npm run bench:knowledge [-- --articles 10000]
 */
import os from 'node:os';
import { seededRandom } from '../core/random';
import { LexicalRetriever } from '../knowledge/retrieval/lexical';
import type { Passage } from '../knowledge/types';

// Seeded, so every run indexes the same corpus.
const rand = seededRandom(42);
const SYL = ['ka', 'lo', 'mi', 'ter', 'sa', 'no', 'vi', 'ran', 'de', 'po', 'li', 'zu', 'mer', 'ta', 'gen', 'shi', 'bo', 'el', 'ar', 'un'];
const LOCALES = ['en', 'es', 'de', 'fr'];
// A Zipf-like vocabulary: a few words are everywhere, most are rare, as in real help articles.
const VOCAB = Array.from({ length: 20000 }, () => {
  let w = '';
  for (let i = 0, n = 2 + Math.floor(rand() * 3); i < n; i++) w += SYL[Math.floor(rand() * SYL.length)];
  return w;
});
const word = () => VOCAB[Math.floor(VOCAB.length * Math.pow(rand(), 2.5))]!;
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

function corpus(articles: number): Passage[] {
  const out: Passage[] = [];
  for (let a = 0; a < articles; a++) {
    const locale = LOCALES[a % LOCALES.length]!;
    const title = sentence(4);
    for (let s = 0; s < 3; s++) {
      out.push({ id: `a${a}.${locale}#${s}`, articleId: `a${a}`, locale, title, heading: sentence(3), text: `${sentence(40)}. ${sentence(40)} ${1000 + s}.` });
    }
  }
  return out;
}

function typo(w: string): string {
  const i = Math.floor(rand() * w.length);
  return w.slice(0, i) + w.slice(i + 1);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function main(): void {
  const argIndex = process.argv.indexOf('--articles');
  const articles = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 10_000;
  const passages = corpus(articles);
  const retriever = new LexicalRetriever();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  retriever.addSync(passages);
  const indexMs = performance.now() - t0;
  // CPU time too: on a shared machine wall time also counts other processes' turns.
  const cpu = process.cpuUsage(cpu0);
  const indexCpuMs = (cpu.user + cpu.system) / 1000;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

  const times: number[] = [];
  const cpuTimes: number[] = [];
  let top1 = 0;
  const queries = 2000;
  for (let i = 0; i < queries; i++) {
    const p = passages[Math.floor(rand() * passages.length)]!;
    const ws = p.text.split(/\W+/).filter(Boolean);
    const q = Array.from({ length: 6 }, () => ws[Math.floor(rand() * ws.length)]!).map((w, k) => (k === 0 ? typo(w) : w)).join(' ');
    const s = performance.now();
    const c = process.cpuUsage();
    const hits = retriever.searchDetailed(q, { locale: p.locale, limit: 10 }).hits;
    const used = process.cpuUsage(c);
    times.push(performance.now() - s);
    cpuTimes.push((used.user + used.system) / 1000);
    if (hits[0]?.passage.articleId === p.articleId) top1++;
  }
  // Incremental update cost: replace one article, remove another.
  const u = performance.now();
  retriever.addSync(corpus(1));
  void retriever.remove('a1');
  const updateMs = performance.now() - u;
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      articles,
      passages: passages.length,
      index_ms: Math.round(indexMs),
      index_cpu_ms: Math.round(indexCpuMs),
      load_average: +os.loadavg()[0]!.toFixed(1),
      heap_mb: Math.round(heapMb),
      query_p50_ms: +percentile(times, 0.5).toFixed(3),
      query_p95_ms: +percentile(times, 0.95).toFixed(3),
      query_p99_ms: +percentile(times, 0.99).toFixed(3),
      query_cpu_p50_ms: +percentile(cpuTimes, 0.5).toFixed(3),
      query_cpu_p95_ms: +percentile(cpuTimes, 0.95).toFixed(3),
      update_ms: +updateMs.toFixed(2),
      sanity_recall_at_1: +(top1 / queries).toFixed(3),
      targets: { index_ms: 10_000, query_p95_ms: 5 },
    }),
  );
}

main();
