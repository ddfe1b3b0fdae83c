import { resolve } from 'node:path';
import { HttpEmbedder, type EmbeddingsSetting } from '../core/embeddings';
import type { AppModule } from '../core/module';
import { DialogControl } from '../core/services';
import { DialogsConfigSchema, dialogsEmbeddings } from './config';
import { loadRuntime } from './index';
import { EmbeddingRecognizer } from './intents/embedding';
import { EnsembleRecognizer } from './intents/ensemble';
import { NgramRecognizer } from './intents/ngram';
import { detectLanguageMiddleware } from './language';

/**
 * The dialogs module: language detection early in the turn (so every later step answers in the
 * customer's language), and the dialog runtime late, after the bot's own middleware and before
 * the knowledge base and the fallback. Dialog errors stop start-up with `file:line:col` messages.
 */
export function dialogsModule(): AppModule {
  return {
    name: 'dialogs',
    config: DialogsConfigSchema,
    provides: [DialogControl],
    async setup({ bot, botDir, env, early, late, logger }) {
      early.use(detectLanguageMiddleware());
      const recognizer = intentRecognizer(dialogsEmbeddings(bot.config.dialogs, env), botDir);
      if (recognizer) logger.info('intents: n-grams + embeddings');
      const runtime = await loadRuntime(bot, botDir, { recognizer });
      bot.services.provide(DialogControl, runtime);
      late.use(runtime.middleware());
      logger.debug({ dialogs: runtime.examples().length }, 'dialogs loaded');
    },
  };
}

/**
 * With `dialogs.embeddings` (or `DIALOGS_EMBEDDINGS`): the n-gram recognizer and one on the
 * model's sentence vectors, voting together; without, undefined (the runtime's n-grams alone).
 */
export function intentRecognizer(setting: EmbeddingsSetting | undefined, botDir: string): EnsembleRecognizer | undefined {
  if (!setting) return undefined;
  const embedding =
    'url' in setting
      ? new EmbeddingRecognizer({ embedder: new HttpEmbedder(setting), prefix: '' })
      : new EmbeddingRecognizer({ model: resolve(botDir, setting.model), pooling: setting.pooling, prefix: setting.prefix, dtype: setting.dtype });
  return new EnsembleRecognizer([{ recognizer: new NgramRecognizer() }, { recognizer: embedding }]);
}
