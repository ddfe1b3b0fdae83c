import type { Bot } from '../../../core/bot';

/** Ends the conversation when the customer says bye (the bot resolved it); leaves "hours" to the dialog; echoes anything else. */
export default function surveysTestBot(bot: Bot): void {
  bot.use(async (ctx, next) => {
    if (/^bye\b/i.test(ctx.text)) {
      await ctx.reply('Glad I could help. Bye!');
      return ctx.end();
    }
    if (ctx.text && !/hours/i.test(ctx.text)) return ctx.reply(`echo: ${ctx.text}`);
    await next();
  });
}
