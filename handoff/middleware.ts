import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { EscalationRequest } from '../core/services';
import type { SentimentAnalyzer } from './sentiment';
import type { HandoffService } from './service';
import { asksForCallback, asksForPerson, csatScore } from './triggers';
import { handoffText } from './texts';
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
    if (active) {
      if (active.status === 'waiting' && asksForCallback(text, payload)) {
        await service.callback(active);
        return ctx.reply(handoffText(ctx.locale, 'callback'));
      }
      // Waiting customers hear where they are at most once a minute; assigned ones talk to their agent.
      const last = await service.repo.lastNotice(active.id);
      if (active.status === 'waiting' && (!last || service.repo.now() - last > 60_000)) await service.tellPosition(ctx, active);
      return; // the bot is silent: a person has (or will have) this conversation
    }

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
      await service.repo.setCsat(latest!.id, score);
      return ctx.reply(handoffText(ctx.locale, 'csatThanks'));
    }

    if (asksForPerson(text, payload)) return escalate(ctx, service, { reason: 'customer-request' });

    if (options.sentiment && text) {
      state.moods = [...state.moods, options.sentiment.score(text, ctx.locale)].slice(-3);
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
