import type { TurnContext } from '../core/context';
import type { Button } from '../core/message';
import { evalExpr } from './expr';
import type { DialogAction } from './registry';
import type { AskStep, Dialog, Step, Target, Text } from './schema';
import type { DialogState, Frame } from './state';
import { webhookUrl } from './webhook-url';
import { fillTemplate, pickText, runtimeText } from './texts';
import type { z } from 'zod';
import { Answerer, Escalator } from '../core/services';
import { CatalogSearch, OrderLookup } from '../core/commerce';

type Ask = z.infer<typeof AskStep>;

/** What step execution needs from the runtime. */
export interface StepHost {
  dialog(id: string): Dialog | undefined;
  label(dialog: string, id: string): number | undefined;
  actions: Map<string, DialogAction>;
  fetch: typeof fetch;
}

/** Helpers for one turn: texts in the customer's language, with slots and profile filled in. */
export class Turn {
  constructor(
    readonly ctx: TurnContext,
    readonly state: DialogState,
    readonly host: StepHost,
  ) {}

  get top(): Frame | undefined {
    return this.state.stack.at(-1);
  }

  /** Template values: the top dialog's slots, the customer's profile, locale and channel. */
  scope(frame = this.top): Record<string, unknown> {
    return { slots: frame?.slots ?? {}, profile: this.ctx.customer.profile, locale: this.ctx.locale, channel: this.ctx.message.channel };
  }

  text(text: Text, frame = this.top): string {
    return fillTemplate(pickText(text, this.ctx.locale, this.ctx.bot.config.defaultLocale), this.scope(frame));
  }

  builtin(key: string): string {
    return runtimeText(this.ctx.bot, key, this.ctx.locale);
  }

  /** Sends a text (and buttons); `metadata` travels with it (a knowledge answer's `knowledge` trace). */
  async say(text: string, buttons?: Button[], metadata?: Record<string, unknown>): Promise<void> {
    if (text || buttons?.length) await this.ctx.reply({ text, buttons: buttons?.length ? buttons : undefined, ...(metadata ? { metadata } : {}) });
  }

  /** The buttons an ask offers: its choices, or Yes/No. */
  askButtons(step: Ask): Button[] | undefined {
    if (step.type === 'yes-no') return [{ title: this.builtin('dialog.yes'), payload: 'yes' }, { title: this.builtin('dialog.no'), payload: 'no' }];
    if (step.type === 'choice') return step.choices?.map((c) => ({ title: this.text(c.title ?? c.value), payload: c.value }));
    return undefined;
  }

  /** Asks (or re-asks) the pending question of `frame`, optionally after a lead-in. */
  async prompt(frame: Frame, lead?: string): Promise<void> {
    const step = this.host.dialog(frame.dialog)?.steps[frame.step];
    if (!step || !('ask' in step)) return;
    const text = [lead, this.text(step.prompt, frame)].filter(Boolean).join(' ');
    await this.say(text, this.askButtons(step));
  }

  /** Ends the top dialog; the one below (if any) resumes, re-asking its pending question. */
  endTop(): void {
    const frame = this.state.stack.pop();
    if (frame) this.state.last = { dialog: frame.dialog, slots: frame.slots };
    const below = this.top;
    if (below?.waiting) below.resume = true;
  }

  /** Follows a target: says its text, then jumps, replaces or begins; else moves to the next step. */
  async follow(frame: Frame, target: Partial<Target>): Promise<void> {
    if (target.say) await this.say(this.text(target.say, frame));
    if (target.jump) {
      frame.step = this.host.label(frame.dialog, target.jump) ?? frame.step + 1;
    } else if (target.goto) {
      this.state.stack.pop();
      this.state.stack.push({ dialog: target.goto, step: 0, slots: { ...frame.slots } });
    } else if (target.begin) {
      frame.step++;
      this.state.stack.push({ dialog: target.begin, step: 0, slots: { ...frame.slots } });
    } else {
      frame.step++;
    }
  }
}

/** Runs one step of the top frame. Each leaves the frame waiting, advanced, replaced or ended. */
export async function execute(turn: Turn, frame: Frame, step: Step): Promise<void> {
  if ('ask' in step) {
    await turn.prompt(frame);
    frame.waiting = true;
    frame.failures = 0;
  } else if ('say' in step) {
    await turn.say(turn.text(step.say), step.buttons?.map((b) => ({ ...b, title: turn.text(b.title) })));
    frame.step++;
  } else if ('branch' in step) {
    const scope = turn.scope(frame) as never;
    const chosen = step.branch.find((c) => c.if === undefined || evalExpr(c.if, scope));
    await turn.follow(frame, chosen ?? {});
  } else if ('call' in step) {
    await call(turn, frame, step);
  } else if ('answer' in step) {
    await answer(turn, frame, step);
  } else if ('handoff' in step) {
    await handoff(turn, step.handoff === true ? {} : step.handoff);
  } else if ('products' in step) {
    await products(turn, frame, step);
  } else if ('order' in step) {
    await latestOrder(turn, frame, step);
  } else if ('goto' in step) {
    await turn.follow(frame, { goto: step.goto });
  } else if ('begin' in step) {
    await turn.follow(frame, { begin: step.begin });
  } else if ('end' in step) {
    turn.endTop();
    // The last dialog ended on purpose: the bot resolved what the customer came for.
    if (!turn.state.stack.length) turn.ctx.resolve();
  }
}

async function call(turn: Turn, frame: Frame, step: Extract<Step, { call: unknown }>): Promise<void> {
  const args = Object.fromEntries(
    Object.entries(step.args ?? {}).map(([k, v]) => [k, typeof v === 'string' ? fillTemplate(v, turn.scope(frame)) : v]),
  );
  try {
    let result: unknown;
    if (typeof step.call === 'string') {
      const action = turn.host.actions.get(step.call);
      if (!action) throw new Error(`no action "${step.call}" is registered`);
      result = await action(turn.ctx, args, frame.slots);
    } else {
      result = await webhook(turn, step.call, args, frame);
    }
    if (step.into) frame.slots[step.into] = result === undefined ? null : JSON.parse(JSON.stringify(result));
    frame.step++;
  } catch (err) {
    turn.ctx.log.warn({ err, dialog: frame.dialog, step: frame.step }, 'dialog call failed');
    if (step.onError) return turn.follow(frame, step.onError);
    await turn.say(turn.builtin('dialog.callFailed'));
    turn.endTop();
  }
}

async function webhook(
  turn: Turn,
  spec: { webhook: string; method: 'GET' | 'POST'; timeoutMs: number; headers?: Record<string, string> },
  args: Record<string, unknown>,
  frame: Frame,
): Promise<unknown> {
  const url = webhookUrl(spec.webhook, turn.scope(frame));
  // No redirects: one would take the author's headers to wherever the answer points.
  const init: RequestInit = {
    method: spec.method,
    headers: { accept: 'application/json', ...spec.headers },
    redirect: 'error',
    signal: AbortSignal.timeout(spec.timeoutMs),
  };
  if (spec.method === 'GET') {
    for (const [k, v] of Object.entries(args)) url.searchParams.set(k, String(v));
  } else {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    const { ctx } = turn;
    init.body = JSON.stringify({ args, slots: frame.slots, customer: { id: ctx.customer.id, profile: ctx.customer.profile }, locale: ctx.locale, channel: ctx.message.channel });
  }
  const response = await turn.host.fetch(url, init);
  if (!response.ok) throw new Error(`webhook ${url.origin}${url.pathname} answered HTTP ${response.status}`);
  const body = await response.text();
  try {
    return body ? JSON.parse(body) : null;
  } catch {
    return body;
  }
}

/**
 * Asks the knowledge base the customer's message, or the step's question (per locale, else the
 * default locale's). The step's question is the bot's wording, so the customer's language is
 * passed along: the answer comes in it (or with a note) whatever language the question is in.
 */
async function answer(turn: Turn, frame: Frame, step: Extract<Step, { answer: unknown }>): Promise<void> {
  const { ctx } = turn;
  const question = step.answer === true ? ctx.text : turn.text(step.answer, frame);
  const answerer = ctx.bot.services.get(Answerer);
  const result = answerer && question ? await answerer.answer(question, ctx, step.answer === true ? {} : { locale: ctx.locale }) : undefined;
  if (result && result.status !== 'abstain' && result.text) {
    await turn.say(result.text, result.options, result.knowledge && { knowledge: { ...result.knowledge, dialog: frame.dialog } });
    frame.step++;
  } else if (step.onNoAnswer) {
    await turn.follow(frame, step.onNoAnswer);
  } else {
    await turn.say(turn.builtin('dialog.noAnswer'));
    frame.step++;
  }
}

/**
 * Searches the catalog with the customer's words (or the step's template) and shows the products
 * as cards; with nothing found (or no catalog), follows `onNone` or says so and goes on.
 */
async function products(turn: Turn, frame: Frame, step: Extract<Step, { products: unknown }>): Promise<void> {
  const { ctx } = turn;
  const spec = step.products;
  const query = spec.query === true ? ctx.text : fillTemplate(spec.query, turn.scope(frame));
  const catalog = ctx.bot.services.get(CatalogSearch);
  const results = catalog && query ? await catalog.search(query, { locale: ctx.locale, limit: spec.max, category: spec.category, maxPrice: spec.maxPrice }) : undefined;
  if (step.into) frame.slots[step.into] = results?.products.map((p) => p.id) ?? [];
  if (!results?.products.length && step.onNone) return turn.follow(frame, step.onNone);
  if (catalog && results) await ctx.reply(catalog.reply(results, ctx.locale));
  else await turn.say(turn.builtin('dialog.callFailed'));
  frame.step++;
}

/** Puts the customer's latest order into a slot, with how many minutes before this message it was placed. */
async function latestOrder(turn: Turn, frame: Frame, step: Extract<Step, { order: unknown }>): Promise<void> {
  const { ctx } = turn;
  const order = await ctx.bot.services.get(OrderLookup)?.latest(ctx.customer.id);
  frame.slots[step.into] = order ? { ...order, minutesAgo: Math.floor((ctx.message.createdAt - order.placedAt) / 60_000) } : null;
  if (!order && step.onNone) await turn.follow(frame, step.onNone);
  else frame.step++;
}

/**
 * Hands the conversation to a person through the escalator service; without one, tells the
 * customer no agent is available. Either way the dialogs stop: an agent (or nobody) takes over.
 */
export async function handoff(turn: Turn, options: { note?: string; queue?: string; topic?: string }, reason: 'dialog' | 'customer-request' = 'dialog'): Promise<boolean> {
  const escalator = turn.ctx.bot.services.get(Escalator);
  if (!escalator) {
    await turn.say(turn.builtin('dialog.noAgent'));
    turn.endTop();
    return false;
  }
  await escalator.escalate(turn.ctx, { reason, ...options });
  turn.state.stack.length = 0;
  return true;
}
