import { resolve } from 'node:path';
import { embeddingsSetting, HttpEmbedder } from '../core/embeddings';
import { HybridRetriever } from './retrieval/hybrid';
import { DenseRetriever, loadLocalEmbedder, type Embedder } from './retrieval/dense';
import { LexicalRetriever } from './retrieval/lexical';
import type { Retriever } from './types';

/**
 * The embedder `knowledge.embeddings` (or `KNOWLEDGE_EMBEDDINGS`) names, if any: a local model
 * folder (relative to the bot folder) loaded through transformers.js, or an endpoint.
 */
export async function knowledgeEmbedder(section: unknown, env: NodeJS.ProcessEnv, botDir: string, fetchImpl?: typeof fetch): Promise<Embedder | undefined> {
  const setting = embeddingsSetting(section, env, 'KNOWLEDGE');
  if (!setting) return undefined;
  if ('url' in setting) return new HttpEmbedder(setting, fetchImpl);
  return loadLocalEmbedder(resolve(botDir, setting.model), { pooling: setting.pooling, prefix: setting.prefix, dtype: setting.dtype });
}

/**
 * The search index: lexical alone by default; with an embedder, lexical and dense fused by
 * reciprocal rank (the lexical side keeps exact words, SKUs and names; the model brings synonyms
 * and other languages).
 */
export function knowledgeRetriever(embedder: Embedder | undefined): Retriever {
  return embedder ? new HybridRetriever([new LexicalRetriever(), new DenseRetriever(embedder)]) : new LexicalRetriever();
}
