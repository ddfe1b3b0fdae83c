import type { Bot } from '../../../core/bot';

/** Replies with what it was told: the web channel benchmark's bot. */
export default function echo(bot: Bot): void {
  bot.use(async (ctx) => {
    await ctx.reply(`You said: ${ctx.text}`);
  });
}
