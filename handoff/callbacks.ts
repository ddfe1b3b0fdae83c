import { newId } from '../core/ids';
import { placeholders, type Row, type SqlDriver } from '../core/storage/sql';

/**
 * Where a promised callback stands: `scheduled` (waiting for its time and a skilled agent),
 * `assigned` (an agent has it, as a conversation in their console), then how it ended: `done`,
 * `no-answer` (the customer did not reply), `cancelled`, or `superseded` (the customer was already
 * talking to a person again when it came due).
 */
export type CallbackStatus = 'scheduled' | 'assigned' | CallbackOutcome | 'superseded';

/** How an agent records a callback they made. */
export type CallbackOutcome = 'done' | 'no-answer' | 'cancelled';

/** A follow-up the team promised a customer ("reply CALLBACK and we'll get back to you"). */
export interface Callback {
  id: string;
  conversationId: string;
  customerId: string;
  queueId: string;
  /** The handoff the customer stopped waiting in. */
  originHandoffId?: string;
  /** The handoff that carries the callback to an agent, once assigned. */
  handoffId?: string;
  status: CallbackStatus;
  /** Not before: now, the time the customer chose, or the queue's next opening. */
  dueAt: number;
  agentId?: string;
  createdAt: number;
  closedAt?: number;
}

/**
 * The callbacks table. It is the durable fact: the scheduler's job only wakes an instance at the
 * due time, and after a restart `recover` schedules again from here.
 */
export class CallbackRepository {
  constructor(
    private readonly sql: SqlDriver,
    private readonly now: () => number,
  ) {}

  async create(c: Pick<Callback, 'conversationId' | 'customerId' | 'queueId' | 'originHandoffId' | 'dueAt'>): Promise<Callback> {
    const callback: Callback = { ...c, id: newId('cbk_'), status: 'scheduled', createdAt: this.now() };
    await this.sql.run(
      `INSERT INTO handoff_callbacks (id, conversation_id, customer_id, queue_id, origin_handoff_id, status, due_at, created_at) VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?)`,
      [callback.id, c.conversationId, c.customerId, c.queueId, c.originHandoffId ?? null, c.dueAt, callback.createdAt],
    );
    return callback;
  }

  async get(id: string): Promise<Callback | undefined> {
    const row = await this.sql.get(`SELECT * FROM handoff_callbacks WHERE id = ?`, [id]);
    return row && toCallback(row);
  }

  /** The callback an agent handles through `handoffId`, if that handoff carries one. */
  async byHandoff(handoffId: string): Promise<Callback | undefined> {
    const row = await this.sql.get(`SELECT * FROM handoff_callbacks WHERE handoff_id = ?`, [handoffId]);
    return row && toCallback(row);
  }

  /** Callbacks in these states, the earliest due first. */
  async list(status: CallbackStatus[]): Promise<Callback[]> {
    const rows = await this.sql.all(`SELECT * FROM handoff_callbacks WHERE status IN (${placeholders(status)}) ORDER BY due_at, id`, status);
    return rows.map(toCallback);
  }

  /** Gives a scheduled callback to an agent through a handoff; false when another instance did. */
  async assign(id: string, handoffId: string, agentId: string): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoff_callbacks SET status = 'assigned', handoff_id = ?, agent_id = ? WHERE id = ? AND status = 'scheduled'`, [handoffId, agentId, id]);
    return done.changes === 1;
  }

  /** Records how a callback ended; false when it had ended already. */
  async close(id: string, status: CallbackOutcome | 'superseded'): Promise<boolean> {
    const done = await this.sql.run(`UPDATE handoff_callbacks SET status = ?, closed_at = ? WHERE id = ? AND status IN ('scheduled', 'assigned')`, [status, this.now(), id]);
    return done.changes === 1;
  }
}

function toCallback(r: Row): Callback {
  const c: Callback = {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    customerId: String(r.customer_id),
    queueId: String(r.queue_id),
    status: r.status as CallbackStatus,
    dueAt: Number(r.due_at),
    createdAt: Number(r.created_at),
  };
  if (r.origin_handoff_id) c.originHandoffId = String(r.origin_handoff_id);
  if (r.handoff_id) c.handoffId = String(r.handoff_id);
  if (r.agent_id) c.agentId = String(r.agent_id);
  if (r.closed_at != null) c.closedAt = Number(r.closed_at);
  return c;
}
