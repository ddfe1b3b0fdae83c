import { newId } from '../core/ids';
import { placeholders, type SqlDriver, type Row } from '../core/storage/sql';
import type { Agent, AgentStatus, Handoff, HandoffStatus, OpeningHours, Queue, Role } from './model';
import type { LoadedAgent } from './routing';

/**
 * SQL access for agents, queues, handoffs and notes. `now` is the store's clock (`Store.now`):
 * handoff times (SLA deadlines, idle-since, sessions) are stamped on one instance and compared on
 * another, so all of them read the database's clock.
 */
export class HandoffRepository {
  constructor(
    readonly sql: SqlDriver,
    readonly now: () => number,
  ) {}

  // --- agents
  async createAgent(agent: { name: string; email: string; passwordHash: string; role: Role; skills: string[]; capacity: number }): Promise<Agent> {
    const id = newId('agt_');
    const now = this.now();
    await this.sql.run(
      `INSERT INTO agents (id, name, email, password_hash, role, skills, capacity, status, idle_since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'offline', ?, ?)`,
      [id, agent.name, agent.email.toLowerCase(), agent.passwordHash, agent.role, JSON.stringify(agent.skills), agent.capacity, now, now],
    );
    return (await this.agent(id))!;
  }
  async agent(id: string): Promise<Agent | undefined> {
    const row = await this.sql.get(`SELECT * FROM agents WHERE id = ?`, [id]);
    return row && toAgent(row);
  }
  async agentByEmail(email: string): Promise<(Agent & { passwordHash: string }) | undefined> {
    const row = await this.sql.get(`SELECT * FROM agents WHERE email = ?`, [email.toLowerCase()]);
    return row && { ...toAgent(row), passwordHash: String(row.password_hash) };
  }
  async agents(): Promise<LoadedAgent[]> {
    const rows = await this.sql.all(
      `SELECT a.*, (SELECT COUNT(*) FROM handoffs h WHERE h.agent_id = a.id AND h.status = 'assigned') AS load FROM agents a ORDER BY a.name`,
    );
    return rows.map((r) => ({ ...toAgent(r), load: Number(r.load) }));
  }
  async updateAgent(id: string, patch: Partial<Pick<Agent, 'name' | 'role' | 'skills' | 'capacity' | 'status'>>): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      sets.push(`${key} = ?`);
      params.push(key === 'skills' ? JSON.stringify(value) : value);
    }
    if (sets.length) await this.sql.run(`UPDATE agents SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
  }
  /** The agent's stored password hash, to check their current password before a change. */
  async passwordHash(id: string): Promise<string | undefined> {
    const row = await this.sql.get<{ password_hash: string }>(`SELECT password_hash FROM agents WHERE id = ?`, [id]);
    return row?.password_hash;
  }
  /** Replaces an agent's password hash and ends their other sessions (a changed password should lock out an old one). */
  async setPassword(id: string, passwordHash: string, keepSessionHash?: string): Promise<void> {
    await this.sql.run(`UPDATE agents SET password_hash = ? WHERE id = ?`, [passwordHash, id]);
    await this.sql.run(`DELETE FROM agent_sessions WHERE agent_id = ? AND token_hash <> ?`, [id, keepSessionHash ?? '']);
  }
  /** How many agent accounts exist, and how many are admins: the first-run facts. */
  async accountCounts(): Promise<{ agents: number; admins: number }> {
    const row = await this.sql.get<{ agents: number; admins: number }>(`SELECT COUNT(*) AS agents, COALESCE(SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) AS admins FROM agents`);
    return { agents: Number(row?.agents ?? 0), admins: Number(row?.admins ?? 0) };
  }
  async setStatus(id: string, status: AgentStatus): Promise<void> {
    await this.sql.run(`UPDATE agents SET status = ? WHERE id = ?`, [status, id]);
  }

  // --- queues
  async upsertQueue(queue: Omit<Queue, 'id'> & { id?: string }): Promise<Queue> {
    const id = queue.id ?? newId('que_');
    await this.sql.run(
      `INSERT INTO queues (id, name, skills, priority, sla_seconds, hours) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, skills = excluded.skills, priority = excluded.priority,
         sla_seconds = excluded.sla_seconds, hours = excluded.hours`,
      [id, queue.name, JSON.stringify(queue.skills), queue.priority, queue.slaSeconds, queue.hours ? JSON.stringify(queue.hours) : null],
    );
    return { ...queue, id };
  }
  async queues(): Promise<Queue[]> {
    return (await this.sql.all(`SELECT * FROM queues ORDER BY name`)).map(toQueue);
  }
  async queue(id: string): Promise<Queue | undefined> {
    const row = await this.sql.get(`SELECT * FROM queues WHERE id = ?`, [id]);
    return row && toQueue(row);
  }

  // --- handoffs
  /** A new waiting handoff (with `id` when the caller had to know it first: a callback claims it). */
  async create(h: Omit<Handoff, 'id' | 'status'>, id = newId('hnd_')): Promise<Handoff> {
    const handoff: Handoff = { ...h, id, status: 'waiting' };
    await this.sql.run(
      `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, note, language, topic, priority, requested_at, sla_at)
       VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)`,
      [handoff.id, h.conversationId, h.customerId, h.queueId, h.reason, h.note, h.language, h.topic, h.priority, h.requestedAt, h.slaAt],
    );
    return handoff;
  }
  async get(id: string): Promise<Handoff | undefined> {
    const row = await this.sql.get(`SELECT * FROM handoffs WHERE id = ?`, [id]);
    return row && toHandoff(row);
  }
  /** The conversation's waiting or assigned handoff, if any. */
  async active(conversationId: string): Promise<Handoff | undefined> {
    const row = await this.sql.get(`SELECT * FROM handoffs WHERE conversation_id = ? AND status IN ('waiting', 'assigned')`, [conversationId]);
    return row && toHandoff(row);
  }
  /** Whether one of the customer's conversations has a waiting or assigned handoff. */
  async hasActiveForCustomer(customerId: string): Promise<boolean> {
    return Boolean(await this.sql.get(`SELECT id FROM handoffs WHERE customer_id = ? AND status IN ('waiting', 'assigned') LIMIT 1`, [customerId]));
  }
  /** Whether the customer was ever handed to a person, whatever became of it. */
  async hasAnyForCustomer(customerId: string): Promise<boolean> {
    return Boolean(await this.sql.get(`SELECT id FROM handoffs WHERE customer_id = ? LIMIT 1`, [customerId]));
  }
  /** The conversation's latest handoff, whatever its state. */
  async latest(conversationId: string): Promise<Handoff | undefined> {
    const row = await this.sql.get(`SELECT * FROM handoffs WHERE conversation_id = ? ORDER BY requested_at DESC, id DESC LIMIT 1`, [conversationId]);
    return row && toHandoff(row);
  }
  /** When each handoff was requested (ms), all of them: a staffing forecast's arrivals. */
  async requestTimes(): Promise<number[]> {
    return (await this.sql.all<{ requested_at: number }>(`SELECT requested_at FROM handoffs`)).map((r) => Number(r.requested_at));
  }
  /** How many handoffs there are by reason. */
  async countByReason(): Promise<Record<string, number>> {
    const rows = await this.sql.all<{ reason: string; n: number }>(`SELECT reason, COUNT(*) AS n FROM handoffs GROUP BY reason`);
    return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
  }
  /** How many handoffs customers rated, by score. */
  async countByCsat(): Promise<Record<number, number>> {
    const rows = await this.sql.all<{ csat: number; n: number }>(`SELECT csat, COUNT(*) AS n FROM handoffs WHERE csat IS NOT NULL GROUP BY csat`);
    return Object.fromEntries(rows.map((r) => [Number(r.csat), Number(r.n)]));
  }
  /** Up to `limit` handoffs whose id sorts after `after` (from the first without it), in id order: the history, page by page. */
  async historyPage(after: string | undefined, limit: number): Promise<Handoff[]> {
    const rows =
      after === undefined
        ? await this.sql.all(`SELECT * FROM handoffs ORDER BY id LIMIT ?`, [limit])
        : await this.sql.all(`SELECT * FROM handoffs WHERE id > ? ORDER BY id LIMIT ?`, [after, limit]);
    return rows.map(toHandoff);
  }
  async list(filter: { status?: HandoffStatus[]; agentId?: string } = {}): Promise<Handoff[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status?.length) {
      where.push(`status IN (${placeholders(filter.status)})`);
      params.push(...filter.status);
    }
    if (filter.agentId) {
      where.push(`agent_id = ?`);
      params.push(filter.agentId);
    }
    const rows = await this.sql.all(`SELECT * FROM handoffs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY requested_at`, params);
    return rows.map(toHandoff);
  }
  /** Assigns a waiting handoff; false when someone else took it first. */
  async assign(id: string, agentId: string, now: number): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoffs SET status = 'assigned', agent_id = ?, assigned_at = ? WHERE id = ? AND status = 'waiting'`, [agentId, now, id]);
    if (done.changes) await this.sql.run(`UPDATE agents SET idle_since = ? WHERE id = ?`, [now, agentId]);
    return done.changes === 1;
  }
  /** Puts a handoff back in line (optionally another queue); false when it has ended. */
  async requeue(id: string, queueId?: string): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoffs SET status = 'waiting', agent_id = NULL, assigned_at = NULL, queue_id = COALESCE(?, queue_id) WHERE id = ? AND status IN ('waiting', 'assigned')`, [
      queueId,
      id,
    ]);
    return done.changes === 1;
  }
  /** Gives a handoff to an agent; false when it has ended. */
  async transferTo(id: string, agentId: string, now: number): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoffs SET status = 'assigned', agent_id = ?, assigned_at = ? WHERE id = ? AND status IN ('waiting', 'assigned')`, [agentId, now, id]);
    return done.changes === 1;
  }
  async finish(id: string, status: 'resolved' | 'abandoned', outcome: string, resume: 'continue' | 'end' | undefined, now: number): Promise<boolean> {
    const done = await this.sql.run(
      `UPDATE handoffs SET status = ?, outcome = ?, resume = ?, resolved_at = ? WHERE id = ? AND status IN ('waiting', 'assigned')`,
      [status, outcome, resume, now, id],
    );
    return done.changes === 1;
  }
  /**
   * Ends a handoff that is still waiting (the customer chose a callback or cancelled); false when
   * an agent took it or it ended meanwhile, so a customer's late CALLBACK never ends an agent's chat.
   */
  async finishWaiting(id: string, status: 'resolved' | 'abandoned', outcome: string, now: number): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoffs SET status = ?, outcome = ?, resume = 'continue', resolved_at = ? WHERE id = ? AND status = 'waiting'`, [status, outcome, now, id]);
    return done.changes === 1;
  }
    /** Marks a one-time event on a handoff (SLA notice…): true for the one caller that marks it first. */
  async markOutcome(id: string, outcome: string): Promise<boolean> {
    return (await this.sql.run(`UPDATE handoffs SET outcome = ? WHERE id = ? AND status = 'waiting' AND outcome IS NULL`, [outcome, id])).changes === 1;
  }
  async clearResume(id: string): Promise<void> {
    await this.sql.run(`UPDATE handoffs SET resume = NULL WHERE id = ?`, [id]);
  }
  async setCsat(id: string, score: number): Promise<void> {
    await this.sql.run(`UPDATE handoffs SET csat = ? WHERE id = ?`, [score, id]);
  }
  async touchNotice(id: string, now: number): Promise<void> {
    await this.sql.run(`UPDATE handoffs SET last_notice_at = ? WHERE id = ?`, [now, id]);
  }
  async lastNotice(id: string): Promise<number | undefined> {
    const row = await this.sql.get<{ last_notice_at: number | null }>(`SELECT last_notice_at FROM handoffs WHERE id = ?`, [id]);
    return row?.last_notice_at == null ? undefined : Number(row.last_notice_at);
  }

  // --- notes
  async addNote(handoff: Handoff, agentId: string, text: string): Promise<void> {
    await this.sql.run(`INSERT INTO handoff_notes (id, handoff_id, customer_id, agent_id, text, at) VALUES (?, ?, ?, ?, ?, ?)`, [
      newId('note_'),
      handoff.id,
      handoff.customerId,
      agentId,
      text,
      this.now(),
    ]);
  }
  async notes(handoffId: string): Promise<Array<{ agentId: string; text: string; at: number }>> {
    const rows = await this.sql.all(`SELECT agent_id, text, at FROM handoff_notes WHERE handoff_id = ? ORDER BY at`, [handoffId]);
    return rows.map((r) => ({ agentId: String(r.agent_id), text: String(r.text), at: Number(r.at) }));
  }
}

function toAgent(r: Row): Agent {
  return {
    id: String(r.id),
    name: String(r.name),
    email: String(r.email),
    role: r.role as Role,
    skills: JSON.parse(String(r.skills)),
    capacity: Number(r.capacity),
    status: r.status as AgentStatus,
    idleSince: Number(r.idle_since),
  };
}

function toQueue(r: Row): Queue {
  return {
    id: String(r.id),
    name: String(r.name),
    skills: JSON.parse(String(r.skills)),
    priority: Number(r.priority),
    slaSeconds: Number(r.sla_seconds),
    hours: r.hours ? (JSON.parse(String(r.hours)) as OpeningHours) : undefined,
  };
}

function toHandoff(r: Row): Handoff {
  const h: Handoff = {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    customerId: String(r.customer_id),
    queueId: String(r.queue_id),
    status: r.status as HandoffStatus,
    reason: r.reason as Handoff['reason'],
    priority: Number(r.priority),
    requestedAt: Number(r.requested_at),
    slaAt: Number(r.sla_at),
  };
  if (r.note) h.note = String(r.note);
  if (r.language) h.language = String(r.language);
  if (r.topic) h.topic = String(r.topic);
  if (r.agent_id) h.agentId = String(r.agent_id);
  if (r.assigned_at != null) h.assignedAt = Number(r.assigned_at);
  if (r.resolved_at != null) h.resolvedAt = Number(r.resolved_at);
  if (r.outcome) h.outcome = String(r.outcome);
  if (r.resume) h.resume = r.resume as Handoff['resume'];
  if (r.csat != null) h.csat = Number(r.csat);
  return h;
}
