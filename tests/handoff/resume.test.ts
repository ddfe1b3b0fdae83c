import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import type { Message } from '../../core/message';
import { assemble, type Assembled } from '../../server/assemble';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');

/** The demo bot's real order-status form, paused by a handoff, then continued or ended by the agent. */
describe('after a person resolves, the paused dialog continues or ends', () => {
  // One demo bot for the file (each test is its own customer): starting it trains the intents and
  // reads the articles, seconds of CPU that a loaded machine stretches past a test's deadline.
  let app: Assembled;
  let service: HandoffService;
  beforeAll(async () => {
    app = await assemble({ botDir: DEMO, databaseUrl: ':memory:', env: {}, channels: [new TestChannel('web')], logger: silentLogger() });
    service = app.bot.services.require(HandoffServiceKey);
    // Someone who could take it (offline): with no account at all, nobody is promised and nothing waits.
    await service.repo.createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 1 });
  }, 120_000);
  afterAll(async () => app?.close());

  /** Sends one message as `address` and returns its turn's replies; a turn that never finishes fails here, by name. */
  async function say(address: string, text: string, payload?: string): Promise<Message[]> {
    const { message } = await app.engine.receive({ channel: 'web', address, text, payload });
    const replies = await app.engine.repliesTo(message.id, 30_000);
    if (!replies) throw new Error(`The bot did not finish its turn on "${text}" within 30 s`);
    return replies;
  }

  async function pausedOrderForm(address: string): Promise<string> {
    expect((await say(address, 'Track an order', 'order-status')).map((m) => m.text).join(' ')).toMatch(/order number/);
    await say(address, 'agent');
    const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('web', address))!.id))!;
    return (await service.repo.active(conversation.id))!.id;
  }

  test('continue: the next message answers the form’s pending question', async () => {
    const handoffId = await pausedOrderForm('resume-continue');
    await service.resolve(handoffId, { resume: 'continue' });
    expect((await say('resume-continue', 'NW-1001')).map((m) => m.text).join(' ')).toMatch(/NW-1001/);
  });

  test('end: the form is gone, so an order number is no longer taken as its answer', async () => {
    const handoffId = await pausedOrderForm('resume-end');
    await service.resolve(handoffId, { resume: 'end' });
    const replies = (await say('resume-end', 'NW-1001')).map((m) => m.text).join(' ');
    expect(replies).not.toMatch(/shipped|Royal Mail/);
    const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('web', 'resume-end'))!.id))!;
    expect((conversation.state.dialogs as { stack: unknown[] }).stack).toEqual([]);
  });
});
