import type { Bot } from '../../core/bot';
import type { MiddlewareFn } from '../../core/composer';
import type { SendContext, TurnContext } from '../../core/context';
import type { ConsentBook } from './consent';
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

/**
 * The outbound rule: nothing goes to an opted-out number except the opt-out confirmation. In the
 * outbound chain, so bot replies, agent replies and proactive messages all pass it.
 * `addressOf` resolves the SMS number of a message routed from another channel.
 */
export function smsOptOutGuard(
  consent: ConsentBook,
  addressOf: (customerId: string, channel: string) => Promise<string | undefined>,
): MiddlewareFn<SendContext> {
  return async (ctx, next) => {
    for (const message of ctx.messages) {
      if (message.channel !== 'sms' || message.status === 'skipped') continue;
      if (message.metadata?.smsConsent === OPT_OUT_CONFIRMATION) continue;
      const address = message.channel === ctx.conversation.channel ? message.address : await addressOf(message.customerId, 'sms');
      if (address && (await consent.isOptedOut('sms', address))) ctx.skip(message, 'opted-out');
    }
    await next();
  };
}

/** A keyword answer through the one text lookup: the bot's `messages.<locale>.sms.<key>` or the built-in one; HELP falls back to the bot's own `help` text. */
function smsText(bot: Bot, key: SmsTextKey, locale: string): string {
  const own = Object.values(bot.config.messages);
  if (key === 'help' && !own.some((texts) => texts['sms.help']) && own.some((texts) => texts.help)) return bot.text('help', locale);
  return smsTexts(bot.config, key, locale);
}
