import type { AppModule, ModuleContext } from '../core/module';
import type { TurnContext } from '../core/context';
import type { Capabilities } from '../core/channel';
import type { Customer } from '../core/customer';
import { movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';
import { HandoffLookup, serviceKey } from '../core/services';
import { HandoffChanged, type HandoffChangedPayload } from '../handoff/topics';
import { SentimentKey } from '../core/sentiment';
import { SurveysConfigSchema, surveySettings } from './config';
import { movedOn, parseAnswer } from './answers';
import { SurveyService, surveyMigrations, type Audience } from './service';
import { surveyText } from './texts';
import { SurveyAnswered } from './topics';

/** The surveys sent to the customer and their answers: exported, erased, and theirs after a merge. */
const surveysCustomerData: CustomerData = {
  ...rowsAbout('surveys', [['survey_answers', ofCustomers()], ['survey_runs', ofCustomers()]]),
  merge: movesCustomerRows([
    ['survey_answers', ['run_id', 'question_id']],
    ['survey_runs', ['id']],
  ]),
};

/** The running survey service: journeys (or a bot) send a `journey` survey with it. */
export const SurveysKey = serviceKey<SurveyService>('surveys');

/** Buttons assumed for a channel the engine does not know (the web widget shows many). */
const RICH = 10;

/**
 * Surveys defined in bot.yaml's `surveys:` block, sent after a resolved handoff
 * (`handoff_resolved`), after the bot resolved a conversation (`bot_resolved`: `ctx.end()` or a
 * dialog's `end: true`), or by a journey rule (`journey`), on the customer's current channel.
 * Answers are parsed per channel, stored per question and published as `SurveyAnswered`; a
 * customer is surveyed at most once per `cooldownDays`. Its middleware runs early, before the
 * handoff module's, so a survey's "4" is not taken for the handoff's own 1–5 rating.
 */
export function surveysModule(): AppModule {
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'surveys',
    config: SurveysConfigSchema,
    provides: [SurveysKey],
    uses: [HandoffLookup, SentimentKey],
    topics: [SurveyAnswered],
    migrations: surveyMigrations,
    customerData: [surveysCustomerData],
    setup(ctx) {
      const surveys = new SurveyService(ctx.store.sql, surveySettings(ctx.bot.config.surveys), ctx.bus, ctx.bot.config, () => ctx.store.now());
      ctx.bot.services.provide(SurveysKey, surveys);
      ctx.early.use(async (turn, next) => {
        if ((await journeySurvey(turn, surveys)) || (await answerTurn(turn, surveys))) return;
        await next();
        await afterBotResolved(turn, surveys);
      });
      unsubscribe = ctx.bus.subscribe(HandoffChanged, (payload) => {
        afterHandoff(payload, surveys, ctx).catch((err) => ctx.logger.warn({ err, handoffId: payload.handoff.id }, 'survey after handoff failed'));
      });
    },
    stop() {
      unsubscribe?.();
    },
  };
}

/**
 * A journey rule's `then: { survey }` arrives as a proactive inbound event (`metadata.survey`,
 * no text): the survey starts (unless the cooldown holds). True when the turn was that event.
 */
async function journeySurvey(ctx: TurnContext, surveys: SurveyService): Promise<boolean> {
  const id = ctx.message.metadata?.survey;
  if (typeof id !== 'string' || ctx.text || typeof ctx.message.metadata?.proactive !== 'string') return false;
  if (surveys.settings.surveys.get(id)?.trigger !== 'journey') {
    ctx.log.warn({ survey: id }, 'a journey rule names a survey that bot.yaml does not define with trigger: journey');
    return true;
  }
  const first = await surveys.start(id, `journey:${ctx.message.id}`, audience(ctx));
  if (first) await ctx.reply(first);
  return true;
}

/** Takes the customer's message as the answer to their open survey; true when the turn is done. */
async function answerTurn(ctx: TurnContext, surveys: SurveyService): Promise<boolean> {
  if (ctx.message.direction !== 'inbound') return false;
  const run = await surveys.open(ctx.customer.id);
  const question = run && surveys.question(run);
  if (!run || !question) return false;
  const to = audience(ctx);
  const answer = parseAnswer(question, ctx.message, ctx.locale, ctx.bot.config);
  if (!answer) {
    // Never a trap: a question or a sentence leaves the survey at once, a second miss too.
    if (movedOn(ctx.message.text)) {
      await surveys.letGo(run);
      return false;
    }
    if (!(await surveys.retry(run))) return false;
    await ctx.reply(surveyText(ctx.bot.config, 'retry', ctx.locale));
    await ctx.reply(surveys.ask(question, to));
    return true;
  }
  const sentiment = answer.text ? sentimentOf(ctx, answer.text) : undefined;
  const segment = segmentOf(ctx.customer);
  await ctx.reply(await surveys.record(run, { ...answer, sentiment, segment, channel: ctx.message.channel }, to));
  return true;
}

/** After a turn in which the bot resolved the conversation on its own, the `bot_resolved` survey. */
async function afterBotResolved(ctx: TurnContext, surveys: SurveyService): Promise<void> {
  if (!(ctx.closeConversation || ctx.resolved)) return;
  const surveyId = surveys.surveyFor('bot_resolved');
  if (!surveyId) return;
  // A person was involved: the `handoff_resolved` survey (if any) is theirs.
  if (await ctx.bot.services.get(HandoffLookup)?.handedOff(ctx.conversation.id)) return;
  const first = await surveys.start(surveyId, `conversation:${ctx.conversation.id}:${ctx.message.id}`, audience(ctx));
  if (first) await ctx.reply(first);
}

/** When an agent resolved a handoff, the `handoff_resolved` survey goes to the customer's conversation. */
async function afterHandoff({ handoff }: HandoffChangedPayload, surveys: SurveyService, ctx: ModuleContext): Promise<void> {
  if (handoff.status !== 'resolved' || handoff.outcome !== 'resolved') return;
  const surveyId = surveys.surveyFor('handoff_resolved');
  if (!surveyId) return;
  const engine = ctx.engine();
  const conversation = await ctx.store.getConversation(handoff.conversationId);
  const customer = conversation && (await ctx.store.getCustomer(conversation.customerId));
  if (!conversation || !customer) return;
  const locale = [handoff.language, conversation.state.locale, customer.profile.locale].find((l): l is string => typeof l === 'string') ?? ctx.bot.config.defaultLocale;
  const capabilities = engine.channels.get(conversation.channel)?.capabilities;
  const maxButtons = capabilities ? scaleButtons(capabilities) : RICH;
  const first = await surveys.start(surveyId, `handoff:${handoff.id}`, { customerId: customer.id, conversationId: conversation.id, locale, maxButtons });
  if (first) await engine.send(conversation.id, first);
}

/** Who a reply in this turn goes to, and how many buttons their channel shows. */
function audience(ctx: TurnContext): Audience {
  return { customerId: ctx.customer.id, conversationId: ctx.conversation.id, locale: ctx.locale, maxButtons: scaleButtons(ctx.channel.capabilities) };
}

/** The free text's sentiment: analytics' score on the message when it ran, else the bot's own analyzer. */
function sentimentOf(ctx: TurnContext, text: string): number | undefined {
  const scored = ctx.message.metadata?.sentiment;
  if (typeof scored === 'number') return scored;
  return ctx.bot.services.get(SentimentKey)?.score(text, ctx.locale);
}

/** The customer's journey segment, as the journeys module keeps it on the profile. */
function segmentOf(customer: Customer): string | undefined {
  const segment = customer.profile.attributes?.segment;
  return typeof segment === 'string' ? segment : undefined;
}

/** How many buttons a scale may take on a channel: none where buttons are shown as a numbered list. */
function scaleButtons(capabilities: Capabilities): number {
  return capabilities.buttonsAsList ? 0 : capabilities.maxButtons;
}
