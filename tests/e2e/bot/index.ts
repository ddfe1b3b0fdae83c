import type { Bot } from '../../../core/bot';
import { KnowledgeSearch } from '../../../core/services';

/**
 * Echoes what the customer says (so a test can tell the bot answered), and offers the console a
 * knowledge search in the shape the handoff module looks for (`KnowledgeSearch`).
 */
export default function consoleTestBot(bot: Bot): void {
  bot.services.provide(KnowledgeSearch, async (question) =>
    /refund|return/i.test(question)
      ? [{ articleId: 'returns', title: 'Returns and refunds', text: 'You can return any item within 30 days for a full refund.' }]
      : [],
  );
  bot.use(async (ctx, next) => {
    if (ctx.text) return ctx.reply(`echo: ${ctx.text}`);
    await next();
  });
}
