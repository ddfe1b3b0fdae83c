/**
 * Scenario (a), the baseline: botbuilder 4.23's TestAdapter running the same two bots: an echo,
 * and a WaterfallDialog with two TextPrompts on MemoryStorage + ConversationState + DialogSet.
 * One TestAdapter per conversation (its own conversation reference); the driver is the same.
 * Run alone: `node bin/run-ts.js bench/botbuilder.ts echo|waterfall`.
 */
import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import { DEFAULT_PLAN, drive, isMain, peakRssMb, rates, report, twoQuestionText, type DrivePlan } from './drive';

type Logic = (context: TurnContext) => Promise<void>;

function echoLogic(): Logic {
  return async (context) => {
    await context.sendActivity(`You said: ${context.activity.text}`);
  };
}

/** The waterfall: greeting starts it, asks the name, then the city, then confirms. */
function waterfallLogic(): Logic {
  const state = new ConversationState(new MemoryStorage());
  const dialogState = state.createProperty('dialogState');
  const dialogs = new DialogSet(dialogState);
  dialogs.add(new TextPrompt('text'));
  dialogs.add(
    new WaterfallDialog('form', [
      async (step) => step.prompt('text', "What's your name?"),
      async (step) => {
        (step.values as Record<string, unknown>).name = step.result;
        return step.prompt('text', 'Which city are you in?');
      },
      async (step) => {
        await step.context.sendActivity(`Thanks ${(step.values as Record<string, unknown>).name}, noted: ${step.result}.`);
        return step.endDialog();
      },
    ]),
  );
  return async (context) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('form');
    await state.saveChanges(context);
  };
}

/** Runs one bot through the plan on TestAdapter; returns turns per second. */
export async function runBotbuilder(kind: 'echo' | 'waterfall', plan: DrivePlan = DEFAULT_PLAN) {
  const logic = kind === 'echo' ? echoLogic() : waterfallLogic();
  const adapters = new Map<number, TestAdapter>();
  const adapterFor = (c: number) => {
    let adapter = adapters.get(c);
    if (!adapter) adapters.set(c, (adapter = new TestAdapter(TestAdapter.createConversation(`conversation-${c}`, `user-${c}`))));
    return adapter;
  };
  const text = kind === 'echo' ? (c: number, t: number) => `message ${t} of ${c}` : twoQuestionText;
  let replies = 0;
  const timing = await drive(plan, async (c, t) => {
    const adapter = adapterFor(c);
    await adapter.processActivity(adapter.makeActivity(text(c, t)), logic);
    while (adapter.getNextReply()) replies++;
  });
  const turns = plan.conversations * plan.turns;
  return { bot: kind, turns, ...rates(turns, timing), replies };
}

if (isMain(__filename)) {
  const kind = process.argv[2] === 'waterfall' ? 'waterfall' : 'echo';
  void runBotbuilder(kind).then((result) => report({ ...result, peakRssMb: peakRssMb() }));
}
