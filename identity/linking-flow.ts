import type { CountryCode } from 'libphonenumber-js';
import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';
import { maskPhone, normalizePhone } from '../core/identity/identities';
import { confirmLinkCode, issueLinkCode, LinkError } from './linking';
import type { CustomerData } from '../core/customer-data';
import type { SqlDriver } from '../core/storage/sql';
import { linkingTexts, type Texts } from './texts';

/** The linking step a conversation is in, kept in `ctx.state.link`. */
interface LinkState {
  step: 'phone' | 'code';
  tries: number;
}

const TO_PHONE = [
  /\b(continue|carry on|switch)\b.*\b(phone|sms|text)\b/i,
  /\b(text me|link (my )?phone)\b/i,
  /\b(seguir|continuar)\b.*\b(tel[eé]fono|m[oó]vil|sms)\b/i,
  /\bweiter\b.*\b(handy|sms|telefon)\b/i,
  /\bcontinuer\b.*\b(t[ée]l[ée]phone|portable|sms)\b/i,
];
const TO_WEB = [/\b(continue|carry on|switch)\b.*\b(web|website|browser|online)\b/i, /\b(seguir|continuar)\b.*\bweb\b/i, /\bweiter\b.*\b(web|browser)\b/i, /\bcontinuer\b.*\b(web|site)\b/i];
const TYPED_LINK = /^\s*link\s+([A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\s*$/i;

/** Options of the linking flow. */
export interface LinkingOptions {
  sql: SqlDriver;
  /** The app's declarations of customer data: their merge hooks move each module's rows when a code joins two customers. */
  customerData: CustomerData[];
  /** The store's clock (`Store.now`): a code issued on one instance may be typed back on another. */
  now: () => number;
  /** Channels able to deliver a code to a phone, in order of preference (the first configured one is used). */
  phoneChannels: () => string[];
  /** Country for numbers typed without a country code. */
  defaultCountry?: CountryCode;
}

/**
 * "Continue on my phone": the bot asks for a number, texts a one-time code there, and links the
 * number when the customer types the code back. "Continue on the web": the bot shows a code that
 * the customer types in the web chat as `link ABCD-EFGH`. Either way, two customers who turn out
 * to be one are merged, and the conversation goes on wherever they write next.
 */
export function linkingFlow(options: LinkingOptions): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const t = linkingTexts(ctx.bot.config, ctx.locale);
    const state = ctx.state.link as LinkState | undefined;
    const text = ctx.text;

    const typed = TYPED_LINK.exec(text);
    if (typed) return confirm(ctx, options, typed[1], t, 'welcomeBack');

    if (ctx.message.payload === 'link-phone' || TO_PHONE.some((re) => re.test(text))) {
      if (!options.phoneChannels().length) return ctx.reply(t.noPhoneChannel);
      ctx.state.link = { step: 'phone', tries: 0 } satisfies LinkState;
      return ctx.reply(t.askPhone);
    }
    if (ctx.message.payload === 'link-web' || TO_WEB.some((re) => re.test(text))) {
      try {
        const code = await issueLinkCode(options.sql, { customerId: ctx.customer.id, client: clientOf(ctx), now: options.now() });
        return ctx.reply(t.showCode.replace('{code}', code), { metadata: { confidential: true } });
      } catch (err) {
        if (err instanceof LinkError) return ctx.reply(t.limited);
        throw err;
      }
    }

    if (state?.step === 'phone') {
      const phone = normalizePhone(text, options.defaultCountry);
      if (!phone) {
        if (++state.tries >= 3) delete ctx.state.link;
        return ctx.reply(t.badPhone);
      }
      try {
        const channel = options.phoneChannels()[0];
        const code = await issueLinkCode(options.sql, { customerId: ctx.customer.id, channel, address: phone, client: clientOf(ctx), now: options.now() });
        // Sent to the number being linked, not to the customer's current channel; never shown in transcripts.
        await ctx.reply(t.smsCode.replace('{code}', code), { channel, address: phone, metadata: { confidential: true } });
        ctx.state.link = { step: 'code', tries: 0 } satisfies LinkState;
        return ctx.reply(t.sent.replace('{phone}', maskPhone(phone)));
      } catch (err) {
        delete ctx.state.link;
        if (err instanceof LinkError) return ctx.reply(t.limited);
        throw err;
      }
    }
    if (state?.step === 'code' && /^\s*\d{3}[\s-]?\d{3}\s*$/.test(text)) return confirm(ctx, options, text, t, 'linked');
    return next();
  };
}

async function confirm(ctx: TurnContext, options: LinkingOptions, code: string, t: Texts, success: 'linked' | 'welcomeBack'): Promise<void> {
  try {
    await confirmLinkCode(options.sql, { customerId: ctx.customer.id, code, client: clientOf(ctx), now: options.now() }, options.customerData);
    delete ctx.state.link;
    await ctx.reply(t[success]);
  } catch (err) {
    if (!(err instanceof LinkError)) throw err;
    if (err.reason !== 'invalid') delete ctx.state.link;
    await ctx.reply(err.reason === 'expired' ? t.expired : err.reason === 'rate-limited' ? t.limited : t.wrong);
  }
}

/** The network address the message came from, when its channel knows it (web chat). */
function clientOf(ctx: TurnContext): string | undefined {
  const client = ctx.message.metadata?.clientAddress;
  return typeof client === 'string' ? client : undefined;
}
