import { VersionConflictError } from '../../core/errors';
import type { Message } from '../../core/message';
import type { Store, TurnCommit } from '../../core/storage/store';
import { pendingReply } from '../support/messages';

/**
 * The storage contract: every `Store` implementation must pass these. Call it from a test file
 * with a factory that returns a fresh, empty store.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const draft = (address: string, text: string, channelMessageId?: string) => ({ channel: 'web', address, text, channelMessageId });
    /** Commits the first turn of `message`'s conversation with these replies. */
    const answer = (message: Message, outbound: Message[], extra: Partial<TurnCommit> = {}) =>
      store.commitTurn({ conversationId: message.conversationId, expectedVersion: 0, state: {}, inboundId: message.id, inboundStatus: 'processed', outbound, ...extra });

    test('intake creates a customer, an address and an open conversation', async () => {
      const { message, duplicate } = await store.intake(draft('ann', 'hello'));
      expect(duplicate).toBe(false);
      expect(message).toMatchObject({ direction: 'inbound', author: 'customer', status: 'pending', text: 'hello' });
      const customer = await store.findCustomerByAddress('web', 'ann');
      expect(customer?.id).toBe(message.customerId);
      const conversation = await store.getConversation(message.conversationId);
      expect(conversation).toMatchObject({ customerId: customer!.id, status: 'open', channel: 'web', address: 'ann', version: 0, state: {} });
      expect(await store.addresses(customer!.id)).toEqual([expect.objectContaining({ channel: 'web', address: 'ann', verified: false })]);
    });

    test('a first message with a profile starts the customer’s profile and a verified address', async () => {
      const { message } = await store.intake({ ...draft('bo', 'hi'), locale: 'de', profile: { name: 'Bo', email: 'bo@example.com', verified: true } });
      expect(await store.getCustomer(message.customerId)).toMatchObject({ profile: { name: 'Bo', email: 'bo@example.com', locale: 'de' } });
      expect(await store.addresses(message.customerId)).toEqual([expect.objectContaining({ channel: 'web', address: 'bo', verified: true })]);
      expect(await store.getMessage(message.id)).toMatchObject({ locale: 'de', conversationId: message.conversationId, customerId: message.customerId });
    });

    test('conversationWithCustomer, when offered, reads what getConversation and getCustomer read', async () => {
      if (!store.conversationWithCustomer) return; // optional fast path
      const { message } = await store.intake({ ...draft('ann', 'hello'), locale: 'es', profile: { name: 'Ann' } });
      const conversation = await store.getConversation(message.conversationId);
      await store.commitTurn({ conversationId: conversation!.id, expectedVersion: 0, state: { step: 2 }, inboundId: message.id, inboundStatus: 'processed', outbound: [] });
      await store.updateProfile(message.customerId, { email: 'ann@example.com' });
      expect(await store.conversationWithCustomer(message.conversationId)).toEqual({
        conversation: await store.getConversation(message.conversationId),
        customer: await store.getCustomer(message.customerId),
      });
      expect((await store.conversationWithCustomer(message.conversationId))?.customer.profile).toEqual({ name: 'Ann', locale: 'es', email: 'ann@example.com' });
      expect(await store.conversationWithCustomer('con_missing')).toBeUndefined();
    });

    test('pendingWithConversation, when offered, reads what pendingInbound and conversationWithCustomer read', async () => {
      if (!store.pendingWithConversation) return; // optional fast path
      const first = await store.intake({ ...draft('ann', 'one'), profile: { name: 'Ann' } });
      await store.intake(draft('ann', 'two'));
      await store.intake(draft('bob', 'elsewhere'));
      const id = first.message.conversationId;
      const expected = async () => ({
        conversation: await store.getConversation(id),
        customer: await store.getCustomer(first.message.customerId),
        pending: await store.pendingInbound(id),
      });
      const both = await store.pendingWithConversation(id);
      expect(both?.pending.map((m) => m.text)).toEqual(['one', 'two']);
      expect(both).toEqual(await expected());
      // With nothing pending: the conversation alone.
      for (const m of both!.pending) {
        const version = (await store.getConversation(id))!.version;
        await store.commitTurn({ conversationId: id, expectedVersion: version, state: { n: version }, inboundId: m.id, inboundStatus: 'processed', outbound: [] });
      }
      const none = await store.pendingWithConversation(id);
      expect(none?.pending).toEqual([]);
      expect(none).toEqual(await expected());
      expect(none?.conversation.state).toEqual({ n: 1 });
      expect(await store.pendingWithConversation('con_missing')).toBeUndefined();
    });

    test('a second message from the same address joins the same conversation', async () => {
      const a = await store.intake(draft('ann', 'one'));
      const b = await store.intake(draft('ann', 'two'));
      expect(b.message.conversationId).toBe(a.message.conversationId);
      expect((await store.pendingInbound(a.message.conversationId)).map((m) => m.text)).toEqual(['one', 'two']);
    });

    test('a repeated channel message id is a duplicate and is not stored again', async () => {
      const a = await store.intake(draft('ann', 'hello', 'c-1'));
      const b = await store.intake(draft('ann', 'hello again', 'c-1'));
      expect(b.duplicate).toBe(true);
      expect(b.message.id).toBe(a.message.id);
      expect(await store.listMessages({ conversationId: a.message.conversationId })).toHaveLength(1);
      // The same id from another address is another message.
      const c = await store.intake(draft('bob', 'hello', 'c-1'));
      expect(c.duplicate).toBe(false);
    });

    test('commitTurn stores state, replies and the inbound status atomically, with optimistic versions', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const out = pendingReply(message, 'hi there');
      await store.commitTurn({
        conversationId: message.conversationId,
        expectedVersion: 0,
        state: { step: 1 },
        inboundId: message.id,
        inboundStatus: 'processed',
        inboundMetadata: { intent: 'greet' },
        outbound: [out],
      });
      const conversation = await store.getConversation(message.conversationId);
      expect(conversation).toMatchObject({ version: 1, state: { step: 1 } });
      expect(await store.getMessage(message.id)).toMatchObject({ status: 'processed', metadata: { intent: 'greet' } });
      expect((await store.repliesTo(message.id)).map((m) => m.text)).toEqual(['hi there']);
      expect(await store.pendingInbound(message.conversationId)).toEqual([]);

      // A stale version writes nothing at all.
      const second = await store.intake(draft('ann', 'again'));
      await expect(
        store.commitTurn({
          conversationId: message.conversationId,
          expectedVersion: 0,
          state: { step: 99 },
          inboundId: second.message.id,
          inboundStatus: 'processed',
          outbound: [pendingReply(second.message, 'lost')],
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.getConversation(message.conversationId))?.state).toEqual({ step: 1 });
      expect(await store.repliesTo(second.message.id)).toEqual([]);
      expect((await store.getMessage(second.message.id))?.status).toBe('pending');
    });

    test('listMessages pages after a message id, by conversation or by customer', async () => {
      const ids: string[] = [];
      for (const text of ['a', 'b', 'c', 'd']) ids.push((await store.intake(draft('ann', text))).message.id);
      const first = (await store.getMessage(ids[0]))!;
      expect((await store.listMessages({ conversationId: first.conversationId })).map((m) => m.text)).toEqual(['a', 'b', 'c', 'd']);
      expect((await store.listMessages({ customerId: first.customerId, after: ids[1] })).map((m) => m.text)).toEqual(['c', 'd']);
      expect((await store.listMessages({ customerId: first.customerId, after: ids[3] })).map((m) => m.text)).toEqual([]);
      expect((await store.listMessages({ customerId: first.customerId, limit: 2 })).map((m) => m.text)).toEqual(['a', 'b']);
    });

    test('outbound messages are claimed once, leased, retried and marked', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const out = pendingReply(message, 'hi');
      await answer(message, [out]);
      const now = Date.now();
      const claimed = await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
      expect(claimed.map((m) => m.id)).toEqual([out.id]);
      expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1 });
      // Leased: nobody else gets it until the lease runs out.
      expect(await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 })).toEqual([]);
      expect((await store.claimOutbound({ now: now + 1001, leaseUntil: now + 2000, limit: 10 })).map((m) => m.attempts)).toEqual([2]);

      await store.markFailed(out.id, { error: 'HTTP 500', retryAt: now + 5000 });
      expect(await store.claimOutbound({ now: now + 4999, leaseUntil: now + 9000, limit: 10 })).toEqual([]);
      expect(await store.claimOutbound({ now: now + 5000, leaseUntil: now + 9000, limit: 10 })).toHaveLength(1);
      await store.markSent(out.id, { at: now + 5001, channelMessageId: 'SM1', metadata: { segments: 1 } });
      expect(await store.getMessage(out.id)).toMatchObject({ status: 'sent', channelMessageId: 'SM1', sentAt: now + 5001, metadata: { segments: 1 } });
      expect(await store.claimOutbound({ now: now + 99999, leaseUntil: now + 999999, limit: 10 })).toEqual([]);
    });

    test('a delivery attempt is recorded before the send: a claim after a crash sees it; deferrals give the attempt back', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const [a, b] = [pendingReply(message, 'one'), pendingReply(message, 'two')];
      await answer(message, [a, b]);
      const now = Date.now();
      await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
      await Promise.all([store.markAttempt(a.id, now + 10), store.markAttempt(b.id, now + 10)]);
      await store.markAttempt(a.id, now + 20); // a later attempt keeps the first one's time
      // The sender died: whoever claims them next learns an attempt of unknown outcome began.
      const again = await store.claimOutbound({ now: now + 1001, leaseUntil: now + 2000, limit: 10 });
      expect(again.map((m) => [m.text, m.attemptStartedAt, m.attempts])).toEqual([
        ['one', now + 10, 2],
        ['two', now + 10, 2],
      ]);
      // Deferred (a local wait): back in line, the claim's attempt given back, the unknown attempt kept.
      await store.markFailed(a.id, { error: 'paced', retryAt: now + 3000, deferred: true, unresolvedSince: now + 10 });
      expect(await store.getMessage(a.id)).toMatchObject({ status: 'pending', attempts: 1, attemptStartedAt: now + 10 });
      // A provider's answer settles it: the record is cleared.
      await store.markFailed(b.id, { error: 'HTTP 500', retryAt: now + 3000 });
      expect((await store.getMessage(b.id))?.attemptStartedAt).toBeUndefined();
      await store.claimOutbound({ now: now + 3000, leaseUntil: now + 4000, limit: 10 });
      await store.markSent(a.id, { at: now + 3001 });
      expect(await store.getMessage(a.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect((await store.getMessage(a.id))?.attemptStartedAt).toBeUndefined();
    });

    test('an attempt is recorded only by the dispatcher still holding the claim, whose lease it extends', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const out = pendingReply(message, 'hi');
      await answer(message, [out]);
      const now = Date.now();
      const [first] = await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
      expect(first.leaseUntil).toBe(now + 1000);
      // The first dispatcher's lease ran out while the message waited in its queue; another claimed it.
      const [second] = await store.claimOutbound({ now: now + 1001, leaseUntil: now + 2001, limit: 10 });
      expect(await store.markAttempt(out.id, now + 1100, { held: first.leaseUntil, until: now + 5000 })).toBe(false);
      expect((await store.getMessage(out.id))?.attemptStartedAt).toBeUndefined();
      expect(await store.markAttempt(out.id, now + 1100, { held: second.leaseUntil, until: now + 5000 })).toBe(true);
      expect(await store.getMessage(out.id)).toMatchObject({ attemptStartedAt: now + 1100, leaseUntil: now + 5000 });
      expect(await store.claimOutbound({ now: now + 4999, leaseUntil: now + 9000, limit: 10 })).toEqual([]); // the send has its lease
    });

    test('attempts started together are recorded in one go, each only where its claim holds', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const replies = [1, 2, 3].map((n) => pendingReply(message, `reply ${n}`));
      await answer(message, replies);
      const now = Date.now();
      const claimed = await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
      const held = new Map(claimed.map((m) => [m.id, m.leaseUntil]));
      const marked = await Promise.all([
        store.markAttempt(replies[0].id, now + 10, { held: held.get(replies[0].id), until: now + 3000 }),
        store.markAttempt(replies[1].id, now + 10, { held: now + 999, until: now + 3000 }), // a claim it no longer holds
        store.markAttempt(replies[2].id, now + 10),
      ]);
      expect(marked).toEqual([true, false, true]);
      expect((await Promise.all(replies.map((r) => store.getMessage(r.id)))).map((m) => [m?.attemptStartedAt, m?.leaseUntil])).toEqual([
        [now + 10, now + 3000],
        [undefined, now + 1000],
        [now + 10, now + 1000],
      ]);
    });

    test('deliveries confirmed together are each marked sent with their own time, id and metadata', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const replies = [1, 2, 3].map((n) => pendingReply(message, `reply ${n}`));
      const now = Date.now();
      await answer(message, replies);
      await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
      // Called in one go, as the outbox does after a group commit: written as one batch.
      await Promise.all([
        store.markSent(replies[0].id, { at: now + 1, channelMessageId: 'SM1', metadata: { segments: 1 } }),
        store.markSent(replies[1].id, { at: now + 2 }),
        store.markSent(replies[2].id, { at: now + 3, channelMessageId: 'SM3' }),
      ]);
      const [first, second, third] = await Promise.all(replies.map((r) => store.getMessage(r.id)));
      expect(first).toMatchObject({ status: 'sent', sentAt: now + 1, channelMessageId: 'SM1', metadata: { segments: 1 } });
      expect(second).toMatchObject({ status: 'sent', sentAt: now + 2 });
      expect(second?.channelMessageId).toBeUndefined();
      expect(second?.metadata).toBeUndefined();
      expect(third).toMatchObject({ status: 'sent', sentAt: now + 3, channelMessageId: 'SM3' });
      expect(await store.claimOutbound({ now: now + 99999, leaseUntil: now + 999999, limit: 10 })).toEqual([]);
    });

    test('a sent mark whose metadata JSON cannot hold fails alone; the others made with it are written', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const [bad, good] = [pendingReply(message, 'one'), pendingReply(message, 'two')];
      await answer(message, [bad, good]);
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const outcomes = await Promise.allSettled([store.markSent(bad.id, { at: 1, metadata: circular }), store.markSent(good.id, { at: 2 })]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect((await store.getMessage(bad.id))?.status).not.toBe('sent');
      expect(await store.getMessage(good.id)).toMatchObject({ status: 'sent', sentAt: 2 });
    });

    test('a message committed with a lease belongs to the committer until the lease ends', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const out = pendingReply(message, 'hi');
      const now = Date.now();
      await answer(message, [out], { leaseUntil: now + 60_000 });
      expect((await store.getMessage(out.id))?.status).toBe('sending');
      expect(await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 })).toEqual([]);
      expect(await store.claimOutbound({ now: now + 60_001, leaseUntil: now + 70_000, limit: 10 })).toHaveLength(1);
    });

    test('permanent failures and skips are final', async () => {
      const { message } = await store.intake(draft('ann', 'hello'));
      const a = pendingReply(message, 'a');
      const b = { ...pendingReply(message, 'b'), status: 'skipped' as const, error: 'opted out' };
      await store.appendOutbound([a, b]);
      await store.markFailed(a.id, { error: 'invalid number' });
      expect(await store.getMessage(a.id)).toMatchObject({ status: 'failed', error: 'invalid number' });
      expect(await store.getMessage(b.id)).toMatchObject({ status: 'skipped', error: 'opted out' });
      expect(await store.claimOutbound({ now: Date.now() + 1e9, leaseUntil: Date.now() + 2e9, limit: 10 })).toEqual([]);
    });

    test('conversationsWithPending lists conversations with waiting messages, oldest first', async () => {
      const a = await store.intake(draft('ann', 'one'));
      const b = await store.intake(draft('bob', 'two'));
      expect(await store.conversationsWithPending()).toEqual([a.message.conversationId, b.message.conversationId]);
    });

    test('a closed conversation is not reused', async () => {
      const a = await store.intake(draft('ann', 'one'));
      await store.commitTurn({
        conversationId: a.message.conversationId,
        expectedVersion: 0,
        state: {},
        status: 'closed',
        inboundId: a.message.id,
        inboundStatus: 'processed',
        outbound: [],
      });
      const b = await store.intake(draft('ann', 'two'));
      expect(b.message.conversationId).not.toBe(a.message.conversationId);
      expect(b.message.customerId).toBe(a.message.customerId);
      expect((await store.openConversation(a.message.customerId))?.id).toBe(b.message.conversationId);
    });

    test('latestConversation is the most recently updated one, open or closed', async () => {
      const first = await store.intake(draft('ann', 'one'), 1_000);
      const customerId = first.message.customerId;
      expect((await store.latestConversation(customerId))?.id).toBe(first.message.conversationId);
      await store.commitTurn({
        conversationId: first.message.conversationId,
        expectedVersion: 0,
        state: {},
        status: 'closed',
        inboundId: first.message.id,
        inboundStatus: 'processed',
        outbound: [],
      });
      // A newer conversation opened at an earlier time: the closed one was updated last, and wins.
      const second = await store.intake(draft('ann', 'two'), 2_000);
      expect(second.message.conversationId).not.toBe(first.message.conversationId);
      expect(await store.latestConversation(customerId)).toMatchObject({ id: first.message.conversationId, status: 'closed' });
      await new Promise((resolve) => setTimeout(resolve, 5)); // commitTurn stamps the clock's time
      await store.commitTurn({ conversationId: second.message.conversationId, expectedVersion: 0, state: { n: 1 }, inboundId: second.message.id, inboundStatus: 'processed', outbound: [] });
      expect(await store.latestConversation(customerId)).toMatchObject({ id: second.message.conversationId, status: 'open', state: { n: 1 } });
      expect(await store.latestConversation('cus_missing')).toBeUndefined();
    });

    test('lastInbound is the customer’s latest message on any channel, by when it was written; replies do not count', async () => {
      const phone = [{ kind: 'phone' as const, value: '+15550001111' }];
      const sms = await store.intake({ channel: 'sms', address: '+15550001111', text: 'written last', identities: phone, createdAt: 5_000 });
      // Stored after, but written before (a late delivery), on another channel of the same customer.
      const whatsapp = await store.intake({ channel: 'whatsapp', address: '15550001111', text: 'written first', identities: phone, createdAt: 4_000 });
      expect(whatsapp.message.customerId).toBe(sms.message.customerId);
      await store.appendOutbound([{ ...pendingReply(whatsapp.message, 'a reply'), createdAt: 9_000 }]);
      expect(await store.lastInbound(sms.message.customerId)).toMatchObject({ id: sms.message.id, channel: 'sms', address: '+15550001111', direction: 'inbound' });
      expect(await store.lastInbound('cus_missing')).toBeUndefined();
    });

    test('reports read conversations started in a range with their messages, channels by id, and the latest reply', async () => {
      const ann = await store.intake({ ...draft('ann', 'hi'), createdAt: 1_000 });
      await store.appendOutbound([{ ...pendingReply(ann.message, 'hello'), createdAt: 2_000, metadata: { fallback: true } }]);
      const bo = await store.intake({ channel: 'sms', address: '+15550002222', text: 'yo', createdAt: 3_000 });
      const started = await store.conversationsStarted({ from: 0, to: 10_000_000_000_000 });
      const mine = started.filter((c) => c.id === ann.message.conversationId || c.id === bo.message.conversationId);
      expect(mine.map((c) => c.channel)).toEqual(['web', 'sms']);
      expect(mine[0].messages).toEqual([
        { direction: 'inbound', author: 'customer', createdAt: expect.any(Number), metadata: expect.any(Object) },
        { direction: 'outbound', author: 'bot', createdAt: 2_000, metadata: { fallback: true } },
      ]);
      const onSms = await store.conversationsStarted({ from: 0, to: 10_000_000_000_000, channel: 'sms' });
      expect(onSms.map((c) => c.id)).toContain(bo.message.conversationId);
      expect(onSms.map((c) => c.id)).not.toContain(ann.message.conversationId);
      expect(await store.conversationsStarted({ from: 1, to: 2 })).toEqual([]);
      const channels = await store.conversationChannels([ann.message.conversationId, bo.message.conversationId, 'con_missing']);
      expect([...channels]).toEqual(expect.arrayContaining([[ann.message.conversationId, 'web'], [bo.message.conversationId, 'sms']]));
      expect(channels.size).toBe(2);
      expect(await store.lastOutbound(ann.message.customerId)).toMatchObject({ text: 'hello', direction: 'outbound' });
      expect(await store.lastOutbound(bo.message.customerId)).toBeUndefined();
    });

    test('recent messages: the newest of a conversation or a customer, oldest first, of one direction when asked; a stuck inbound is seen', async () => {
      const first = await store.intake({ ...draft('cy', 'one'), createdAt: 1_000 });
      await store.appendOutbound([{ ...pendingReply(first.message, 'reply'), createdAt: 1_500 }]);
      await store.intake({ ...draft('cy', 'two'), createdAt: 2_000 });
      const { conversationId, customerId } = first.message;
      expect((await store.recentMessages({ conversationId, limit: 2 })).map((m) => m.text)).toEqual(['reply', 'two']);
      expect((await store.recentMessages({ customerId, limit: 10, direction: 'inbound' })).map((m) => m.text)).toEqual(['one', 'two']);
      expect(await store.recentMessages({ conversationId: 'con_missing', limit: 5 })).toEqual([]);
      expect(await store.hasStuckInbound(1_001)).toBe(true); // 'one' is still pending
      expect(await store.hasStuckInbound(500)).toBe(false);
    });

    test('profiles merge patches', async () => {
      const { message } = await store.intake({ ...draft('ann', 'hi'), profile: { name: 'Ann' } });
      await store.updateProfile(message.customerId, { email: 'ann@example.com', attributes: { tier: 'gold' } });
      await store.updateProfile(message.customerId, { attributes: { vip: true } });
      expect((await store.getCustomer(message.customerId))?.profile).toEqual({
        name: 'Ann',
        email: 'ann@example.com',
        attributes: { tier: 'gold', vip: true },
      });
    });

    test('concurrent intakes from one new address make one customer and one conversation', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.intake(draft('zoe', `m${i}`, `id-${i % 10}`))));
      expect(new Set(results.map((r) => r.message.customerId)).size).toBe(1);
      expect(new Set(results.map((r) => r.message.conversationId)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(10);
      expect(await store.listMessages({ conversationId: results[0].message.conversationId })).toHaveLength(10);
    });

    test('messages keep their structured parts', async () => {
      const { message } = await store.intake({
        channel: 'sms',
        address: '+15551234567',
        text: 'photo',
        attachments: [{ type: 'image', url: 'https://example.com/a.jpg', mimeType: 'image/jpeg' }],
        payload: 'p',
        thread: 't1',
        locale: 'es',
        channelMessageId: 'SM1',
        raw: { Body: 'photo' },
      });
      expect(await store.getMessage(message.id)).toMatchObject({
        attachments: [{ type: 'image', url: 'https://example.com/a.jpg', mimeType: 'image/jpeg' }],
        payload: 'p',
        thread: 't1',
        locale: 'es',
        channelMessageId: 'SM1',
        raw: { Body: 'photo' },
      });
    });
  });
}
