import type { Bot } from '../../core/bot';
import type { MiddlewareFn } from '../../core/composer';
import type { TurnContext } from '../../core/context';
import { smsTexts, type SmsTextKey } from './keywords';
import { OPT_OUT_CONFIRMATION } from './adapter';

/**
 * Answers the SMS keywords the adapter recognised at intake (STOP, START, HELP) before any dialog
 * runs, and ends the turn there: a STOP must not be answered by the bot's menu. Add it as early
 * middleware.
 */
export function smsKeywordReplies(bot: Bot): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const keyword = ctx.message.channel === 'sms' ? ctx.message.metadata?.smsKeyword : undefined;
    if (keyword === 'opt-out') {
      await ctx.reply(smsText(bot, 'optedOut', ctx.message.locale ?? ctx.locale), { metadata: { smsConsent: OPT_OUT_CONFIRMATION } });
    } else if (keyword === 'opt-in') {
      await ctx.reply(smsText(bot, 'optedIn', ctx.message.locale ?? ctx.locale));
    } else if (keyword === 'help') {
      await ctx.reply(smsText(bot, 'help', ctx.message.locale ?? ctx.locale));
    } else {
      await next();
    }
  };
}

/** A keyword answer through the one text lookup: the bot's `messages.<locale>.sms.<key>` or the built-in one; HELP falls back to the bot's own `help` text. */
function smsText(bot: Bot, key: SmsTextKey, locale: string): string {
  const own = Object.values(bot.config.messages);
  if (key === 'help' && !own.some((texts) => texts['sms.help']) && own.some((texts) => texts.help)) return bot.text('help', locale);
  return smsTexts(bot.config, key, locale);
}
