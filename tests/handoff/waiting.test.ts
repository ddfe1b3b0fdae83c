import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import type { InboundDraft, Message } from '../../core/message';
import { assemble, type Assembled } from '../../server/assemble';
import { hashPassword } from '../../handoff/auth';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { availability } from '../../handoff/availability';
import type { LoadedAgent } from '../../handoff/routing';

// The waiting message tells the truth, and nothing a waiting customer says is a dead end.
const FORM_BOT = join(__dirname, '..', 'fixtures', 'form-bot');

let app: Assembled;
let service: HandoffService;
afterEach(async () => {
  await app?.close();
});

async function start(): Promise<void> {
  app = await assemble({ botDir: FORM_BOT, databaseUrl: ':memory:', env: {}, channels: [new TestChannel('web')], logger: silentLogger() });
  service = app.bot.services.require(HandoffServiceKey);
}
async function say(address: string, text: string, extra: Partial<InboundDraft> = {}): Promise<string[]> {
  const { message } = await app.engine.receive({ channel: 'web', address, text, ...extra });
  const replies: Message[] | undefined = await app.engine.repliesTo(message.id, 5000);
  if (!replies) throw new Error('turn did not finish');
  return replies.map((m) => m.text ?? '');
}
async function addAgent(name: string, skills: string[], status: 'available' | 'offline', capacity = 1) {
  const agent = await service.repo.createAgent({ name, email: `${name}@northwind.test`, passwordHash: await hashPassword('password123'), role: 'agent', skills, capacity });
  await service.repo.setStatus(agent.id, status);
  return agent;
}
async function activeOf(address: string) {
  const customer = await app.store.findCustomerByAddress('web', address);
  const conversation = await app.store.openConversation(customer!.id);
  return service.repo.active(conversation!.id);
}

test('no agent account at all: no promise of a person, no handoff, and the bot keeps answering', async () => {
  await start();
  const replies = await say('ann', 'talk to a person');
  expect(replies).toEqual([expect.stringMatching(/nobody from our team can take chats here yet/)]);
  expect(replies.join(' ')).not.toMatch(/will reply|connecting/);
  expect(await activeOf('ann')).toBeUndefined();
  expect(await say('ann', 'I need a return')).toEqual(['Which order number?']);
});

test('availability is decided from the accounts: none, none skilled, none online, busy, free', () => {
  const queue = { id: 'billing', name: 'Billing', skills: ['topic:billing'], priority: 0, slaSeconds: 60 };
  const agent = (over: Partial<LoadedAgent>): LoadedAgent => ({ id: 'a', name: 'A', email: 'a@x.io', role: 'agent', skills: [], capacity: 1, status: 'offline', idleSince: 0, load: 0, ...over });
  expect(availability([], queue).availability).toBe('no-accounts');
  expect(availability([agent({ status: 'available' })], queue).availability).toBe('no-skilled');
  expect(availability([agent({ skills: ['topic:billing'] }), agent({ status: 'available' })], queue).availability).toBe('none-online');
  expect(availability([agent({ skills: ['topic:billing'], status: 'available', load: 1 })], queue)).toMatchObject({ availability: 'busy', online: [expect.objectContaining({ id: 'a' })] });
  expect(availability([agent({ skills: ['topic:billing'], status: 'away' })], queue).availability).toBe('busy');
  expect(availability([agent({ skills: ['topic:billing'], status: 'available' })], queue).availability).toBe('free');
});

test('an agent online without the queue’s skill is not "nobody online" — and is not promised either', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'es', name: 'Spanish', skills: ['lang:es'], priority: 0, slaSeconds: 300 });
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 300 });
  const ana = await addAgent('Ana', ['lang:es'], 'offline');
  const eve = await addAgent('Eve', [], 'available', 1);
  // Eve is busy with someone else.
  await say('first', 'agent');
  expect((await activeOf('first'))!.agentId).toBe(eve.id);
  // A Spanish speaker: Ana (the only one with the skill) is offline; Eve's being online is not for this queue.
  const replies = await say('juan', 'quiero hablar con una persona', { locale: 'es' });
  expect(replies).toEqual([expect.stringMatching(/no hay nadie conectado que pueda ayudarte/)]);
  expect(await activeOf('juan')).toMatchObject({ queueId: 'es', status: 'waiting' });
  // An English speaker waits for Eve, who is online but busy: the line, the wait and who is online.
  const english = await say('kim', 'agent');
  expect(english).toEqual([expect.stringMatching(/connecting you/), expect.stringMatching(/busy right now \(1 online\)\. You're number 1 in line/)]);
  await service.setAgentStatus(ana.id, 'available');
  expect(await activeOf('juan')).toMatchObject({ status: 'assigned', agentId: ana.id });
});

test('without a Spanish-speaking account, a Spanish speaker reaches the general queue', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'es', name: 'Spanish', skills: ['lang:es'], priority: 0, slaSeconds: 300 });
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 300 });
  const sam = await addAgent('Sam', [], 'available');
  await say('lola', 'agente', { locale: 'es' });
  expect(await activeOf('lola')).toMatchObject({ queueId: 'general', agentId: sam.id });
});

test('while waiting: "hello?" gets the status, "help" the options, "cancel" returns to the bot', async () => {
  await start();
  await addAgent('Sam', [], 'offline');
  await say('dan', 'I need a return'); // a form starts
  expect(await say('dan', 'human please')).toEqual([expect.stringMatching(/Nobody who can help with this is online/)]);
  expect(await say('dan', 'hello?')).toEqual([expect.stringMatching(/Nobody who can help/)]);
  expect(await say('dan', 'anyone there')).toEqual([expect.stringMatching(/Nobody who can help/)]);
  expect(await say('dan', 'help')).toEqual([expect.stringMatching(/Reply CANCEL to go back to the assistant/)]);
  const waiting = (await activeOf('dan'))!;
  expect(await say('dan', 'cancel')).toEqual([expect.stringMatching(/cancelled your request for a person/)]);
  expect(await service.repo.get(waiting.id)).toMatchObject({ status: 'abandoned', outcome: 'cancelled' });
  // The bot is back: the paused form goes on.
  expect(await say('dan', 'R-77')).toEqual(['Why are you returning order R-77?']);
});

test('the CANCEL button and commands in the customer’s language work too', async () => {
  await start();
  await addAgent('Sam', [], 'offline');
  await say('eva', 'agent');
  expect(await say('eva', 'x', { payload: 'cancel' })).toEqual([expect.stringMatching(/cancelled/)]);
  await say('jose', 'agente', { locale: 'es' });
  expect(await say('jose', 'cancelar', { locale: 'es' })).toEqual([expect.stringMatching(/he cancelado tu petición/)]);
  expect(await activeOf('jose')).toBeUndefined();
});
