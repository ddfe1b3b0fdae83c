import { basename, dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { SparseVector } from './features';
import type { TextEmbedder } from '../../core/embeddings';
import { LinearIntentClassifier, LinearRecognizer, type LinearOptions } from './linear';

/** Where the local model is and how its token vectors become one sentence vector. */
export interface EmbeddingRecognizerOptions extends LinearOptions {
  /**
   * Folder of a feature-extraction model in the layout `@huggingface/transformers` loads:
   * config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (e.g. a copy of
   * Xenova/multilingual-e5-small). Nothing is ever downloaded.
   */
  model?: string;
  /**
   * Or any embedder (an OpenAI-compatible endpoint, `core/embeddings.ts`) instead of a local
   * model: vectors come from it, everything else is the same.
   */
  embedder?: TextEmbedder;
  /** ONNX weights to load: `fp32` reads onnx/model.onnx, `q8` onnx/model_quantized.onnx (default fp32). */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Sentence vector from token vectors (default mean). */
  pooling?: 'mean' | 'cls';
  /** Text put before every utterance, as some models expect (e5: "query: "). */
  prefix?: string;
  /** Utterances embedded per model call while training (default 32). */
  batchSize?: number;
}

type Extractor = (texts: string[], options: { pooling: string; normalize: boolean }) => Promise<{ data: ArrayLike<number>; dims: number[] }>;

/**
 * Recognises intents from sentence embeddings of a local model (any language the model knows),
 * with the same softmax classifier, calibration and out-of-scope decision as the n-gram
 * recognizer. Slower to train and run than n-grams but it knows synonyms it never saw: combine
 * both with `EnsembleRecognizer`.
 */
export class EmbeddingRecognizer extends LinearRecognizer {
  protected readonly classifier: LinearIntentClassifier;
  private extractor?: Promise<Extractor>;
  /** Embeddings by text: cross-validation folds reuse them instead of running the model again. */
  private readonly cache = new Map<string, Float32Array>();
  private dims = 0;

  constructor(private readonly options: EmbeddingRecognizerOptions) {
    super();
    const modelDir = resolve(options.model ?? '');
    if (!options.embedder && (!options.model || !existsSync(resolve(modelDir, 'config.json')))) {
      throw new Error(`No model at ${modelDir}: expected a folder with config.json, tokenizer.json and onnx/model.onnx (a local copy of a feature-extraction model).`);
    }
    const dims = (): number => this.dims;
    this.classifier = new LinearIntentClassifier(
      () => ({
        fit: (texts) => this.embedAll(texts, true),
        transform: async (text) => (await this.embedAll([text], false))[0],
        get size() {
          return dims();
        },
      }),
      // Dense sentence vectors need more passes than sparse n-grams to converge.
      { loss: 'log', epochs: 30, l2: 1e-5, learningRate: 1, ...options },
    );
  }

  private load(): Promise<Extractor> {
    this.extractor ??= (async () => {
      const { pipeline, env } = await import('@huggingface/transformers');
      const modelDir = resolve(this.options.model ?? '');
      // Local files only: the library would otherwise fetch missing files from the Hub.
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = dirname(modelDir);
      const extract = await pipeline('feature-extraction', basename(modelDir), { dtype: this.options.dtype ?? 'fp32' });
      return extract as unknown as Extractor;
    })();
    return this.extractor;
  }

  /** One model call: the configured embedder's, or the local pipeline's (its dimension noted). */
  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    if (this.options.embedder) {
      const vectors = await this.options.embedder.embed(texts);
      this.dims = vectors[0]?.length ?? this.dims;
      return vectors;
    }
    const output = await (await this.load())(texts, { pooling: this.options.pooling ?? 'mean', normalize: true });
    this.dims = output.dims[output.dims.length - 1];
    return texts.map((_, j) => Float32Array.from(Array.prototype.slice.call(output.data, j * this.dims, (j + 1) * this.dims) as number[]));
  }

  /** Embeds `texts`; `remember` keeps training texts' vectors for the next fold. */
  private async embedAll(texts: string[], remember: boolean): Promise<SparseVector[]> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    const fresh = new Map<string, Float32Array>();
    const batch = this.options.batchSize ?? 32;
    for (let i = 0; i < missing.length; i += batch) {
      const chunk = missing.slice(i, i + batch);
      const vectors = await this.embedBatch(chunk.map((t) => (this.options.prefix ?? '') + t));
      chunk.forEach((text, j) => fresh.set(text, vectors[j]!));
    }
    if (remember) for (const [text, vector] of fresh) this.cache.set(text, vector);
    const idx = Int32Array.from({ length: this.dims }, (_, i) => i);
    return texts.map((t) => ({ idx, val: this.cache.get(t) ?? fresh.get(t)! }));
  }
}
