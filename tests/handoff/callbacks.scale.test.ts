import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { join } from 'node:path';
import { assemble, type Assembled } from '../../server/assemble';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { until } from '../channels/fake-provider';
import { REDIS_URL, dropRedisPrefix, dropSchemas, requireServices, schemaUrl, uniqueName } from '../scale/services';

// Scale-out: a callback on PostgreSQL whose wake-up is a BullMQ job in Redis fires after the
// instance that scheduled it has stopped, on the instance that started next.
const FORM_BOT = join(__dirname, '..', 'fixtures', 'form-bot');
const schema = uniqueName('cbk');
const prefix = `${uniqueName('sbcb')}:`;

beforeAll(requireServices);
afterAll(async () => {
  await dropSchemas([schema]);
  await dropRedisPrefix(prefix);
});

async function start(web: TestChannel): Promise<{ app: Assembled; service: HandoffService }> {
  const app = await assemble({ botDir: FORM_BOT, databaseUrl: schemaUrl(schema), env: { REDIS_URL, REDIS_PREFIX: prefix }, channels: [web], logger: silentLogger() });
  return { app, service: app.bot.services.require(HandoffServiceKey) };
}

test('a callback scheduled in Redis by one instance is made by the next, at its time, by the skilled agent', async () => {
  const web = new TestChannel('web');
  const first = await start(web);
  let second: Awaited<ReturnType<typeof start>> | undefined;
  try {
    const sam = await first.service.repo.createAgent({ name: 'Sam', email: 'sam@northwind.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 2 });
    const { message } = await first.app.engine.receive({ channel: 'web', address: 'dan', text: 'agent' });
    await first.app.engine.repliesTo(message.id, 10_000);
    const [waiting] = await first.service.repo.list({ status: ['waiting'] });
    // The customer named a time: a few seconds from now, as far as this test can wait.
    await first.service.repo.finish(waiting.id, 'resolved', 'callback', 'continue', Date.now());
    const kept = await first.service.callbacks.create({ conversationId: waiting.conversationId, customerId: waiting.customerId, queueId: waiting.queueId, originHandoffId: waiting.id, dueAt: Date.now() + 3_000 });
    await first.service.recover(); // schedules the wake-up job in Redis
    await first.service.repo.setStatus(sam.id, 'available');
    await first.app.close();

    second = await start(new TestChannel('web'));
    const { service } = second;
    expect((await service.callbacks.get(kept.id))!.status).toBe('scheduled'); // not due yet
    await until(async () => (await service.callbacks.get(kept.id))?.status === 'assigned', 'the callback assigned when due', 15_000);
    const assigned = (await service.callbacks.get(kept.id))!;
    expect(assigned.agentId).toBe(sam.id);
    expect(await service.repo.get(assigned.handoffId!)).toMatchObject({ status: 'assigned', reason: 'callback', agentId: sam.id });
    expect(Date.now()).toBeGreaterThanOrEqual(kept.dueAt);
  } finally {
    await second?.app.close();
  }
}, 60_000);
