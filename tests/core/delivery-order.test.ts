import { ConversationHolds } from '../../core/delivery-order';
import type { Message } from '../../core/message';

const msg = (id: string, conversationId = 'c1') => ({ id, conversationId }) as Message;

describe('ConversationHolds: later replies of a conversation wait behind one put back', () => {
  test('a later message waits until the earliest one put back; earlier ones and other conversations do not', () => {
    const holds = new ConversationHolds(30_000);
    holds.hold(msg('m2'), 5_000);
    expect(holds.waitFor(msg('m3'), 1_000)).toBe(5_000);
    expect(holds.waitFor(msg('m2'), 1_000)).toBeUndefined(); // the held one itself goes when it comes back
    expect(holds.waitFor(msg('m1'), 1_000)).toBeUndefined();
    expect(holds.waitFor(msg('m9', 'c2'), 1_000)).toBeUndefined();
  });

  test('while messages that waited are still out, releasing the first passes the wait on to the next', () => {
    const holds = new ConversationHolds(30_000);
    holds.hold(msg('m2'), 5_000);
    holds.hold(msg('m3'), 5_000); // m3 waited behind m2
    holds.release(msg('m2'));
    expect(holds.waitFor(msg('m4'), 6_000)).toBe(6_000); // m3 is not out yet: m4 may not overtake it
    expect(holds.waitFor(msg('m3'), 6_000)).toBeUndefined();
    holds.release(msg('m3'));
    expect(holds.waitFor(msg('m4'), 6_000)).toBeUndefined();
  });

  test('a hold lapses after its grace (another instance may have taken the message over)', () => {
    const holds = new ConversationHolds(1_000);
    holds.hold(msg('m2'), 5_000);
    expect(holds.waitFor(msg('m3'), 5_900)).toBe(5_900);
    expect(holds.waitFor(msg('m3'), 6_001)).toBeUndefined();
  });
});
