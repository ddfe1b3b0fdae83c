import { MemoryBus, topic } from '../../core/bus';
import { Services, serviceKey } from '../../core/services';

interface Greeter {
  greet(name: string): string;
}
const Greeter = serviceKey<Greeter>('greeter');

describe('typed services', () => {
  test('what a module provides under a key comes back typed from the same key', () => {
    const services = new Services();
    expect(services.has(Greeter)).toBe(false);
    expect(services.get(Greeter)).toBeUndefined();
    services.provide(Greeter, { greet: (name) => `hello ${name}` });
    expect(services.has(Greeter)).toBe(true);
    expect(services.get(Greeter)?.greet('Ada')).toBe('hello Ada');
    expect(services.require(Greeter).greet('Bo')).toBe('hello Bo');
  });

  test('requiring a service nobody provides fails naming the service and who needs it', () => {
    expect(() => new Services().require(Greeter, 'the welcome dialog')).toThrow('No module provides the "greeter" service, and the welcome dialog needs it');
  });
});

describe('typed topics', () => {
  test('subscribers of a topic get what its publishers send; other topics stay apart', async () => {
    const bus = new MemoryBus();
    const changed = topic<{ id: string }>('thing.changed');
    const other = topic<{ n: number }>('other');
    const seen: string[] = [];
    const off = bus.subscribe(changed, (payload) => seen.push(payload.id));
    bus.subscribe(other, () => seen.push('wrong topic'));
    await bus.publish(changed, { id: 'a' });
    off();
    await bus.publish(changed, { id: 'b' });
    expect(seen).toEqual(['a']);
  });

  test('two declarations of one name are one topic on the wire (a second instance re-creates it from the name)', async () => {
    const bus = new MemoryBus();
    const seen: unknown[] = [];
    bus.subscribe(topic<{ id: string }>('handoff.changed'), (payload) => seen.push(payload));
    await bus.publish(topic<unknown>('handoff.changed'), { id: 'x' });
    expect(seen).toEqual([{ id: 'x' }]);
  });
});
