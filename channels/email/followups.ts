import type { Bot } from '../../core/bot';
import type { MiddlewareFn } from '../../core/composer';
import type { Customer } from '../../core/customer';
import type { SendContext, TurnContext } from '../../core/context';
import { normalizeEmail } from '../../core/identity/identities';
import type { Message } from '../../core/message';
import type { Store } from '../../core/storage/store';
import { mailboxOf, reachesUnsubscribed } from './settings';
import type { EmailStore } from './store';
import { emailTexts } from './texts';

/**
 * "Send me this by e-mail" in the languages the bot speaks: a verb of sending and a word for
 * e-mail in the same short message. A message about mail in general ("I sent you an e-mail") has
 * no imperative send verb; "e-mail me when it ships" names a future event and is left to the bot.
 */
const SEND = words(['send', 'e-?mail me', 'mail me', 'forward', 'env[ií](a|as|e|ar)(me|mela|melo)?', 'm[aá]nd(a|e|ar)(me|mela|melo)?', 'schick(e|en|t)?', 'sende', 'senden', 'envoie(z|r)?', 'invia(mi|re)?', 'manda(mi)?', 'stuur', 'verstuur', 'wy[sś]lij', 'prze[sś]lij', 'g[oö]nder', 'отправь(те)?', 'пришли(те)?', 'вышли(те)?', 'أرسل', 'ارسل', '发送', '发给', '发到', '送って', '送信']);
const EMAIL = words(['e-?mail(em|u)?', 'mail(em)?', 'correo', 'courriel', 'posta', 'e-posta', 'почт[уыае]', 'имейл', 'البريد', 'ايميل', '邮件', '邮箱', 'メール']);
const LATER = words(['when', 'once', 'if', 'cuando', 'wenn', 'sobald', 'quand', 'lorsque', 'quando', 'wanneer', 'kiedy', 'когда']);

/**
 * A pattern matching any of `alternatives` as whole words. Letters are Unicode letters (JavaScript's
 * `\b` knows ASCII only); scripts written without spaces (Chinese, Japanese, Arabic clitics) match inside text.
 */
function words(alternatives: string[]): RegExp {
  const spaced = alternatives.filter((w) => /^[\p{Script=Latin}\p{Script=Cyrillic}\s?()|[\]\-]+$/u.test(w));
  const unspaced = alternatives.filter((w) => !spaced.includes(w));
  const whole = `(?<![\\p{L}\\p{N}])(?:${spaced.join('|')})(?![\\p{L}\\p{N}])`;
  return new RegExp(unspaced.length ? `${whole}|${unspaced.join('|')}` : whole, 'iu');
}

/** Whether a message asks for the conversation by e-mail. */
export function asksForTranscript(text: string): boolean {
  if (text.length > 160) return false;
  return SEND.test(text) && EMAIL.test(text) && !LATER.test(text);
}

/** State kept while waiting for an address (under `state.email`). */
interface FollowupState {
  awaitingAddress?: boolean;
}

/**
 * Early middleware for the e-mail follow-ups: "send me this by e-mail" mails the transcript (to
 * the customer's e-mail address, asked for when none is known), and an e-mail that only says
 * "unsubscribe" is confirmed (the channel recorded it at intake).
 */
export function emailFollowups(bot: Bot, store: Store): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    // Kept only while waiting for an address: other conversations' state is left as it is.
    const state = ctx.state.email as FollowupState | undefined;
    if (ctx.message.metadata?.emailKeyword === 'unsubscribe') {
      await ctx.reply(emailTexts(bot.config, 'unsubscribed', ctx.locale), { metadata: { email: { transactional: true } } });
      return;
    }
    if (state?.awaitingAddress) {
      delete ctx.state.email;
      const typed = /[^\s<>()]+@[^\s<>()]+/.exec(ctx.text)?.[0];
      const address = typed && normalizeEmail(typed.replace(/[.,;:!?]+$/, ''));
      if (address) return sendTranscript(ctx, bot, store, address);
      return next();
    }
    if (!asksForTranscript(ctx.text)) return next();
    const address = await emailAddressOf(ctx.customer, store);
    if (address) return sendTranscript(ctx, bot, store, address);
    ctx.state.email = { awaitingAddress: true } satisfies FollowupState;
    await ctx.reply(emailTexts(bot.config, 'askAddress', ctx.locale));
  };
}

/** The customer's e-mail address: the one they wrote from by e-mail, else the one in their profile. */
export async function emailAddressOf(customer: Customer, store: Store): Promise<string | undefined> {
  const written = (await store.addresses(customer.id)).find((a) => a.channel === 'email');
  if (written) return written.address;
  return typeof customer.profile.email === 'string' ? normalizeEmail(customer.profile.email) : undefined;
}

/** Mails the conversation so far to `address`, and says so where the customer is. */
async function sendTranscript(ctx: TurnContext, bot: Bot, store: Store, address: string): Promise<void> {
  const messages = await store.listMessages({ conversationId: ctx.conversation.id, limit: 500 });
  const text = [emailTexts(bot.config, 'transcriptIntro', ctx.locale), '', ...messages.filter((m) => m.id !== ctx.message.id).flatMap((m) => transcriptLine(m, bot, ctx.locale))].join('\n');
  await ctx.reply({ text, channel: 'email', address, metadata: { email: { transactional: true, kind: 'transcript' } } });
  if (ctx.message.channel !== 'email') await ctx.reply(emailTexts(bot.config, 'transcriptSent', ctx.locale, { email: address }));
}

/** One line of a transcript: who, when, what. */
function transcriptLine(m: Message, bot: Bot, locale: string): string[] {
  if (!m.text?.trim() || m.status === 'skipped' || m.metadata?.confidential === true) return [];
  const who = m.author === 'customer' ? emailTexts(bot.config, 'you', locale) : m.author === 'agent' ? String(m.metadata?.agentName ?? bot.config.name) : bot.config.name;
  const at = new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ');
  return [`**${who}** (${at} UTC):`, m.text.trim(), ''];
}

/**
 * The outbound rule for e-mail: a message for the e-mail channel from a conversation elsewhere
 * goes to the customer's e-mail address (the one they wrote from, else their profile's), and
 * mail that is not transactional never goes to an address that unsubscribed. In the outbound
 * chain, so bot, agent, journey and handoff messages all pass it.
 */
export function emailOutboundGuard(store: Store, emails: EmailStore): MiddlewareFn<SendContext> {
  return async (ctx, next) => {
    for (const message of ctx.messages) {
      if (message.channel !== 'email' || message.status === 'skipped') continue;
      if (ctx.conversation.channel !== 'email' && message.address === ctx.conversation.address) {
        const address = await emailAddressOf(ctx.customer, store);
        if (address) message.address = address;
      }
      if (!reachesUnsubscribed(message) && (await emails.isOptedOut(mailboxOf(message.address)))) ctx.skip(message, 'unsubscribed from e-mail');
    }
    await next();
  };
}
