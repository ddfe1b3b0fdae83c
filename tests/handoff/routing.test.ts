import { chooseAgent, chooseQueue, expectedWaitSeconds, isOpen, servingOrder, type LoadedAgent } from '../../handoff/routing';
import type { Handoff, Queue } from '../../handoff/model';
import { LexiconSentiment } from '../../core/sentiment';
import { csatScore } from '../../core/csat';
import { asksForCallback, asksForPerson } from '../../handoff/triggers';
import { summarize } from '../../handoff/summary';
import type { Message } from '../../core/message';

const agent = (id: string, over: Partial<LoadedAgent> = {}): LoadedAgent => ({
  id,
  name: id,
  email: `${id}@x.io`,
  role: 'agent',
  skills: ['lang:en'],
  capacity: 3,
  status: 'available',
  idleSince: 0,
  load: 0,
  ...over,
});
const queue = (skills: string[], over: Partial<Queue> = {}): Queue => ({ id: skills.join('+') || 'general', name: 'q', skills, priority: 0, slaSeconds: 60, ...over });

test('an agent needs every skill, availability and free capacity; most free capacity, then longest idle wins', () => {
  const spanishReturns = queue(['lang:es', 'topic:returns']);
  const agents = [
    agent('ana', { skills: ['lang:es', 'topic:returns'], load: 2, capacity: 3, idleSince: 10 }),
    agent('bea', { skills: ['lang:es', 'topic:returns'], load: 0, capacity: 2, idleSince: 50 }),
    agent('cruz', { skills: ['lang:es', 'topic:returns'], load: 1, capacity: 3, idleSince: 5 }),
    agent('dan', { skills: ['lang:es'], load: 0, capacity: 9 }),
    agent('eva', { skills: ['lang:es', 'topic:returns'], status: 'away', capacity: 9 }),
    agent('flo', { skills: ['lang:es', 'topic:returns'], load: 4, capacity: 4 }),
  ];
  // bea and cruz both have 2 free; cruz has been idle longer.
  expect(chooseAgent(agents, spanishReturns)?.id).toBe('cruz');
  expect(chooseAgent(agents.filter((a) => a.id !== 'cruz'), spanishReturns)?.id).toBe('bea');
  expect(chooseAgent([agents[3], agents[4], agents[5]], spanishReturns)).toBeUndefined();
});

test('waiting conversations are served by priority, then by waiting time', () => {
  const h = (id: string, priority: number, requestedAt: number) => ({ id, priority, requestedAt }) as Handoff;
  expect(servingOrder([h('a', 0, 1), h('b', 10, 5), h('c', 0, 0), h('d', 10, 2)]).map((x) => x.id)).toEqual(['d', 'b', 'c', 'a']);
});

test('the queue is chosen by language and topic, most specific first, with a catch-all', () => {
  const queues = [queue([]), queue(['lang:es']), queue(['lang:es', 'topic:returns']), queue(['lang:de'])];
  expect(chooseQueue(queues, { language: 'es', topic: 'returns' })?.id).toBe('lang:es+topic:returns');
  expect(chooseQueue(queues, { language: 'es', topic: 'orders' })?.id).toBe('lang:es');
  expect(chooseQueue(queues, { language: 'fr' })?.id).toBe('general');
  expect(chooseQueue(queues, { queue: 'lang:de' })?.id).toBe('lang:de');
});

test('opening hours in the queue’s time zone', () => {
  const hours = { timezone: 'America/New_York', days: { 1: ['09:00-17:00'] } }; // Mondays 9–17 in New York
  expect(isOpen(hours, Date.parse('2026-11-30T15:00:00Z'))).toBe(true); // Mon 10:00 EST
  expect(isOpen(hours, Date.parse('2026-11-30T13:59:00Z'))).toBe(false); // Mon 08:59 EST
  expect(isOpen(hours, Date.parse('2026-11-30T22:00:00Z'))).toBe(false); // Mon 17:00 EST
  expect(isOpen(hours, Date.parse('2026-12-01T15:00:00Z'))).toBe(false); // Tuesday
  expect(isOpen(undefined, 0)).toBe(true);
});

test('expected wait: position over the rate at which agents free a slot', () => {
  expect(expectedWaitSeconds(3, [{ capacity: 2 }, { capacity: 1 }], 300)).toBe(300);
  expect(expectedWaitSeconds(1, [], 300)).toBeUndefined();
});

test('customers asking for a person are recognised in many languages, stories are not', () => {
  for (const t of ['agent', 'I want to talk to a human', 'hablar con una persona', 'Ich will einen Menschen', 'un conseiller svp', 'AGENTE'])
    expect(asksForPerson(t)).toBe(true);
  for (const t of ['where is my order', 'the store hours?', 'hola']) expect(asksForPerson(t)).toBe(false);
  expect(asksForPerson('x', 'agent')).toBe(true);
  expect(asksForCallback('Callback!')).toEqual({});
  expect(asksForCallback('call me back')).toEqual({});
  expect(asksForCallback('x', 'callback')).toEqual({});
  expect(asksForCallback('please call the store')).toBeUndefined();
  // A time the customer names, 24-hour or am/pm.
  expect(asksForCallback('callback at 15:30')).toEqual({ at: { hour: 15, minute: 30 } });
  expect(asksForCallback('call me back at 3pm')).toEqual({ at: { hour: 15, minute: 0 } });
  expect(asksForCallback('Rückruf um 9 Uhr')).toEqual({ at: { hour: 9, minute: 0 } });
  expect(asksForCallback('callback at 12am')).toEqual({ at: { hour: 0, minute: 0 } });
  expect(asksForCallback('callback at 27:00')).toEqual({});
  expect(csatScore('4')).toBe(4);
  expect(csatScore('', 'csat:5')).toBe(5);
  expect(csatScore('6')).toBeUndefined();
});

test('sentiment: negative, positive, negated, per language', () => {
  const s = new LexiconSentiment();
  expect(s.score('This is terrible, the worst service ever!!', 'en')).toBeLessThan(-0.7);
  expect(s.score('Great, thanks a lot', 'en')).toBeGreaterThan(0.5);
  expect(s.score('not bad at all', 'en')).toBeGreaterThan(0);
  expect(s.score('Esto es una estafa, estoy harto', 'es')).toBeLessThan(-0.5);
  expect(s.score('Das ist eine Frechheit, total kaputt', 'de')).toBeLessThan(-0.5);
  expect(s.score('Je suis très déçu, c’est nul', 'fr')).toBeLessThan(-0.5);
  expect(s.score('where is my parcel', 'en')).toBe(0);
});

test('summary keeps the customer’s first and latest words', () => {
  const m = (text: string, direction: 'inbound' | 'outbound' = 'inbound') => ({ text, direction }) as Message;
  const summary = summarize([m('My tent arrived with a broken pole.'), m('Sorry to hear that!', 'outbound'), m('ok'), m('I want a replacement pole, not a refund.')]);
  expect(summary).toContain('broken pole');
  expect(summary).toContain('replacement pole');
  expect(summary).not.toContain('Sorry to hear');
});

describe('LLM summaries (langchain fakes)', () => {
  const transcript = [
    { text: 'My tent pole broke on the first night.', direction: 'inbound', author: 'customer', channel: 'sms' },
    { text: 'Sorry to hear that! Here is our warranty policy.', direction: 'outbound', author: 'bot', channel: 'sms' },
    { text: 'code 123456', direction: 'outbound', author: 'bot', channel: 'sms', metadata: { confidential: true } },
    { text: 'I want a replacement pole.', direction: 'inbound', author: 'customer', channel: 'web' },
  ] as Message[];

  test('the model is given the transcript (without confidential messages) and its summary is used', async () => {
    const { FakeListChatModel } = await import('@langchain/core/utils/testing');
    const { llmSummarizer } = await import('../../handoff/summary');
    const model = new FakeListChatModel({ responses: ['Customer wants a replacement tent pole; the bot shared the warranty policy.'] });
    const seen: string[] = [];
    const spy = jest.spyOn(model, 'invoke').mockImplementation(async (input) => {
      seen.push(JSON.stringify(input));
      return FakeListChatModel.prototype.invoke.call(model, input);
    });
    expect(await llmSummarizer(model)(transcript)).toBe('Customer wants a replacement tent pole; the bot shared the warranty policy.');
    expect(seen[0]).toContain('Customer (sms): My tent pole broke');
    expect(seen[0]).toContain('Customer (web): I want a replacement pole.');
    expect(seen[0]).not.toContain('123456');
    spy.mockRestore();
  });

  test('a failing model falls back to the extractive summary', async () => {
    const { FakeListChatModel } = await import('@langchain/core/utils/testing');
    const { llmSummarizer } = await import('../../handoff/summary');
    const model = new FakeListChatModel({ responses: ['x'] });
    jest.spyOn(model, 'invoke').mockRejectedValue(new Error('model down'));
    const errors: unknown[] = [];
    const summary = await llmSummarizer(model, (e) => errors.push(e))(transcript);
    expect(summary).toContain('tent pole broke');
    expect(errors).toHaveLength(1);
  });
});
