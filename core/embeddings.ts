import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * The one setting that puts a sentence-embedding model next to the lexical search (knowledge) and
 * the n-gram intents (dialogs): a local transformers.js model folder, or an OpenAI-compatible
 * embeddings endpoint. Nothing is ever downloaded: a local model must already be on disk.
 */

/** Turns texts into unit-length vectors (cosine similarity = dot product). */
export interface TextEmbedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

const Local = z
  .object({
    model: z.string().min(1).describe('Folder of a feature-extraction model (config.json, tokenizer.json, onnx/model.onnx), relative to the bot folder.'),
    pooling: z.enum(['mean', 'cls']).default('mean'),
    prefix: z.string().default('').describe('Put before every text, for models trained with one (e5: "query: ").'),
    dtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).default('fp32'),
  })
  .strict();

const Remote = z
  .object({
    url: z.string().url().describe('An OpenAI-compatible embeddings endpoint, e.g. http://127.0.0.1:8080/v1/embeddings.'),
    model: z.string().min(1),
    apiKey: z.string().min(1).optional().describe('Sent as "Authorization: Bearer …".'),
    prefix: z.string().default(''),
  })
  .strict();

/** `knowledge.embeddings` / `dialogs.embeddings`: a model folder (string or object) or an endpoint. */
export const EmbeddingsSettingSchema = z.union([z.string().min(1).transform((model) => Local.parse({ model })), Remote, Local]);

/** A validated embeddings setting. */
export type EmbeddingsSetting = z.infer<typeof EmbeddingsSettingSchema>;

/**
 * The setting in effect: the environment (`<PREFIX>_EMBEDDINGS` = a folder or an http(s) URL, with
 * `<PREFIX>_EMBEDDINGS_MODEL` and `<PREFIX>_EMBEDDINGS_API_KEY` for an endpoint) wins over bot.yaml,
 * as every setting with a variable does. A bad value is a `ConfigError` naming the variable.
 */
export function embeddingsSetting(section: unknown, env: NodeJS.ProcessEnv, prefix: 'KNOWLEDGE' | 'DIALOGS'): EmbeddingsSetting | undefined {
  const value = env[`${prefix}_EMBEDDINGS`]?.trim();
  if (!value) return section === undefined ? undefined : EmbeddingsSettingSchema.parse(section);
  const raw = /^https?:\/\//.test(value)
    ? { url: value, model: env[`${prefix}_EMBEDDINGS_MODEL`]?.trim(), apiKey: env[`${prefix}_EMBEDDINGS_API_KEY`]?.trim() || undefined }
    : value;
  const parsed = EmbeddingsSettingSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${prefix}_EMBEDDINGS=${value}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')} (an endpoint also needs ${prefix}_EMBEDDINGS_MODEL)`);
  }
  return parsed.data;
}

/**
 * An OpenAI-compatible embeddings endpoint (`POST {model, input}` → `{data: [{embedding, index}]}`):
 * OpenAI, Azure, a local llama.cpp / vLLM / Ollama / text-embeddings-inference server. Vectors are
 * normalised here, since not every server does.
 */
export class HttpEmbedder implements TextEmbedder {
  constructor(
    private readonly setting: { url: string; model: string; apiKey?: string; prefix?: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (!texts.length) return [];
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.setting.apiKey) headers.authorization = `Bearer ${this.setting.apiKey}`;
    const input = texts.map((t) => (this.setting.prefix ?? '') + t);
    const response = await this.fetchImpl(this.setting.url, { method: 'POST', headers, body: JSON.stringify({ model: this.setting.model, input }) });
    if (!response.ok) throw new Error(`Embeddings endpoint ${this.setting.url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const body = (await response.json()) as { data?: Array<{ embedding?: number[]; index?: number }> };
    const rows = body.data ?? [];
    if (rows.length !== texts.length || rows.some((r) => !Array.isArray(r.embedding))) {
      throw new Error(`Embeddings endpoint ${this.setting.url} returned ${rows.length} embeddings for ${texts.length} texts`);
    }
    return [...rows].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((r) => unit(r.embedding!));
  }
}

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}
