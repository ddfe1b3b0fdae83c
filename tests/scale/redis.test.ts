import type Redis from 'ioredis';
import { topic } from '../../core/bus';
import { schedulerContract } from '../core/scheduler.contract';
import { RedisBus } from '../../server/redis/bus';
import { commandClient, connectClient } from '../../server/redis/connection';
import { LockLostError, RedisLock } from '../../server/redis/lock';
import { BullScheduler } from '../../server/redis/scheduler';
import { REDIS_URL, dropRedisPrefix, requireServices, uniqueName } from './services';

const prefix = `${uniqueName('sbt')}:`;
const clients: Redis[] = [];
async function client(): Promise<Redis> {
  const c = await connectClient(commandClient(REDIS_URL), REDIS_URL);
  clients.push(c);
  return c;
}
beforeAll(requireServices);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await dropRedisPrefix(prefix);
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RedisLock', () => {
  test.each([
    ['polling', false],
    ['woken by release announcements', true],
  ])('two instances never hold the same key at once, and fences only grow (%s)', async (_how, announce) => {
    const busOf = async () => (announce ? new RedisBus(await client(), await client(), { prefix }) : undefined);
    const a = new RedisLock(await client(), { prefix, bus: await busOf() });
    const b = new RedisLock(await client(), { prefix, bus: await busOf() });
    let inside = 0;
    let most = 0;
    const fences: number[] = [];
    const work = (lock: RedisLock) =>
      lock.run('conv-1', async (token) => {
        inside++;
        most = Math.max(most, inside);
        fences.push(token.fence);
        await token.assertHeld();
        await sleep(5);
        inside--;
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => work(i % 2 ? a : b)));
    expect(most).toBe(1);
    expect(fences).toEqual([...fences].sort((x, y) => x - y));
    expect(new Set(fences).size).toBe(10);
  });

  test('a holder paused past its lease loses the lock: assertHeld throws and another instance gets in', async () => {
    const lease = 300;
    const a = new RedisLock(await client(), { prefix, leaseMs: lease });
    const b = new RedisLock(await client(), { prefix, leaseMs: lease });
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let aToken: { assertHeld(): Promise<void>; fence: number } | undefined;
    const holder = a.run('conv-2', async (token) => {
      aToken = token;
      await paused;
    });
    await sleep(50);
    // Simulate a stopped process: the key expires because nobody renews it.
    const raw = await client();
    await raw.pexpire(`${prefix}lock:conv-2`, 1);
    await sleep(20);
    const bFence = await b.run('conv-2', async (token) => token.fence);
    expect(bFence).toBeGreaterThan(aToken!.fence);
    await expect(aToken!.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    release();
    await holder;
  });

  test('Redis unreachable: acquiring fails promptly with UnavailableError', async () => {
    const dead = commandClient('redis://127.0.0.1:1', { connectTimeoutMs: 300, commandTimeoutMs: 300 });
    dead.connect().catch(() => undefined);
    const lock = new RedisLock(dead, { prefix });
    await expect(lock.run('x', async () => 1)).rejects.toThrow(/Redis is unavailable/);
    dead.disconnect();
  });
});

describe('RedisBus', () => {
  test('an event published on one instance reaches subscribers on both, once each', async () => {
    const a = new RedisBus(await client(), await client(), { prefix });
    const b = new RedisBus(await client(), await client(), { prefix });
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const turnDone = topic<{ messageId: string }>('turn.done');
    a.subscribe(turnDone, (p) => seenA.push(p));
    b.subscribe(turnDone, (p) => seenB.push(p));
    await sleep(100); // subscriptions settle
    await a.publish(turnDone, { messageId: 'm1' });
    await b.publish(turnDone, { messageId: 'm2' });
    for (let i = 0; i < 50 && (seenA.length < 2 || seenB.length < 2); i++) await sleep(20);
    expect(seenA).toEqual(expect.arrayContaining([{ messageId: 'm1' }, { messageId: 'm2' }]));
    expect(seenB).toEqual(expect.arrayContaining([{ messageId: 'm1' }, { messageId: 'm2' }]));
    await sleep(50);
    expect(seenA).toHaveLength(2);
    expect(seenB).toHaveLength(2);
  });
});

let n = 0;
schedulerContract('BullMQ, two instances', () => {
  const p = `${prefix}s${n++}:`;
  return [new BullScheduler({ url: REDIS_URL, prefix: p }), new BullScheduler({ url: REDIS_URL, prefix: p })];
});
