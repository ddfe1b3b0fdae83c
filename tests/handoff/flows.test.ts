import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import type { InboundDraft, Message } from '../../core/message';
import { assemble, type Assembled } from '../../server/assemble';
import { hashPassword } from '../../handoff/auth';
import type { HandoffService } from '../../handoff/service';
import type { Handoff } from '../../handoff/model';
import { Escalator, HandoffLookup } from '../../core/services';
import { HandoffServiceKey } from '../../handoff/module';
import { advanceSettled, advanceUntil } from '../support/fake-time';
import { LexiconSentiment } from '../../core/sentiment';

const FORM_BOT = join(__dirname, '..', 'fixtures', 'form-bot');

let app: Assembled;
let web: TestChannel;
let service: HandoffService;
afterEach(async () => {
  jest.useRealTimers();
  await app?.close();
});

async function start(botDir = FORM_BOT): Promise<void> {
  web = new TestChannel('web');
  app = await assemble({ botDir, databaseUrl: ':memory:', env: {}, channels: [web], logger: silentLogger() });
  service = app.bot.services.require(HandoffServiceKey);
}
async function say(address: string, text: string, extra: Partial<InboundDraft> = {}): Promise<Message[]> {
  const { message } = await app.engine.receive({ channel: 'web', address, text, ...extra });
  const replies = await app.engine.repliesTo(message.id, 5000);
  if (!replies) throw new Error('turn did not finish');
  return replies;
}
const texts = (ms: Message[]) => ms.map((m) => m.text);
async function addAgent(name: string, skills: string[] = [], capacity = 2, status: 'available' | 'offline' = 'available') {
  const agent = await service.repo.createAgent({ name, email: `${name}@northwind.test`, passwordHash: await hashPassword('password123'), role: 'agent', skills, capacity });
  await service.repo.setStatus(agent.id, status);
  return agent;
}
async function handoffOf(address: string): Promise<Handoff | undefined> {
  const customer = await app.store.findCustomerByAddress('web', address);
  const conversation = await app.store.openConversation(customer!.id);
  return service.repo.latest(conversation!.id);
}
async function delivered(address: string): Promise<string[]> {
  await app.engine.outbox.idle();
  return web.to(address).map((m) => m.text ?? '');
}

test('asking for a person escalates with the reason, and an available agent takes it at once', async () => {
  await start();
  const sam = await addAgent('Sam');
  expect(texts(await say('ann', 'I want to talk to a human'))).toEqual([
    expect.stringMatching(/connecting you with a person/),
    'Sam from our team has joined and will reply here.',
  ]);
  expect(await handoffOf('ann')).toMatchObject({ status: 'assigned', agentId: sam.id, reason: 'customer-request', language: 'en' });
});

test('while a person owns the conversation the bot is silent, and agent replies reach the customer marked as agent', async () => {
  await start();
  const sam = await addAgent('Sam');
  await say('bob', 'I want to return something'); // the form starts
  await say('bob', 'agent');
  expect(await say('bob', 'A-1')).toEqual([]); // not taken by the form: silence
  const h = (await handoffOf('bob'))!;
  await service.reply(sam.id, h.id, 'Hi Bob, Sam here. Which item?');
  expect((await delivered('bob')).pop()).toBe('Hi Bob, Sam here. Which item?');
  const transcript = await app.store.listMessages({ conversationId: h.conversationId });
  expect(transcript.map((m) => m.author)).toEqual(expect.arrayContaining(['customer', 'bot', 'agent']));
  expect(transcript.find((m) => m.text === 'A-1')).toMatchObject({ author: 'customer', status: 'processed' });
  await expect(service.reply('someone-else', h.id, 'x')).rejects.toThrow(/not assigned to you/);
});

test('the handoff texts come from bot.yaml `messages:` when the bot has its own (in a turn and from the service)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-handoff-texts-'));
  try {
    cpSync(FORM_BOT, dir, { recursive: true });
    writeFileSync(
      join(dir, 'bot.yaml'),
      `name: FormBot\ndefaultLocale: en\nlocales: [en, es]\nmessages:\n  en:\n    handoff.connecting: One moment, a colleague is coming.\n    handoff.joined: "{agent} is here now."\n    csat.ask: Rate us from 1 to 5, please.\n`,
    );
    await start(dir);
    await addAgent('Sam');
    expect(texts(await say('kay', 'I want to talk to a human'))).toEqual(['One moment, a colleague is coming.', 'Sam is here now.']);
    await service.resolve((await handoffOf('kay'))!.id, { resume: 'continue', csat: true });
    expect((await delivered('kay')).slice(-1)).toEqual(['Rate us from 1 to 5, please.']);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('resolve: the bot takes over and the paused dialog continues (or ends), with a CSAT question', async () => {
  await start();
  const sam = await addAgent('Sam');
  expect(texts(await say('cat', 'I need a return'))).toEqual(['Which order number?']);
  await say('cat', 'talk to a person');
  const h = (await handoffOf('cat'))!;
  await service.resolve(h.id, { resume: 'continue', csat: true });
  const after = await delivered('cat');
  expect(after.slice(-2)).toEqual([expect.stringMatching(/back with the assistant/), expect.stringMatching(/from 1 \(poor\) to 5/)]);
  expect(texts(await say('cat', '5'))).toEqual(['Thanks for your feedback!']);
  expect((await service.repo.get(h.id))).toMatchObject({ status: 'resolved', csat: 5 });
  // The form was paused, not lost: it asks its next question.
  expect(texts(await say('cat', 'R-77'))).toEqual(['Why are you returning order R-77?']);

  // Ending instead: the paused dialog is dropped.
  await say('cat', 'agent');
  const h2 = (await handoffOf('cat'))!;
  expect(h2.id).not.toBe(h.id);
  expect(h2.agentId).toBe(sam.id);
  await service.resolve(h2.id, { resume: 'end' });
  // The form bot keeps its form under `returnForm`, not `dialog`, so only a dialog stack would end here;
  // what matters is that the flag is applied once and cleared.
  await say('cat', 'hello');
  expect((await service.repo.get(h2.id))?.resume).toBeUndefined();
});

test('routing follows skills, capacity and priority', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'es', name: 'Spanish', skills: ['lang:es'], priority: 0, slaSeconds: 300 });
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 300 });
  const ana = await addAgent('Ana', ['lang:es'], 1);
  await say('juan', 'hola', { locale: 'es' });
  await say('juan', 'quiero hablar con una persona', { locale: 'es' });
  expect(await handoffOf('juan')).toMatchObject({ queueId: 'es', agentId: ana.id, status: 'assigned' });

  // Ana is full now: the next Spanish speakers wait; the high-value one goes first when she frees up.
  await say('lola', 'hola', { locale: 'es' });
  await say('lola', 'agente', { locale: 'es' });
  await say('vip', 'hola', { locale: 'es' });
  const vip = (await app.store.findCustomerByAddress('web', 'vip'))!;
  await app.store.updateProfile(vip.id, { attributes: { segment: 'high-value' } });
  await say('vip', 'agente', { locale: 'es' });
  expect((await handoffOf('lola'))!.status).toBe('waiting');
  expect((await handoffOf('vip'))!).toMatchObject({ status: 'waiting', priority: 10 });
  // An English-only agent can't take Spanish conversations.
  await addAgent('Eve', ['lang:en'], 5);
  await service.assignWaiting();
  expect((await handoffOf('lola'))!.status).toBe('waiting');

  await service.resolve((await handoffOf('juan'))!.id);
  expect(await handoffOf('vip')).toMatchObject({ status: 'assigned', agentId: ana.id });
  expect((await handoffOf('lola'))!.status).toBe('waiting');
  expect((await delivered('vip')).pop()).toBe('Ana de nuestro equipo se ha unido y te responderá aquí.');
});

test('nobody available: the customer hears the wait and can ask for a callback; past the SLA they are offered one', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.parse('2026-11-28T12:00:00Z') });
  await start();
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 120 });
  await addAgent('Sam', [], 1, 'offline');
  const replies = texts(await say('dan', 'human please'));
  expect(replies).toEqual([expect.stringMatching(/Nobody who can help with this is online right now/)]);
  // Silence is never the answer: a question gets the status at once, but other messages (for the
  // agent) do not repeat it every time.
  expect(texts(await say('dan', 'hello?'))).toEqual([expect.stringMatching(/Nobody who can help/)]);
  expect(await say('dan', 'my parcel is damaged')).toEqual([]);

  await advanceSettled(119_000);
  expect((await handoffOf('dan'))!.outcome).toBeUndefined(); // not before the SLA
  await advanceUntil(async () => (await handoffOf('dan'))!.outcome === 'sla-offered', 10_000);
  await app.engine.outbox.idle();
  expect((await delivered('dan')).pop()).toMatch(/taking longer than usual/);

  expect(texts(await say('dan', 'CALLBACK'))).toEqual([expect.stringMatching(/we'll get back to you/)]);
  expect(await handoffOf('dan')).toMatchObject({ status: 'resolved', outcome: 'callback' });
  expect(await service.callbacks.list(['scheduled'])).toEqual([expect.objectContaining({ queueId: 'general', status: 'scheduled' })]);
  // The bot is back.
  expect(texts(await say('dan', 'I need a return'))).toEqual(['Which order number?']);
});

test('outside opening hours the customer is told so and offered a callback', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 60, hours: { timezone: 'UTC', days: {} } });
  await addAgent('Sam');
  expect(texts(await say('eve', 'agent'))).toEqual([expect.stringMatching(/offline right now/)]);
  expect(await handoffOf('eve')).toMatchObject({ status: 'waiting', outcome: 'closed-offered' });
  // Asking how it goes while closed: still the truth (closed), not a place in a line nobody serves.
  expect(texts(await say('eve', 'hello?'))).toEqual([expect.stringMatching(/offline right now/)]);
});

test('transfer to another agent or queue', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 300 });
  await service.repo.upsertQueue({ id: 'billing', name: 'Billing', skills: ['topic:billing'], priority: 0, slaSeconds: 300 });
  const sam = await addAgent('Sam');
  const bill = await addAgent('Bill', ['topic:billing'], 1, 'offline');
  await say('fay', 'agent');
  const h = (await handoffOf('fay'))!;
  expect(h.agentId).toBe(sam.id);
  await service.transfer(h.id, { queueId: 'billing' });
  expect(await service.repo.get(h.id)).toMatchObject({ status: 'waiting', queueId: 'billing' });
  expect((await delivered('fay')).pop()).toMatch(/passing you to a colleague/);
  await service.setAgentStatus(bill.id, 'available');
  expect(await service.repo.get(h.id)).toMatchObject({ status: 'assigned', agentId: bill.id });
  await service.transfer(h.id, { agentId: sam.id });
  expect((await service.repo.get(h.id))!.agentId).toBe(sam.id);
});

test('an agent who disconnects has their conversations requeued after the grace period', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  await start();
  const sam = await addAgent('Sam', [], 2);
  await say('gus', 'agent');
  const h = (await handoffOf('gus'))!;
  expect(h.agentId).toBe(sam.id);
  await service.agentDisconnected(sam.id);
  await advanceSettled(30_000);
  await service.agentConnected(sam.id); // came back in time: nothing happens
  await advanceSettled(60_000);
  expect((await service.repo.get(h.id))!.agentId).toBe(sam.id);

  const kim = await addAgent('Kim', [], 2, 'offline');
  await service.agentDisconnected(sam.id);
  await advanceSettled(59_000);
  expect((await service.repo.agent(sam.id))!.status).not.toBe('offline'); // not before the grace period ends
  await advanceUntil(async () => (await service.repo.agent(sam.id))!.status === 'offline', 10_000);
  await service.setAgentStatus(kim.id, 'available');
  expect(await service.repo.get(h.id)).toMatchObject({ status: 'assigned', agentId: kim.id });
  expect((await service.repo.agent(sam.id))!.status).toBe('offline');
  expect(await delivered('gus')).toEqual(expect.arrayContaining([expect.stringMatching(/got disconnected/), 'Kim from our team has joined and will reply here.']));
});

test('repeated fallbacks escalate; so does clearly negative sentiment', async () => {
  await start();
  await addAgent('Sam', [], 5);
  await say('hal', 'blorp');
  const second = texts(await say('hal', 'zzzt'));
  expect(second[0]).toMatch(/can't help with that/);
  expect(second.slice(1).join(' ')).toMatch(/connecting you with a person/);
  expect((await handoffOf('hal'))!.reason).toBe('fallbacks');

  await say('ida', 'this is terrible, the worst service');
  await say('ida', 'useless and ridiculous!!');
  expect((await handoffOf('ida'))!).toMatchObject({ reason: 'sentiment' });
});

test('each customer message is scored for sentiment once: handoff reads the score analytics kept on it', async () => {
  await start();
  await addAgent('Sam', [], 5);
  const score = jest.spyOn(LexiconSentiment.prototype, 'score');
  try {
    await say('jo', 'this is terrible, the worst service');
    expect(score).toHaveBeenCalledTimes(1);
    await say('jo', 'useless and ridiculous!!');
    expect(score).toHaveBeenCalledTimes(2);
    // The second angry message still escalates, on the scores analytics recorded.
    expect((await handoffOf('jo'))!).toMatchObject({ reason: 'sentiment' });
  } finally {
    score.mockRestore();
  }
});

test('the handoff module is the escalator the dialog handoff step calls (the step itself: bots/demo/tests/order-status.yaml)', async () => {
  await start();
  expect(app.bot.services.get(Escalator)).toBe(service);
});

test('other modules ask the handoff module through handoffLookup: whether a person has the customer, their rating, and counts', async () => {
  await start();
  const lookup = app.bot.services.get(HandoffLookup)!;
  expect(lookup).toBe(service);
  const customerOf = async (address: string) => (await app.store.findCustomerByAddress('web', address))!.id;
  const sam = await addAgent('Sam', [], 2, 'offline');
  await say('dan', 'talk to a person'); // nobody online: it waits
  await say('eve', 'I need a return');
  const dan = await customerOf('dan');
  expect(await lookup.withAgent(dan)).toBe(true);
  expect(await lookup.withAgent(await customerOf('eve'))).toBe(false);

  await service.setAgentStatus(sam.id, 'available');
  const h = (await handoffOf('dan'))!;
  expect(h.status).toBe('assigned');
  expect(await lookup.withAgent(dan)).toBe(true);
  expect(await lookup.csat(h.id)).toBeUndefined();

  await service.resolve(h.id, { csat: true });
  expect(await lookup.withAgent(dan)).toBe(false);
  await say('dan', '4');
  expect(await lookup.csat(h.id)).toBe(4);
  expect(await lookup.csat('hnd_missing')).toBeUndefined();

  // What analytics asks: was the conversation ever handed off (resolved counts), arrivals, counts.
  const conversationOf = async (address: string) => (await app.store.openConversation(await customerOf(address)))!.id;
  expect(await lookup.handedOff(await conversationOf('dan'))).toBe(true);
  expect(await lookup.handedOff(await conversationOf('eve'))).toBe(false);
  expect(await lookup.requestTimes()).toEqual([h.requestedAt]);
  expect(await lookup.countByReason()).toEqual({ 'customer-request': 1 });
  expect(await lookup.countByCsat()).toEqual({ 4: 1 });
});
