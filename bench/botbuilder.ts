/**
 * Scenario (a), the baseline: botbuilder 4.23's TestAdapter running the same two bots: an echo,
 * and a WaterfallDialog with two TextPrompts on MemoryStorage + ConversationState + DialogSet.
 * One TestAdapter per conversation (its own conversation reference); the driver is the same.
 *
 * Two shapes of each bot:
 * - `handler` (the headline baseline): the bots as botbuilder's samples write them, an
 *   `ActivityHandler` subclass (`EchoBot`, and a `DialogBot` that runs the dialog in `onMessage`
 *   and saves the conversation state in `onDialog`). This is what a botbuilder user runs, and it
 *   matches the figures the issue measured (~11k echo, ~2.4k waterfall turns/s).
 * - `bare`: the same logic as a bare turn function handed straight to the adapter, skipping
 *   `ActivityHandler`'s dispatch. Faster, and no botbuilder sample is written that way; reported
 *   beside the headline so the comparison hides nothing.
 * - `persisted`: the `handler` bots persisting as ours do, on SQLite: every activity through
 *   botbuilder's `TranscriptLoggerMiddleware`, the waterfall's `ConversationState` on a SQLite
 *   `Storage` (`botbuilder-sqlite.ts`). A peer that keeps what ours keeps, shown beside.
 * Run alone: `node bin/run-ts.js bench/botbuilder.ts echo|waterfall [handler|bare|persisted]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler, ConversationState, MemoryStorage, TestAdapter, TranscriptLoggerMiddleware, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { SqliteBotbuilderStore } from './botbuilder-sqlite';
import { DEFAULT_PLAN, drive, isMain, peakRssMb, rates, report, twoQuestionText, type DrivePlan } from './drive';

type Logic = (context: TurnContext) => Promise<void>;
export type BotShape = 'handler' | 'bare' | 'persisted';

const echoText = (context: TurnContext) => `You said: ${context.activity.text}`;

/** The waterfall: greeting starts it, asks the name, then the city, then confirms. */
function formDialogs(state: ConversationState): DialogSet {
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
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
  return dialogs;
}

async function continueOrBegin(dialogs: DialogSet, context: TurnContext): Promise<void> {
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog('form');
}

/** botbuilder's EchoBot sample. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(echoText(context));
      await next();
    });
  }
}

/** botbuilder's DialogBot sample shape: the dialog runs on each message, state is saved after every turn. */
class DialogBot extends ActivityHandler {
  constructor(state: ConversationState, dialogs: DialogSet) {
    super();
    this.onMessage(async (context, next) => {
      await continueOrBegin(dialogs, context);
      await next();
    });
    this.onDialog(async (context, next) => {
      await state.saveChanges(context, false);
      await next();
    });
  }
}

function logicFor(kind: 'echo' | 'waterfall', shape: BotShape, storage: Storage): Logic {
  if (kind === 'echo') {
    if (shape === 'bare') return async (context) => void (await context.sendActivity(echoText(context)));
    const bot = new EchoBot();
    return (context) => bot.run(context);
  }
  const state = new ConversationState(storage);
  const dialogs = formDialogs(state);
  if (shape === 'bare') {
    return async (context) => {
      await continueOrBegin(dialogs, context);
      await state.saveChanges(context);
    };
  }
  const bot = new DialogBot(state, dialogs);
  return (context) => bot.run(context);
}

/** Runs one bot through the plan on TestAdapter; returns turns per second (and, persisted, the rows written). */
export async function runBotbuilder(kind: 'echo' | 'waterfall', shape: BotShape = 'handler', plan: DrivePlan = DEFAULT_PLAN) {
  const dir = shape === 'persisted' ? mkdtempSync(join(tmpdir(), 'switchboard-bench-bb-')) : undefined;
  const sqlite = dir ? new SqliteBotbuilderStore(join(dir, 'botbuilder.db')) : undefined;
  try {
    const logic = logicFor(kind, shape, sqlite ?? new MemoryStorage());
    const transcript = sqlite && new TranscriptLoggerMiddleware(sqlite);
    const adapters = new Map<number, TestAdapter>();
    const adapterFor = (c: number) => {
      let adapter = adapters.get(c);
      if (!adapter) {
        adapters.set(c, (adapter = new TestAdapter(TestAdapter.createConversation(`conversation-${c}`, `user-${c}`))));
        if (transcript) adapter.use(transcript);
      }
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
    return { bot: kind, shape, turns, ...rates(turns, timing), replies, ...(sqlite ? { persisted: sqlite.counts() } : {}) };
  } finally {
    sqlite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(__filename)) {
  const kind = process.argv[2] === 'waterfall' ? 'waterfall' : 'echo';
  const shape: BotShape = process.argv[3] === 'bare' || process.argv[3] === 'persisted' ? process.argv[3] : 'handler';
  void runBotbuilder(kind, shape).then((result) => report({ ...result, peakRssMb: peakRssMb() }));
}
