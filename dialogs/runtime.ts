import { Answerer, type DialogControl, type Rival } from '../core/services';
import type { MiddlewareFn } from '../core/composer';
import type { TurnContext } from '../core/context';
import { base } from '../core/language';
import { score } from '../core/trace';
import { globalCommand, isGreeting, normalize, type GlobalCommand } from './commands';
import { parseValue } from './entities';
import type { IntentExample, IntentRecognizer } from './intents/types';
import type { DialogAction } from './registry';
import { stepKind, type Dialog } from './schema';
import { setLanguage } from './language';
import { dialogState, type Frame } from './state';
import { execute, handoff, Turn, type StepHost } from './steps';

/** How a dialog runtime is made. */
export interface RuntimeOptions {
  dialogs: Dialog[];
  actions?: Map<string, DialogAction>;
  /** Any recognizer; trained by `DialogRuntime.create` on the dialogs' intent examples. */
  recognizer?: IntentRecognizer;
  /** Least confidence for an intent to start a dialog (default 0.5). */
  intentThreshold?: number;
  /** Out-of-scope examples for the recognizer. */
  outOfScope?: string[];
  /** For webhooks (tests pass a fake). */
  fetch?: typeof fetch;
  /** "Now" for relative dates. */
  now?: () => Date;
}

/** Why a dialog was chosen for a message. */
interface Trigger {
  dialog: string;
  by: 'payload' | 'event' | 'keyword' | 'intent';
}

/** Most steps one turn may run: a `goto` loop ends here instead of hanging the conversation. */
const MAX_STEPS = 200;
const QUESTION = /\?\s*$|^(what|when|where|how|why|which|who|can|do|does|is|are|qu[eé]|cu[aá]ndo|d[oó]nde|c[oó]mo|por qu[eé]|wann|wo|was|wie|warum|welche|quand|o[uù]|comment|pourquoi|quel|quelle|est-ce)\b/i;

/**
 * Runs authored dialogs. The stack of `{ dialog, step, slots }` frames lives in `ctx.state`,
 * which the engine saves with the turn, so any process can resume a conversation. Each turn:
 * global commands first, then the answer to a pending question (or a digression: another dialog
 * or the knowledge base, after which the form re-asks its question), then triggers.
 */
export class DialogRuntime implements StepHost, DialogControl {
  readonly actions: Map<string, DialogAction>;
  readonly fetch: typeof fetch;
  private readonly byId = new Map<string, Dialog>();
  private readonly labels = new Map<string, Map<string, number>>();
  private readonly exampleTexts = new Map<string, Rival[]>();

  constructor(private readonly options: RuntimeOptions) {
    for (const d of options.dialogs) {
      this.byId.set(d.id, d);
      this.labels.set(d.id, new Map(d.steps.flatMap((s, i) => (s.id ? [[s.id, i] as [string, number]] : []))));
    }
    this.actions = options.actions ?? new Map();
    this.fetch = options.fetch ?? fetch;
  }

  /** Builds a runtime and trains its recognizer on every dialog's intent examples. */
  static async create(options: RuntimeOptions): Promise<DialogRuntime> {
    const examples = new DialogRuntime(options).examples();
    // Without examples there is nothing to recognise: don't ask a recognizer to train on nothing.
    const recognizer = examples.length ? options.recognizer : undefined;
    if (recognizer) await recognizer.train(examples, { outOfScope: options.outOfScope });
    return new DialogRuntime({ ...options, recognizer });
  }

  /** The training examples: each dialog's intent utterances, labelled with the dialog's id. */
  examples(): IntentExample[] {
    return this.options.dialogs.flatMap((d) =>
      Object.entries(d.triggers?.intents ?? {}).flatMap(([locale, texts]) => texts.map((text) => ({ text, intent: d.id, locale }))),
    );
  }

  dialog(id: string): Dialog | undefined {
    return this.byId.get(id);
  }

  label(dialog: string, id: string): number | undefined {
    return this.labels.get(dialog)?.get(id);
  }

  /** The middleware: handles the turn when a dialog is running or starts; otherwise calls `next`. */
  middleware(): MiddlewareFn<TurnContext> {
    return async (ctx, next) => {
      const handled = await this.handle(ctx);
      this.traceStack(ctx, handled);
      if (!handled) await next();
    };
  }

  /** Records where the dialogs stand after this turn's part (the turn inspector's "dialog" line). */
  private traceStack(ctx: TurnContext, handled: boolean): void {
    const top = dialogState(ctx).stack.at(-1);
    // Handled with nothing left running: the dialog finished (or was cancelled) this turn.
    if (!top) return void (handled ? (ctx.trace.dialog = {}) : undefined);
    const step = this.byId.get(top.dialog)?.steps[top.step];
    ctx.trace.dialog = { id: top.dialog, step: top.step, ...(step ? { kind: stepKind(step) } : {}), ...(top.waiting ? { waiting: true } : {}) };
  }

  /** Starts dialog `id` in this turn (from a bot's own middleware, say), on top of any running one. */
  async begin(ctx: TurnContext, id: string): Promise<void> {
    if (!this.byId.has(id)) throw new Error(`No dialog "${id}"; known: ${[...this.byId.keys()].join(', ')}`);
    const turn = new Turn(ctx, dialogState(ctx), this);
    turn.state.stack.push({ dialog: id, step: 0, slots: {} });
    await this.run(turn);
  }

  /** Ends every running dialog of the conversation: nothing resumes on the next message. */
  endAll(ctx: TurnContext): void {
    dialogState(ctx).stack = [];
  }

  /** The global command a message is, in any language (the handoff module asks while a customer waits). */
  commandOf(text: string, payload?: string): GlobalCommand | undefined {
    return globalCommand(text, payload)?.command;
  }

  /** Handles one turn; false when dialogs have nothing to do with it. */
  private async handle(ctx: TurnContext): Promise<boolean> {
    const turn = new Turn(ctx, dialogState(ctx), this);
    const command = globalCommand(ctx.text, ctx.message.payload);
    if (command) {
      ctx.trace.command = command.command;
      // "cancelar" says the customer speaks Spanish, short as it is (unless they chose a language).
      const speaks = command.locale && ctx.bot.config.locales.find((l) => l.split('-')[0] === command.locale);
      // Naming a language ("español") chooses it for good; a command in a language hints at it.
      if (speaks && command.command === 'language') setLanguage(ctx, speaks);
      else if (speaks && !ctx.state.localePinned && ctx.locale.split('-')[0] !== command.locale) ctx.locale = speaks;
      return this.command(turn, command.command);
    }
    const trigger = await this.trigger(ctx);
    const top = turn.top;
    if (top?.waiting) {
      await this.answer(turn, top, trigger);
      return true;
    }
    if (!trigger) return false;
    await this.start(turn, trigger);
    return true;
  }

  /**
   * Starts the triggered dialog, its article's answer first; on top of a pending form (a
   * digression), which asks its question again when this dialog ends.
   */
  private async start(turn: Turn, trigger: Trigger): Promise<void> {
    await this.introduce(turn, trigger);
    turn.state.stack.push({ dialog: trigger.dialog, step: 0, slots: {} });
    await this.run(turn);
  }

  /**
   * The customer's own words started a dialog that names its topic's article (`knowledge:`), and
   * the knowledge base ranks that article first for them: its answer comes before the dialog's
   * first step. "où en est mon colis" gets how to follow a parcel from the shipping e-mail, then
   * the order number question; the customer who only wanted to know where to look needs go no
   * further. A question the knowledge base puts another article first for ("mon colis n'est
   * jamais arrivé", missing parcels) gets only the dialog: the named article would not answer it.
   * So does one whose language the article is not written in (nor translated to), and one about
   * another business's parcel or account ("mon colis Vinted"): the article ranks first by the
   * words it shares with the dialog's own, but it is about the shop's parcels.
   */
  private async introduce(turn: Turn, trigger: Trigger): Promise<void> {
    const { ctx } = turn;
    const article = this.byId.get(trigger.dialog)?.knowledge;
    if (!article || (trigger.by !== 'intent' && trigger.by !== 'keyword')) return;
    const answerer = ctx.bot.services.get(Answerer);
    if (!answerer?.assess || !answerer.answerFrom) return;
    const assessment = await answerer.assess(ctx.text, ctx);
    if (!assessment.wouldReply || assessment.anotherBusiness || assessment.articleId !== article) return;
    const answer = await answerer.answerFrom(article, ctx.text, ctx, { confidence: assessment.confidence });
    // The dialog serves the customer in their language; another language's article ahead of its
    // first question would only be in the way.
    if (answer.status !== 'answered' || !answer.text || base(answer.locale) !== base(ctx.locale)) return;
    await turn.say(answer.text, undefined, answer.knowledge && { knowledge: { ...answer.knowledge, dialog: trigger.dialog } });
  }

  /** Runs steps until a question waits for an answer or no dialog is left. */
  private async run(turn: Turn): Promise<void> {
    for (let i = 0; i < MAX_STEPS; i++) {
      const frame = turn.top;
      if (!frame) return;
      if (frame.waiting) {
        if (frame.resume) {
          delete frame.resume;
          await turn.prompt(frame, turn.builtin('dialog.resume'));
        }
        return;
      }
      const dialog = this.byId.get(frame.dialog);
      // A dialog removed by a reload, or run to its last step, ends.
      if (!dialog || frame.step >= dialog.steps.length) {
        turn.endTop();
        continue;
      }
      await execute(turn, frame, dialog.steps[frame.step]);
    }
    turn.ctx.log.error({ stack: turn.state.stack }, `dialog ran ${MAX_STEPS} steps in one turn (a goto loop?); stopping it`);
    turn.state.stack.length = 0;
  }

  /** The customer answered (or did not answer) the pending question of `frame`. */
  private async answer(turn: Turn, frame: Frame, trigger: Trigger | undefined): Promise<void> {
    const { ctx } = turn;
    const step = this.byId.get(frame.dialog)?.steps[frame.step];
    if (!step || !('ask' in step)) {
      frame.waiting = false;
      return this.run(turn);
    }
    const elsewhere = trigger && !turn.state.stack.some((f) => f.dialog === trigger.dialog) ? trigger : undefined;
    const titles = (c: { title?: unknown }) => (c.title ? (typeof c.title === 'string' ? [c.title] : Object.values(c.title as object)) : []);
    const parsed = parseValue(ctx.text, {
      ...step,
      locale: ctx.locale,
      payload: ctx.message.payload,
      choices: step.choices?.map((c) => ({ value: c.value, titles: titles(c) as string[], synonyms: c.synonyms })),
      now: this.options.now?.(),
    });
    // A button of another dialog is a clear digression, even where any text would be an answer,
    // unless the button is one this question offered.
    const ownButton = parsed.ok && ctx.message.payload !== undefined && (step.type === 'choice' || step.type === 'yes-no');
    // "hola" mid-form: ask the pending question again (no intent digression, no knowledge answer).
    if (!ownButton && ctx.message.payload === undefined && isGreeting(ctx.text)) return turn.prompt(frame, turn.builtin('dialog.resume'));
    if ((elsewhere?.by === 'payload' || elsewhere?.by === 'event') && !ownButton) return this.start(turn, elsewhere);
    if (parsed.ok && !(step.type === 'text' && elsewhere)) {
      frame.slots[step.ask] = parsed.value;
      frame.waiting = false;
      frame.failures = 0;
      frame.step++;
      return this.run(turn);
    }
    if (elsewhere) return this.start(turn, elsewhere);
    const answerer = ctx.bot.services.get(Answerer);
    if (QUESTION.test(ctx.text.trim()) && answerer) {
      const answer = await answerer.answer(ctx.text, ctx);
      if (answer.status !== 'abstain' && answer.text) {
        await turn.say(answer.text, answer.options, answer.knowledge && { knowledge: answer.knowledge });
        return turn.prompt(frame, turn.builtin('dialog.resume'));
      }
    }
    await this.retry(turn, frame, step);
  }

  private async retry(turn: Turn, frame: Frame, step: Extract<Dialog['steps'][number], { ask: string }>): Promise<void> {
    frame.failures = (frame.failures ?? 0) + 1;
    if (frame.failures <= step.maxRetries) {
      const again = step.reprompt ? turn.text(step.reprompt, frame) : `${turn.builtin('dialog.retry')} ${turn.text(step.prompt, frame)}`;
      return turn.say(again, turn.askButtons(step));
    }
    frame.waiting = false;
    frame.failures = 0;
    if (step.fallback) {
      await turn.follow(frame, step.fallback);
    } else {
      await turn.say(turn.builtin('dialog.gaveUp'));
      turn.endTop();
    }
    await this.run(turn);
  }

  private async command(turn: Turn, command: GlobalCommand): Promise<boolean> {
    const { state } = turn;
    const pending = turn.top?.waiting ? turn.top : undefined;
    switch (command) {
      case 'cancel':
        await turn.say(turn.builtin(state.stack.length ? 'dialog.cancelled' : 'dialog.nothingToCancel'));
        if (turn.top) turn.state.last = { dialog: turn.top.dialog, slots: turn.top.slots };
        state.stack.length = 0;
        return true;
      case 'restart': {
        const first = state.stack[0];
        if (!first) return this.command(turn, 'help');
        state.stack.splice(0, state.stack.length, { dialog: first.dialog, step: 0, slots: {} });
        await this.run(turn);
        return true;
      }
      case 'language':
        await turn.say(turn.builtin('dialog.language'));
        if (pending) await turn.prompt(pending);
        return true;
      case 'help':
        await turn.say(turn.builtin('dialog.help'));
        if (pending) await turn.prompt(pending);
        return true;
      case 'agent':
        // A bot's own `agent` dialog (with a handoff step) wins over the built-in handoff.
        if (this.byId.has('agent')) {
          state.stack.push({ dialog: 'agent', step: 0, slots: {} });
        } else {
          state.stack.push({ dialog: '(handoff)', step: 0, slots: {} });
          await handoff(turn, {}, 'customer-request');
        }
        await this.run(turn);
        return true;
    }
  }

  /** Which dialog this message starts: a button payload, an event, a keyword, then an intent. */
  private async trigger(ctx: TurnContext): Promise<Trigger | undefined> {
    const { payload, metadata } = ctx.message;
    const dialogs = this.options.dialogs;
    const byPayload = payload && dialogs.find((d) => d.triggers?.payloads?.includes(payload));
    if (byPayload) return (ctx.trace.trigger = { dialog: byPayload.id, by: 'payload' });
    const event = typeof metadata?.event === 'string' ? metadata.event : undefined;
    const byEvent = event && dialogs.find((d) => d.triggers?.events?.includes(event));
    if (byEvent) return (ctx.trace.trigger = { dialog: byEvent.id, by: 'event' });
    const text = ctx.text.trim();
    if (!text) return undefined;
    const said = ` ${normalize(text)} `;
    const byKeyword = dialogs.find((d) => d.triggers?.keywords?.some((k) => said.includes(` ${normalize(k)} `)));
    if (byKeyword) return (ctx.trace.trigger = { dialog: byKeyword.id, by: 'keyword' });
    if (!this.options.recognizer) return undefined;
    const prediction = await this.options.recognizer.recognize(text, { locale: ctx.locale });
    ctx.message.metadata = { ...ctx.message.metadata, intent: prediction.intent, intentConfidence: prediction.confidence };
    const threshold = this.options.intentThreshold ?? 0.5;
    ctx.trace.intent = { intent: prediction.intent, confidence: score(prediction.confidence), threshold, top: prediction.ranking.slice(0, 3).map((r) => ({ intent: r.intent, score: score(r.score) })) };
    if (prediction.intent && prediction.confidence >= threshold && this.byId.has(prediction.intent)) {
      if (await this.knowledgeKnowsBetter(ctx, text, prediction.intent, prediction.confidence)) return undefined;
      return (ctx.trace.trigger = { dialog: prediction.intent, by: 'intent' });
    }
    return undefined;
  }

  /**
   * Whether an article answers the message better than the recognised intent: the knowledge base
   * would answer outright, and is surer of its article than the recognizer is of the intent
   * ("How long does a refund to my card take?" is the refunds article, not the returns form).
   */
  private async knowledgeKnowsBetter(ctx: TurnContext, text: string, intent: string, intentConfidence: number): Promise<boolean> {
    const answerer = ctx.bot.services.get(Answerer);
    if (!answerer?.assess) return false;
    const knowledge = await answerer.assess(text, ctx, this.examplesOf(intent));
    ctx.message.metadata = { ...ctx.message.metadata, knowledgeConfidence: knowledge.confidence };
    // Recognizers are sure of some intent for most on-topic questions; how closely the question
    // matches the intent's own examples, against the article, is the fairer contest.
    if (knowledge.beatsRivals !== undefined) return knowledge.wouldReply && knowledge.beatsRivals;
    return knowledge.wouldAnswer && knowledge.confidence > intentConfidence;
  }

  /** A dialog's intent examples in every language (the same array each time, so callers may cache by it). */
  private examplesOf(dialog: string): Rival[] {
    let examples = this.exampleTexts.get(dialog);
    if (!examples) {
      examples = Object.entries(this.byId.get(dialog)?.triggers?.intents ?? {}).flatMap(([locale, texts]) => texts.map((text) => ({ text, locale })));
      this.exampleTexts.set(dialog, examples);
    }
    return examples;
  }
}
