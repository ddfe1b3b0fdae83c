import type { SqlDriver } from '../core/storage/sql';
import { KnowledgeBase } from './base';
import type { KnowledgeConfig } from './config';
import { knowledgeEmbedder, knowledgeRetriever } from './embeddings';
import { EvidenceStore } from './learning/evidence';
import { LearnedRetriever } from './learning/retriever';
import type { Embedder } from './retrieval/dense';
import type { AskedQuestion } from './topics';
import type { Passage, Retriever } from './types';

/** The knowledge base with the search the bot answers with, and the parts the module wires further. */
export interface ComposedKnowledge {
  kb: KnowledgeBase;
  /** The lexical retriever (with the embedder's dense one when configured) behind what conversations taught. */
  retriever: LearnedRetriever;
  evidence: EvidenceStore;
  passagesOf: (articleId: string, locale: string) => Promise<Passage[]>;
  /** The embedder `knowledge.embeddings` names, if any. */
  embedder?: Embedder;
}

/**
 * Builds the knowledge base over `sql` the one way: the retriever `knowledge.embeddings` asks for
 * (lexical, or lexical + dense), wrapped in the learned-evidence retriever. The knowledge module
 * and the CLI's `kb` commands both compose it here, so the CLI indexes what the bot searches.
 */
export async function composeKnowledge(input: {
  sql: SqlDriver;
  config: KnowledgeConfig;
  env: NodeJS.ProcessEnv;
  botDir: string;
  /** Builds the search index instead (tests, embedders); no embedder is loaded then. */
  retriever?: () => Retriever;
  /** Told of each question asked once it is stored. */
  onQuestion?: (question: AskedQuestion) => Promise<void>;
}): Promise<ComposedKnowledge> {
  const embedder = input.retriever ? undefined : await knowledgeEmbedder(input.config.embeddings, input.env, input.botDir);
  // What conversations taught (feedback, clarifying choices, agents' inserts) and the articles'
  // alternative questions, used at once: the knowledge base indexes through this wrapper.
  const evidence = new EvidenceStore(input.sql);
  const passagesOf = (id: string, locale: string): Promise<Passage[]> => kb.passagesOf(id, locale);
  const retriever = new LearnedRetriever(input.retriever?.() ?? knowledgeRetriever(embedder), evidence, passagesOf);
  const kb: KnowledgeBase = new KnowledgeBase(input.sql, retriever, input.onQuestion);
  return { kb, retriever, evidence, passagesOf, embedder };
}
