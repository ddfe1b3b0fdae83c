import { privacyKeyMigrations } from '../identity/schema';
import { schedulerMigrations } from './scheduler';
import type { Migration } from './sql';

/** The core tables: customers, their addresses, conversations and the message log (which is also the outbox). */
export const coreMigrations: Migration[] = [
  {
    id: 'core/001-initial',
    sql: {
      sqlite: schema('INTEGER PRIMARY KEY AUTOINCREMENT'),
      postgres: schema('BIGSERIAL PRIMARY KEY'),
    },
  },
  {
    // A customer merged into another stays as a stub pointing at the survivor (so a merge can be
    // undone). The identity module's tables came with it in `core/002-identity` until they moved
    // to that module (`identity/schema.ts`): a database made then has this column already.
    id: 'core/002-merged-into',
    replaces: ['core/002-identity'],
    sql: `ALTER TABLE customers ADD COLUMN merged_into TEXT;`,
  },
  {
    // A turn appends two messages; every index on `messages` costs a page written per turn at commit.
    // `(customer_id, seq)` was the costliest (its entries scatter across customers): a customer's
    // messages are found through their conversations instead (`messagesOfCustomer`), and
    // conversations get the customer index they lacked (the open one only had a partial one).
    id: 'core/003-messages-by-conversation',
    sql: `
DROP INDEX messages_customer;
CREATE INDEX conversations_customer ON conversations (customer_id);
`,
  },
  {
    // When a delivery attempt whose outcome is not known yet started: written (its own commit)
    // before the provider is called, cleared once the outcome is recorded. A message claimed again
    // with it set was in flight when its sender died, and is not resent blindly (see core/outbox.ts).
    id: 'core/004-delivery-attempts',
    sql: `ALTER TABLE messages ADD COLUMN attempt_at BIGINT;`,
  },
  ...privacyKeyMigrations,
  ...schedulerMigrations,
];

/**
 * The SQL condition on `messages` that selects every message of the customers bound to the
 * placeholders (`?` by default): through their conversations, which the conversation index serves.
 * A message always belongs to its conversation's customer (merges move both together).
 */
export function messagesOfCustomer(placeholders = '?'): string {
  return `conversation_id IN (SELECT id FROM conversations WHERE customer_id IN (${placeholders}))`;
}

function schema(serial: string): string {
  return `
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  profile TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE addresses (
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  verified INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (channel, address)
);
CREATE INDEX addresses_customer ON addresses (customer_id);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX conversations_one_open ON conversations (customer_id) WHERE status = 'open';
CREATE TABLE messages (
  seq ${serial},
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  direction TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT,
  body TEXT,
  metadata TEXT,
  locale TEXT,
  channel_message_id TEXT,
  in_reply_to TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  next_attempt_at BIGINT,
  lease_until BIGINT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE UNIQUE INDEX messages_inbound_dedupe ON messages (channel, address, channel_message_id)
  WHERE direction = 'inbound' AND channel_message_id IS NOT NULL;
CREATE INDEX messages_conversation ON messages (conversation_id, seq);
CREATE INDEX messages_customer ON messages (customer_id, seq);
CREATE INDEX messages_pending_inbound ON messages (conversation_id, seq) WHERE direction = 'inbound' AND status = 'pending';
CREATE INDEX messages_outbox ON messages (next_attempt_at) WHERE direction = 'outbound' AND status IN ('pending', 'sending');
CREATE INDEX messages_reply ON messages (in_reply_to) WHERE in_reply_to IS NOT NULL;
`;
}
