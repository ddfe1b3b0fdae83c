import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import type { InboundDraft, Message } from '../../core/message';
import { assemble, type Assembled } from '../../server/assemble';
import { hashPassword } from '../../handoff/auth';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { callbackTime } from '../../handoff/hours';
import { advanceUntil } from '../support/fake-time';

// "Reply CALLBACK and we'll get back to you" is a promise: kept in the store, offered to a skilled
// agent when one is free (or at the time the customer chose, within opening hours), with an outcome.
const FORM_BOT = join(__dirname, '..', 'fixtures', 'form-bot');

let app: Assembled | undefined;
let web: TestChannel;
let service: HandoffService;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-callbacks-'));
});
afterEach(async () => {
  jest.useRealTimers();
  await app?.close();
  app = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<Assembled> {
  web = new TestChannel('web');
  app = await assemble({ botDir: FORM_BOT, databaseUrl: `sqlite:${join(dir, 'bot.db')}`, env: {}, channels: [web], logger: silentLogger() });
  service = app.bot.services.require(HandoffServiceKey);
  return app;
}
async function say(address: string, text: string, extra: Partial<InboundDraft> = {}): Promise<string[]> {
  const { message } = await app!.engine.receive({ channel: 'web', address, text, ...extra });
  const replies: Message[] | undefined = await app!.engine.repliesTo(message.id, 5000);
  if (!replies) throw new Error('turn did not finish');
  return replies.map((m) => m.text ?? '');
}
async function addAgent(name: string, skills: string[], status: 'available' | 'offline') {
  const agent = await service.repo.createAgent({ name, email: `${name}@northwind.test`, passwordHash: await hashPassword('password123'), role: 'agent', skills, capacity: 2 });
  await service.repo.setStatus(agent.id, status);
  return agent;
}
async function delivered(address: string): Promise<string[]> {
  await app!.engine.outbox.idle();
  return web.to(address).map((m) => m.text ?? '');
}

test('a callback survives a restart and goes to the first skilled agent who comes online; the outcome is recorded', async () => {
  await start();
  await service.repo.upsertQueue({ id: 'es', name: 'Spanish', skills: ['lang:es'], priority: 0, slaSeconds: 300 });
  await addAgent('Ana', ['lang:es'], 'offline');
  await say('juan', 'agente', { locale: 'es' });
  expect(await say('juan', 'CALLBACK', { locale: 'es' })).toEqual([expect.stringMatching(/te contactaremos aquí en cuanto alguien esté libre/)]);
  const [kept] = await service.callbacks.list(['scheduled']);
  expect(kept).toMatchObject({ queueId: 'es', status: 'scheduled' });
  // The bot is back meanwhile.
  expect(await say('juan', 'hola', { locale: 'es' })).not.toEqual([]);

  await app!.close();
  await start();
  // An agent without the queue's skill coming online does not get it…
  const eve = await addAgent('Eve', ['lang:en'], 'offline');
  await service.setAgentStatus(eve.id, 'available');
  expect(await service.callbacks.get(kept.id)).toMatchObject({ status: 'scheduled' });
  // …the first skilled one does, as a conversation assigned to her, and the customer is told who.
  const ana = (await service.repo.agents()).find((a) => a.name === 'Ana')!;
  await service.setAgentStatus(ana.id, 'available');
  const assigned = (await service.callbacks.get(kept.id))!;
  expect(assigned).toMatchObject({ status: 'assigned', agentId: ana.id });
  expect(await service.repo.get(assigned.handoffId!)).toMatchObject({ status: 'assigned', agentId: ana.id, reason: 'callback', language: 'es' });
  expect((await delivered('juan')).pop()).toBe('Ana de nuestro equipo te contacta, como pediste.');
  await service.reply(ana.id, assigned.handoffId!, 'Hola Juan, soy Ana.');
  expect((await delivered('juan')).pop()).toBe('Hola Juan, soy Ana.');

  // The customer never answered: Ana records it, and the bot has the conversation again.
  await service.resolve(assigned.handoffId!, { outcome: 'no-answer' });
  expect(await service.callbacks.get(kept.id)).toMatchObject({ status: 'no-answer', closedAt: expect.any(Number) });
  expect(await service.repo.get(assigned.handoffId!)).toMatchObject({ status: 'resolved', outcome: 'no-answer' });
});

test('the time a customer names is moved into opening hours: the same time on an open day, else the next opening', () => {
  const hours = { timezone: 'Europe/London', days: { 1: ['09:00-17:00'], 2: ['09:00-17:00'] } };
  const saturdayNoon = Date.parse('2026-11-28T12:00:00Z');
  expect(new Date(callbackTime(hours, saturdayNoon, { hour: 10, minute: 30 })).toISOString()).toBe('2026-11-30T10:30:00.000Z');
  // 20:00 is never open: the next opening instead.
  expect(new Date(callbackTime(hours, saturdayNoon, { hour: 20, minute: 0 })).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  // No time named: now if open, else the next opening; without hours, always now.
  expect(new Date(callbackTime(hours, saturdayNoon)).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  expect(callbackTime(undefined, saturdayNoon)).toBe(saturdayNoon);
  // In the queue's time zone: 10:30 in New York is 15:30 UTC in winter.
  const ny = { timezone: 'America/New_York', days: { 1: ['09:00-17:00'] } };
  expect(new Date(callbackTime(ny, saturdayNoon, { hour: 10, minute: 30 })).toISOString()).toBe('2026-11-30T15:30:00.000Z');
});

test('a callback at the time the customer chose wakes through the scheduler and goes to a free agent then', async () => {
  // Monday 10:28 UTC, the queue is open 09:00–17:00 UTC.
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.parse('2026-11-30T10:28:00Z') });
  await start();
  await service.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: 300, hours: { timezone: 'UTC', days: { 1: ['09:00-17:00'] } } });
  const sam = await addAgent('Sam', [], 'offline');
  await say('dan', 'agent');
  expect(await say('dan', 'call me back at 10:30')).toEqual([expect.stringMatching(/get back to you here around Mon,? 10:30/)]);
  const [kept] = await service.callbacks.list(['scheduled']);
  expect(new Date(kept.dueAt).toISOString()).toBe('2026-11-30T10:30:00.000Z');
  // Sam comes online, but it is not time yet.
  await service.setAgentStatus(sam.id, 'available');
  expect((await service.callbacks.get(kept.id))!.status).toBe('scheduled');

  await advanceUntil(async () => (await service.callbacks.get(kept.id))!.status === 'assigned', kept.dueAt - Date.now() + 10_000, 250);
  expect(Date.now()).toBeGreaterThanOrEqual(kept.dueAt);
  await app!.engine.outbox.idle();
  expect(await service.callbacks.get(kept.id)).toMatchObject({ status: 'assigned', agentId: sam.id });
  expect((await delivered('dan')).pop()).toBe('Sam from our team is getting back to you, as you asked.');
});

test('a callback whose customer is already with a person again is superseded; one can be cancelled from the desk', async () => {
  await start();
  const sam = await addAgent('Sam', [], 'offline');
  await say('amy', 'agent');
  await say('amy', 'callback');
  await say('amy', 'agent'); // asks again before anyone came
  const [first] = await service.callbacks.list(['scheduled']);
  await service.setAgentStatus(sam.id, 'available');
  expect((await service.callbacks.get(first.id))!.status).toBe('superseded');

  await service.setAgentStatus(sam.id, 'offline');
  await say('bob', 'agent');
  await say('bob', 'callback');
  const [second] = await service.callbacks.list(['scheduled']);
  expect(second).toBeDefined();
  expect(await service.closeCallback(second.id, 'cancelled')).toMatchObject({ status: 'cancelled' });
  await expect(service.closeCallback(second.id, 'done')).rejects.toThrow(/ended already/);
});

test('a CALLBACK or cancel that arrives after an agent took the conversation ends nothing', async () => {
  await start();
  const sam = await addAgent('Sam', [], 'offline');
  await say('eli', 'agent');
  const [waiting] = await service.repo.list({ status: ['waiting'] });
  await service.setAgentStatus(sam.id, 'available'); // Sam takes it while the customer types
  expect(await service.callback(waiting)).toBeUndefined();
  expect(await service.cancel(waiting)).toBe(false);
  expect(await service.repo.get(waiting.id)).toMatchObject({ status: 'assigned', agentId: sam.id });
  expect(await service.callbacks.list(['scheduled', 'assigned'])).toEqual([]);
});
