import type { Bot } from '../core/bot';

/**
 * The end of every bot's chain: when no dialog, answer or handler replied, an honest fallback in
 * the customer's language. (Later modules — dialogs, knowledge, handoff — add themselves before it.)
 */
export function addFallback(bot: Bot): void {
  bot.use(async (ctx) => {
    // Marked, so handoff can count fallbacks and analytics can find knowledge gaps.
    ctx.trace.fallback = true;
    await ctx.reply(ctx.bot.text('fallback', ctx.locale), { metadata: { fallback: true } });
  });
}
