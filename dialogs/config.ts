import { z } from 'zod';
import { embeddingsSetting, EmbeddingsSettingSchema, type EmbeddingsSetting } from '../core/embeddings';

/**
 * The `dialogs:` block of bot.yaml, validated by `server/load-bot.ts` at its line and column.
 * `embeddings` adds a sentence-embedding model to intent recognition (an ensemble with the
 * n-gram recognizer), so intents are recognised from synonyms and languages nobody wrote examples for.
 */
export const DialogsConfigSchema = z
  .object({
    embeddings: EmbeddingsSettingSchema.optional().describe('A local model folder, or {url, model, apiKey?} of an OpenAI-compatible endpoint (DIALOGS_EMBEDDINGS wins).'),
  })
  .strict();

/** The validated `dialogs:` block. */
export type DialogsConfig = z.infer<typeof DialogsConfigSchema>;

/** The embeddings setting for intents in effect: `DIALOGS_EMBEDDINGS` or bot.yaml `dialogs.embeddings`. */
export function dialogsEmbeddings(section: unknown, env: NodeJS.ProcessEnv): EmbeddingsSetting | undefined {
  return embeddingsSetting((section as DialogsConfig | undefined)?.embeddings, env, 'DIALOGS');
}
