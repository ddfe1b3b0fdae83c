import type { SqlStore } from '../../core/storage/sql-store';
import type { Handoff } from '../../handoff/model';
import { HandoffRepository } from '../../handoff/repository';
import { handoffMigrations } from '../../handoff/schema';
import { onBothDatabases } from '../support/databases';

/**
 * The handoff module's repository (agents, queues, handoffs, notes), the same on SQLite and
 * PostgreSQL: what the service relies on — one active handoff per conversation, a handoff taken
 * by one agent only, ends that happen once.
 */
/** A unique constraint's refusal, as SQLite and PostgreSQL word it. */
const UNIQUE = expect.stringMatching(/UNIQUE constraint failed|duplicate key value violates unique constraint/);

onBothDatabases('handoff repository contract', handoffMigrations, (open) => {
  let store: SqlStore;
  let repo: HandoffRepository;
  let clock: number;
  beforeEach(async () => {
    store = await open();
    clock = 1_700_000_000_000;
    repo = new HandoffRepository(store.sql, () => clock);
  });
  afterEach(() => store.close());

  const agent = (email: string, role: 'agent' | 'admin' = 'agent') =>
    repo.createAgent({ name: email.split('@')[0], email, passwordHash: `hash-${email}`, role, skills: ['returns'], capacity: 2 });
  /** A waiting handoff of a real conversation (handoffs refer to core's conversations and customers). */
  async function waiting(address: string, extra: Partial<Handoff> = {}): Promise<Handoff> {
    const { message } = await store.intake({ channel: 'web', address, text: 'a person please' });
    return repo.create({
      conversationId: message.conversationId,
      customerId: message.customerId,
      queueId: 'que_default',
      reason: 'customer-request',
      priority: 0,
      requestedAt: clock,
      slaAt: clock + 60_000,
      ...extra,
    });
  }

  test('agents: created offline, found by e-mail whatever its case, updated, counted', async () => {
    const ann = await agent('Ann@Example.com', 'admin');
    expect(ann).toMatchObject({ name: 'Ann', email: 'ann@example.com', role: 'admin', skills: ['returns'], capacity: 2, status: 'offline', idleSince: clock });
    expect(await repo.agentByEmail('ANN@example.com')).toMatchObject({ id: ann.id, passwordHash: 'hash-Ann@Example.com' });
    await repo.updateAgent(ann.id, { name: 'Ann B.', skills: ['returns', 'billing'], status: 'available' });
    expect(await repo.agent(ann.id)).toMatchObject({ name: 'Ann B.', skills: ['returns', 'billing'], status: 'available' });
    await agent('bo@example.com');
    expect(await repo.accountCounts()).toEqual({ agents: 2, admins: 1 });
    // One account per e-mail. (Matched by message: SQLite's error may come from another test file's realm.)
    await expect(agent('ann@example.com')).rejects.toMatchObject({ message: UNIQUE });
    expect(await repo.agent('agt_missing')).toBeUndefined();
  });

  test('a new password ends the agent’s other sessions, keeping the one that changed it', async () => {
    const ann = await agent('ann@example.com');
    for (const token of ['keep', 'other']) {
      await store.sql.run(`INSERT INTO agent_sessions (token_hash, agent_id, csrf, expires_at) VALUES (?, ?, 'c', ?)`, [token, ann.id, clock + 1_000]);
    }
    await repo.setPassword(ann.id, 'new-hash', 'keep');
    expect(await repo.passwordHash(ann.id)).toBe('new-hash');
    expect(await store.sql.all(`SELECT token_hash FROM agent_sessions`)).toEqual([{ token_hash: 'keep' }]);
  });

  test('queues: upserted by id, listed by name, opening hours kept', async () => {
    const hours = { timezone: 'Europe/Berlin', days: { 1: ['09:00-17:00'], 6: [] } };
    const q = await repo.upsertQueue({ name: 'Returns', skills: ['returns'], priority: 1, slaSeconds: 120 });
    await repo.upsertQueue({ id: q.id, name: 'Returns desk', skills: ['returns'], priority: 2, slaSeconds: 60, hours });
    await repo.upsertQueue({ name: 'Billing', skills: [], priority: 0, slaSeconds: 300 });
    expect((await repo.queues()).map((x) => x.name)).toEqual(['Billing', 'Returns desk']);
    expect(await repo.queue(q.id)).toEqual({ id: q.id, name: 'Returns desk', skills: ['returns'], priority: 2, slaSeconds: 60, hours });
    expect(await repo.queue('que_missing')).toBeUndefined();
  });

  test('one active handoff per conversation; the latest is found whatever its state', async () => {
    const h = await waiting('ann', { note: 'wants a refund', language: 'de', topic: 'returns' });
    expect(await repo.get(h.id)).toMatchObject({ status: 'waiting', note: 'wants a refund', language: 'de', topic: 'returns', slaAt: clock + 60_000 });
    expect(await repo.active(h.conversationId)).toMatchObject({ id: h.id });
    await expect(repo.create({ ...h, requestedAt: clock + 1 })).rejects.toMatchObject({ message: UNIQUE });
    expect(await repo.hasActiveForCustomer(h.customerId)).toBe(true);
    expect(await repo.finish(h.id, 'resolved', 'resolved', 'continue', clock + 5)).toBe(true);
    expect(await repo.active(h.conversationId)).toBeUndefined();
    expect(await repo.hasActiveForCustomer(h.customerId)).toBe(false);
    expect(await repo.hasAnyForCustomer(h.customerId)).toBe(true);
    const again = await repo.create({ ...h, requestedAt: clock + 10 });
    expect((await repo.latest(h.conversationId))?.id).toBe(again.id);
  });

  test('a waiting handoff is taken by one agent; requeue, transfer and the ends happen once', async () => {
    const [ann, bo] = [await agent('ann@example.com'), await agent('bo@example.com')];
    const h = await waiting('cy');
    expect(await repo.assign(h.id, ann.id, clock + 1)).toBe(true);
    expect(await repo.assign(h.id, bo.id, clock + 2)).toBe(false);
    expect(await repo.get(h.id)).toMatchObject({ status: 'assigned', agentId: ann.id, assignedAt: clock + 1 });
    expect((await repo.agents()).map((a) => [a.email, a.load])).toEqual([['ann@example.com', 1], ['bo@example.com', 0]]);
    expect(await repo.transferTo(h.id, bo.id, clock + 3)).toBe(true);
    expect(await repo.list({ agentId: bo.id })).toEqual([expect.objectContaining({ id: h.id })]);
    expect(await repo.requeue(h.id, 'que_other')).toBe(true);
    expect(await repo.get(h.id)).toMatchObject({ status: 'waiting', queueId: 'que_other' });
    expect((await repo.get(h.id))?.agentId).toBeUndefined();
    // A late callback never ends an agent's chat; a waiting one ends once.
    await repo.assign(h.id, ann.id, clock + 4);
    expect(await repo.finishWaiting(h.id, 'resolved', 'callback', clock + 5)).toBe(false);
    expect(await repo.finish(h.id, 'resolved', 'resolved', 'end', clock + 6)).toBe(true);
    expect(await repo.finish(h.id, 'abandoned', 'cancelled', undefined, clock + 7)).toBe(false);
    expect(await repo.requeue(h.id)).toBe(false);
    expect(await repo.get(h.id)).toMatchObject({ status: 'resolved', outcome: 'resolved', resume: 'end', resolvedAt: clock + 6 });
    await repo.clearResume(h.id);
    expect((await repo.get(h.id))?.resume).toBeUndefined();
  });

  test('one-time marks, notices, ratings, notes and the figures staffing reads', async () => {
    const ann = await agent('ann@example.com');
    const a = await waiting('dee', { reason: 'low-confidence' });
    const b = await waiting('eve');
    expect(await repo.markOutcome(a.id, 'sla-notice')).toBe(true);
    expect(await repo.markOutcome(a.id, 'sla-notice')).toBe(false);
    expect(await repo.lastNotice(b.id)).toBeUndefined();
    await repo.touchNotice(b.id, clock + 9);
    expect(await repo.lastNotice(b.id)).toBe(clock + 9);
    await repo.setCsat(b.id, 4);
    await repo.addNote(b, ann.id, 'called back');
    clock += 1;
    await repo.addNote(b, ann.id, 'sorted');
    expect(await repo.notes(b.id)).toEqual([
      { agentId: ann.id, text: 'called back', at: clock - 1 },
      { agentId: ann.id, text: 'sorted', at: clock },
    ]);
    expect(await repo.countByReason()).toEqual({ 'low-confidence': 1, 'customer-request': 1 });
    expect(await repo.countByCsat()).toEqual({ 4: 1 });
    expect(await repo.requestTimes()).toEqual([a.requestedAt, b.requestedAt]);
    expect((await repo.list({ status: ['waiting'] })).map((h) => h.id).sort()).toEqual([a.id, b.id].sort());
  });
});
