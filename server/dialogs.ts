import { detectLanguageMiddleware, loadRuntime } from '../dialogs';
import type { AppModule } from './module';
import { DialogControl } from '../core/services';

/**
 * The dialogs module: language detection early in the turn (so every later step answers in the
 * customer's language), and the dialog runtime late, after the bot's own middleware and before
 * the knowledge base and the fallback. Dialog errors stop start-up with `file:line:col` messages.
 */
export function dialogsModule(): AppModule {
  return {
    name: 'dialogs',
    provides: [DialogControl],
    async setup({ bot, botDir, early, late, logger }) {
      early.use(detectLanguageMiddleware());
      const runtime = await loadRuntime(bot, botDir);
      bot.services.provide(DialogControl, runtime);
      late.use(runtime.middleware());
      logger.debug({ dialogs: runtime.examples().length }, 'dialogs loaded');
    },
  };
}
