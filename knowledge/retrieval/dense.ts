import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Hit, Passage, Retriever } from '../types';

/** Turns texts into unit-length vectors (cosine similarity = dot product). */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Options of {@link loadLocalEmbedder}. */
export interface LocalEmbedderOptions {
  /** How token vectors become one text vector (default `mean`, as sentence-transformers do). */
  pooling?: 'mean' | 'cls';
  /** Prepended to every text, for models trained with one (e5: "query: ", "passage: "). */
  prefix?: string;
  /** ONNX weights variant, e.g. `fp32` (onnx/model.onnx) or `q8` (onnx/model_quantized.onnx). */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
}

/**
 * Loads a sentence-embedding model from a local folder laid out as on the Hugging Face Hub
 * (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) through
 * `@huggingface/transformers`. Remote downloads are switched off: a missing file is an error
 * naming the folder, never a network request.
 */
export async function loadLocalEmbedder(folder: string, options: LocalEmbedderOptions = {}): Promise<Embedder> {
  const dir = resolve(folder);
  for (const file of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, file))) throw new Error(`Embedding model folder ${dir} has no ${file}: export the model with its tokenizer (e.g. optimum-cli export onnx) into that folder`);
  }
  if (!existsSync(join(dir, 'onnx'))) throw new Error(`Embedding model folder ${dir} has no onnx/ subfolder with model.onnx`);
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir) + '/';
  const extractor = await pipeline('feature-extraction', basename(dir), { dtype: options.dtype ?? 'fp32' });
  const pooling = options.pooling ?? 'mean';
  const prefix = options.prefix ?? '';
  return {
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const out = await extractor(texts.map((t) => prefix + t), { pooling, normalize: true });
      const [rows, dim] = out.dims as [number, number];
      const data = out.data as Float32Array;
      return Array.from({ length: rows }, (_, i) => Float32Array.from(data.subarray(i * dim, (i + 1) * dim)));
    },
  };
}

/**
 * A {@link Retriever} over embeddings: exact cosine search over a contiguous vector matrix
 * (brute force is faster than an ANN index below ~100k passages, and exact). Passages are
 * embedded in batches as they are added.
 */
export class DenseRetriever implements Retriever {
  private vectors = new Float32Array(0);
  private dim = 0;
  private passages: (Passage | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private free: number[] = [];
  private live = 0;

  constructor(
    private readonly embedder: Embedder,
    private readonly options: { batchSize?: number } = {},
  ) {}

  get size(): number {
    return this.live;
  }

  async add(passages: Passage[]): Promise<void> {
    const batch = this.options.batchSize ?? 32;
    for (let i = 0; i < passages.length; i += batch) {
      const chunk = passages.slice(i, i + batch);
      const vecs = await this.embedder.embed(chunk.map((p) => [p.title, p.heading, p.text].filter(Boolean).join('\n')));
      chunk.forEach((p, k) => this.put(p, vecs[k]!));
    }
  }

  async remove(articleId: string, locale?: string): Promise<void> {
    for (const [id, slot] of [...this.slots]) {
      const p = this.passages[slot]!;
      if (p.articleId === articleId && (!locale || p.locale === locale)) this.drop(id);
    }
  }

  async search(query: string, options: { locale?: string; limit?: number } = {}): Promise<Hit[]> {
    if (this.live === 0) return [];
    const [q] = await this.embedder.embed([query]);
    const limit = options.limit ?? 10;
    const hits: Hit[] = [];
    const { dim, vectors } = this;
    for (let slot = 0; slot < this.passages.length; slot++) {
      const p = this.passages[slot];
      if (!p || (options.locale && p.locale !== options.locale && p.locale.split('-')[0] !== options.locale)) continue;
      let s = 0;
      for (let j = 0, o = slot * dim; j < dim; j++) s += q![j]! * vectors[o + j]!;
      if (hits.length < limit || s > hits[hits.length - 1]!.score) {
        hits.push({ passage: p, score: s });
        hits.sort((a, b) => b.score - a.score);
        if (hits.length > limit) hits.pop();
      }
    }
    return hits;
  }

  private put(p: Passage, vec: Float32Array): void {
    this.drop(p.id);
    if (this.dim === 0) this.dim = vec.length;
    if (vec.length !== this.dim) throw new Error(`Embedding size changed from ${this.dim} to ${vec.length}: one retriever needs one model`);
    const slot = this.free.pop() ?? this.passages.length;
    if ((slot + 1) * this.dim > this.vectors.length) {
      const grown = new Float32Array(Math.max((slot + 1) * this.dim, this.vectors.length * 2));
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.vectors.set(vec, slot * this.dim);
    this.passages[slot] = p;
    this.slots.set(p.id, slot);
    this.live++;
  }

  private drop(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.passages[slot] = undefined;
    this.slots.delete(id);
    this.free.push(slot);
    this.live--;
  }
}
