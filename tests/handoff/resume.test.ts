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
  let app: Assembled;
  afterEach(async () => app?.close());

  async function pausedOrderForm(address: string): Promise<{ say: (text: string, payload?: string) => Promise<Message[]>; handoffId: string; service: HandoffService }> {
    app = await assemble({ botDir: DEMO, databaseUrl: ':memory:', env: {}, channels: [new TestChannel('web')], logger: silentLogger() });
    const service = app.bot.services.require(HandoffServiceKey);
    const say = async (text: string, payload?: string) => {
      const { message } = await app.engine.receive({ channel: 'web', address, text, payload });
      return (await app.engine.repliesTo(message.id, 10_000)) ?? [];
    };
    expect((await say('Track an order', 'order-status')).map((m) => m.text).join(' ')).toMatch(/order number/);
    // Someone who could take it (offline): with no account at all, nobody is promised and nothing waits.
    await service.repo.createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 1 });
    await say('agent');
    const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('web', address))!.id))!;
    return { say, handoffId: (await service.repo.active(conversation.id))!.id, service };
  }

  test('continue: the next message answers the form’s pending question', async () => {
    const { say, handoffId, service } = await pausedOrderForm('resume-continue');
    await service.resolve(handoffId, { resume: 'continue' });
    expect((await say('NW-1001')).map((m) => m.text).join(' ')).toMatch(/NW-1001/);
  });

  test('end: the form is gone, so an order number is no longer taken as its answer', async () => {
    const { say, handoffId, service } = await pausedOrderForm('resume-end');
    await service.resolve(handoffId, { resume: 'end' });
    const replies = (await say('NW-1001')).map((m) => m.text).join(' ');
    expect(replies).not.toMatch(/shipped|Royal Mail/);
    const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('web', 'resume-end'))!.id))!;
    expect((conversation.state.dialogs as { stack: unknown[] }).stack).toEqual([]);
  });
});
