import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { EscalationRequest } from '../core/services';
import type { Handoff } from './model';
import { messageSentiment, type SentimentAnalyzer } from '../core/sentiment';
import { WAITING_BUTTONS, type HandoffService } from './service';
import { csatScore, csatText } from '../core/csat';
import { asksForCallback, asksForPerson, asksForStatus } from './triggers';
import { formatTime, handoffText } from './texts';
import { DialogControl } from '../core/services';

/** When the bot escalates on its own. */
export interface TriggerOptions {
  /** Consecutive fallbacks or abstentions before escalating (default 2; 0 turns it off). */
  maxFallbacks?: number;
  /** Average sentiment of the last three customer messages at or below which to escalate (default -0.5). */
  sentimentThreshold?: number;
  sentiment?: SentimentAnalyzer;
  /** Bot rules: escalate when one returns a request (e.g. high-value customers asking about orders). */
  rules?: Array<(ctx: TurnContext) => EscalationRequest | undefined | Promise<EscalationRequest | undefined>>;
}

/** What the middleware keeps in `ctx.state.handoff`. */
interface HandoffState {
  fallbacks: number;
  moods: number[];
  csatFor?: string;
  resumed?: string;
}

/**
 * The handoff middleware, early in the chain. While a person owns the conversation (or it waits
 * for one), the bot stays silent: the customer's messages are for the agent (they are in the
 * transcript the console shows). Otherwise it escalates when the customer asks for a person, when
 * sentiment turns clearly negative, when a bot rule says so, or after repeated fallbacks.
 */
export function handoffMiddleware(service: HandoffService, options: TriggerOptions = {}): MiddlewareFn<TurnContext> {
  const maxFallbacks = options.maxFallbacks ?? 2;
  const threshold = options.sentimentThreshold ?? -0.5;
  return async (ctx, next) => {
    const state = ((ctx.state.handoff as HandoffState | undefined) ?? { fallbacks: 0, moods: [] }) as HandoffState;
    ctx.state.handoff = state;
    const { text } = ctx;
    const payload = ctx.message.payload;

    // One read per turn: a conversation has at most one waiting or assigned handoff, and no newer
    // one can exist beside it, so the latest handoff tells both "is a person on it" and how the
    // last one ended.
    const latest = await service.repo.latest(ctx.conversation.id);
    const active = latest && (latest.status === 'waiting' || latest.status === 'assigned') ? latest : undefined;
    if (active?.status === 'waiting') return waitingTurn(ctx, service, active);
    if (active) return; // the bot is silent: the customer is talking to their agent

    // Just back from a person: apply how the agent ended it, once; collect a CSAT answer.
    if (latest?.resume === 'end') {
      ctx.bot.services.get(DialogControl)?.endAll(ctx); // the paused dialog ends
      await service.repo.clearResume(latest.id);
    } else if (latest?.resume) {
      await service.repo.clearResume(latest.id);
    }
    const score = latest?.status === 'resolved' && latest.outcome === 'resolved' ? csatScore(text, payload) : undefined;
    if (score !== undefined && state.csatFor !== latest!.id) {
      state.csatFor = latest!.id;
      await service.rate(latest!.id, score);
      return ctx.reply(csatText(ctx.bot.config, ctx.locale, 'thanks'));
    }

    if (asksForPerson(text, payload)) return escalate(ctx, service, { reason: 'customer-request' });

    if (options.sentiment && text) {
      state.moods = [...state.moods, messageSentiment(ctx, text, options.sentiment)].slice(-3);
      const average = state.moods.reduce((a, b) => a + b, 0) / state.moods.length;
      if (state.moods.length >= 2 && average <= threshold) {
        state.moods = [];
        return escalate(ctx, service, { reason: 'sentiment', note: `average sentiment ${average.toFixed(2)}` });
      }
    }
    for (const rule of options.rules ?? []) {
      const request = await rule(ctx);
      if (request) return escalate(ctx, service, request);
    }

    await next();

    const fellBack = ctx.outbound.some((m) => m.metadata?.fallback === true || m.metadata?.abstained === true);
    if (fellBack) state.fallbacks++;
    else if (ctx.outbound.length) state.fallbacks = 0;
    if (maxFallbacks > 0 && state.fallbacks >= maxFallbacks) {
      state.fallbacks = 0;
      await service.escalate(ctx, { reason: 'fallbacks', note: `${maxFallbacks} answers in a row the bot could not give` });
    }
  };
}

async function escalate(ctx: TurnContext, service: HandoffService, request: EscalationRequest): Promise<void> {
  (ctx.state.handoff as HandoffState).fallbacks = 0;
  await service.escalate(ctx, request);
}

/**
 * A turn while the customer waits for a person: never a dead end. CALLBACK ends the wait with a
 * kept callback, "cancel" (and "start over") returns to the bot, "help" says what they can do, a
 * question like "hello?" gets the status at once; other messages are for the agent (the status is
 * repeated at most once a minute).
 */
async function waitingTurn(ctx: TurnContext, service: HandoffService, waiting: Handoff): Promise<void> {
  const { text } = ctx;
  const payload = ctx.message.payload;
  const callback = asksForCallback(text, payload);
  if (callback) {
    const kept = await service.callback(waiting, callback.at);
    if (!kept) return; // an agent took the conversation meanwhile: the message is theirs
    if (kept.dueAt <= service.repo.now() + 60_000) return ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'callback'));
    const queue = await service.repo.queue(kept.queueId);
    return ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'callbackAt', { time: formatTime(kept.dueAt, ctx.locale, queue?.hours?.timezone) }));
  }
  const command = ctx.bot.services.get(DialogControl)?.commandOf?.(text, payload) ?? (payload === 'cancel' || payload === 'help' ? payload : undefined);
  if (command === 'cancel' || command === 'restart') {
    if (!(await service.cancel(waiting))) return; // an agent took the conversation meanwhile
    return ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'cancelled'));
  }
  if (command === 'help') return ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'waitingHelp'), { buttons: WAITING_BUTTONS });
  const last = await service.repo.lastNotice(waiting.id);
  const stale = !last || service.repo.now() - last > 60_000;
  if (command === 'agent' || asksForStatus(text) || stale) await service.tellPosition(ctx, waiting);
}
