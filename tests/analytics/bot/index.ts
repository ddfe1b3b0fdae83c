import type { Bot } from '../../../core/bot';

/** Ends the conversation when the customer says bye (the bot resolved it); echoes anything else. */
export default function analyticsTestBot(bot: Bot): void {
  bot.use(async (ctx, next) => {
    if (/^(bye|adiós)\b/i.test(ctx.text ?? '')) {
      await ctx.reply('Glad I could help. Bye!');
      return ctx.end();
    }
    if (ctx.text) return ctx.reply(`echo: ${ctx.text}`);
    await next();
  });
}
