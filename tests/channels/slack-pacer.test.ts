import { Pacer } from '../../channels/slack/pacer';

describe('Slack pacer (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** Starts `wait` and reports when it resolved, in fake milliseconds since the test began. */
  function track(promise: Promise<unknown>, log: Array<[string, number]>, label: string) {
    void promise.then(() => log.push([label, Date.now() - 1_000_000]));
  }

  test('sends to one conversation are spaced by the interval; other conversations are not held up', async () => {
    const pacer = new Pacer(1000);
    const log: Array<[string, number]> = [];
    track(pacer.wait('C1'), log, 'C1 first');
    track(pacer.wait('C1'), log, 'C1 second');
    track(pacer.wait('C1'), log, 'C1 third');
    track(pacer.wait('C2'), log, 'C2 first');
    await jest.advanceTimersByTimeAsync(5000);
    expect(log).toEqual([
      ['C1 first', 0],
      ['C2 first', 0],
      ['C1 second', 1000],
      ['C1 third', 2000],
    ]);
  });

  test('a Retry-After hold delays the next send; a slot too far away is handed back instead of waited for', async () => {
    const pacer = new Pacer(1000);
    pacer.holdUntil('C1', Date.now() + 3000);
    expect(await pacer.wait('C1', 2000)).toBe(3000); // too long: the caller hands the message back
    const log: Array<[string, number]> = [];
    track(pacer.wait('C1', 5000), log, 'C1 after hold');
    await jest.advanceTimersByTimeAsync(4000);
    expect(log).toEqual([['C1 after hold', 3000]]);
  });
});
