import type { Migration } from '../core/storage/sql';

/** The handoff module's tables: agents and their sessions, queues, handoffs and notes. */
export const handoffMigrations: Migration[] = [
  {
    id: 'handoff/001-initial',
    sql: `
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  skills TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  status TEXT NOT NULL,
  idle_since BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents(id),
  csrf TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE queues (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  skills TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  sla_seconds INTEGER NOT NULL,
  hours TEXT
);
CREATE TABLE handoffs (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  queue_id TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  note TEXT,
  language TEXT,
  topic TEXT,
  priority INTEGER NOT NULL,
  agent_id TEXT,
  requested_at BIGINT NOT NULL,
  assigned_at BIGINT,
  resolved_at BIGINT,
  sla_at BIGINT NOT NULL,
  outcome TEXT,
  resume TEXT,
  csat INTEGER,
  last_notice_at BIGINT
);
CREATE UNIQUE INDEX handoffs_one_active ON handoffs (conversation_id) WHERE status IN ('waiting', 'assigned');
CREATE INDEX handoffs_waiting ON handoffs (status, priority, requested_at);
CREATE INDEX handoffs_agent ON handoffs (agent_id, status);
CREATE TABLE handoff_notes (
  id TEXT PRIMARY KEY,
  handoff_id TEXT NOT NULL REFERENCES handoffs(id),
  customer_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  text TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE TABLE canned_responses (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  locale TEXT
);
`,
  },
  {
    // The handoff middleware reads a conversation's latest handoff on every turn.
    id: 'handoff/002-conversation-index',
    sql: `CREATE INDEX handoffs_conversation ON handoffs (conversation_id, requested_at);`,
  },
  {
    // Callbacks promised to customers: the durable fact behind the scheduler's wake-up job.
    id: 'handoff/003-callbacks',
    sql: `
CREATE TABLE handoff_callbacks (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  origin_handoff_id TEXT,
  handoff_id TEXT,
  status TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  agent_id TEXT,
  created_at BIGINT NOT NULL,
  closed_at BIGINT
);
CREATE INDEX handoff_callbacks_status ON handoff_callbacks (status, due_at);
CREATE INDEX handoff_callbacks_handoff ON handoff_callbacks (handoff_id);
`,
  },
  {
    // Nothing ever read or wrote canned_responses: the console's canned replies are its own list,
    // the one source until they become texts. The empty table goes.
    id: 'handoff/004-drop-canned-responses',
    sql: `DROP TABLE IF EXISTS canned_responses;`,
  },
];
