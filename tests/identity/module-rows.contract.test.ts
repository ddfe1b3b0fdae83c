import type { SqlStore } from '../../core/storage/sql-store';
import { mergeCustomers, unmergeCustomers } from '../../identity/merge';
import { customerDataOf } from '../../server/customer-data';
import { defaultModules } from '../../server/modules';
import { onBothDatabases } from '../support/databases';
import { mergeTrap } from './support';

/**
 * A merge moves every module's rows about the merged-away customer through the merge hook the
 * module declares (`CustomerData.merge`), and an unmerge moves exactly those rows back: checked
 * here with a row in every table a hook of the default app moves, on SQLite and PostgreSQL.
 */
const modules = defaultModules();
const customerData = customerDataOf(modules);
const hookedTables = customerData.flatMap((d) => d.merge?.tables ?? []);

/** Whose row it is: the customer, their conversation, and the label that marks their rows. */
interface Owner {
  customer: string;
  conversation: string;
  label: string;
}

/** The value that marks `owner`'s row in `table` (in the table's `mark` column). */
const markOf = (table: string, owner: Owner) => `${table}:${owner.label}`;

/**
 * One row about an owner for each table a merge hook moves: the INSERT, and the column holding
 * the row's mark. In the order they are written (a row before the rows that refer to it).
 */
const ROWS: Record<string, { mark: string; insert: (o: Owner, mark: string) => [sql: string, params: unknown[]] }> = {
  identities: { mark: 'value', insert: (o, mark) => [`INSERT INTO identities (kind, value, customer_id, created_at) VALUES ('email', ?, ?, 1)`, [mark, o.customer]] },
  identity_audit: { mark: 'id', insert: (o, mark) => [`INSERT INTO identity_audit (id, at, actor, action, customer_id, details) VALUES (?, 1, 'test', 'link', ?, '{}')`, [mark, o.customer]] },
  link_codes: { mark: 'id', insert: (o, mark) => [`INSERT INTO link_codes (id, customer_id, code_hash, expires_at, created_at) VALUES (?, ?, 'hash', 1, 1)`, [mark, o.customer]] },
  link_failures: { mark: 'client_hash', insert: (o, mark) => [`INSERT INTO link_failures (customer_id, at, client_hash) VALUES (?, 1, ?)`, [o.customer, mark]] },
  journey_events: {
    mark: 'id',
    insert: (o, mark) => [`INSERT INTO journey_events (id, customer_id, type, properties, source, at, created_at) VALUES (?, ?, 'page_view', '{}', 'web', 1, 1)`, [mark, o.customer]],
  },
  journey_jobs: {
    mark: 'id',
    insert: (o, mark) => [`INSERT INTO journey_jobs (id, customer_id, rule, event_id, trigger_at, due_at, status, updated_at) VALUES (?, ?, 'r', 'e', 1, 1, 'done', 1)`, [mark, o.customer]],
  },
  journey_decisions: {
    mark: 'id',
    insert: (o, mark) => [`INSERT INTO journey_decisions (id, customer_id, rule, job_id, decision, reason, at) VALUES (?, ?, 'r', 'j', 'sent', 'ok', 1)`, [mark, o.customer]],
  },
  media: {
    mark: 'id',
    insert: (o, mark) => [`INSERT INTO media (id, conversation_id, customer_id, mime_type, size, created_at) VALUES (?, ?, ?, 'image/png', 1, 1)`, [mark, o.conversation, o.customer]],
  },
  kb_evidence: {
    mark: 'id',
    insert: (o, mark) => [
      `INSERT INTO kb_evidence (id, customer_id, conversation_id, question, locale, article_id, article_locale, helpful, source, status, created_at)
       VALUES (?, ?, ?, 'q', 'en', 'a', 'en', 1, 'feedback', 'active', 1)`,
      [mark, o.customer, o.conversation],
    ],
  },
  survey_runs: {
    mark: 'id',
    insert: (o, mark) => [
      `INSERT INTO survey_runs (id, survey_id, customer_id, conversation_id, source, question, retries, status, sent_at) VALUES (?, 's', ?, ?, ?, 0, 0, 'done', 1)`,
      [mark, o.customer, o.conversation, mark],
    ],
  },
  survey_answers: {
    mark: 'question_id',
    insert: (o, mark) => [
      `INSERT INTO survey_answers (run_id, survey_id, question_id, customer_id, channel, answered_at) VALUES (?, 's', ?, ?, 'web', 1)`,
      [markOf('survey_runs', o), mark, o.customer],
    ],
  },
  handoffs: {
    mark: 'id',
    insert: (o, mark) => [
      `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, sla_at) VALUES (?, ?, ?, 'q', 'resolved', 'asked', 0, 1, 1)`,
      [mark, o.conversation, o.customer],
    ],
  },
  handoff_notes: {
    mark: 'id',
    insert: (o, mark) => [`INSERT INTO handoff_notes (id, handoff_id, customer_id, agent_id, text, at) VALUES (?, ?, ?, 'agent', 'note', 1)`, [mark, markOf('handoffs', o), o.customer]],
  },
  handoff_callbacks: {
    mark: 'id',
    insert: (o, mark) => [
      `INSERT INTO handoff_callbacks (id, conversation_id, customer_id, queue_id, status, due_at, created_at) VALUES (?, ?, ?, 'q', 'done', 1, 1)`,
      [mark, o.conversation, o.customer],
    ],
  },
  catalog_orders: {
    mark: 'id',
    insert: (o, mark) => [
      `INSERT INTO catalog_orders (id, customer_id, items, total_amount, currency, status, placed_at, receipt_status, updated_at) VALUES (?, ?, '[]', 1, 'EUR', 'placed', 1, 'sent', 1)`,
      [mark, o.customer],
    ],
  },
  analytics_csat: {
    mark: 'channel',
    insert: (o, mark) => [`INSERT INTO analytics_csat (conversation_id, customer_id, score, channel, answered_at) VALUES (?, ?, 5, ?, 1)`, [o.conversation, o.customer, mark]],
  },
  analytics_survey_scores: {
    mark: 'survey_id',
    insert: (o, mark) => [
      `INSERT INTO analytics_survey_scores (survey_id, question_id, conversation_id, customer_id, type, score, channel, answered_at) VALUES (?, 'q', ?, ?, 'nps', 9, 'web', 1)`,
      [mark, o.conversation, o.customer],
    ],
  },
};

test('the fixture has a row for every table a merge hook of the default app moves', () => {
  expect(Object.keys(ROWS).sort()).toEqual([...hookedTables].sort());
});

onBothDatabases(
  'merge hooks of every module',
  modules.flatMap((m) => m.migrations ?? []),
  (open) => {
    let store: SqlStore;
    let ann: Owner;
    let bo: Owner;
    beforeEach(async () => {
      store = await open();
      const owner = async (address: string, label: string): Promise<Owner> => {
        const { message } = await store.intake({ channel: 'web', address, text: 'hi' });
        return { customer: message.customerId, conversation: message.conversationId, label };
      };
      ann = await owner('ann', 'ann');
      bo = await owner('bo', 'bo');
      for (const who of [ann, bo]) {
        for (const [table, row] of Object.entries(ROWS)) await store.sql.run(...row.insert(who, markOf(table, who)));
      }
    });
    afterEach(() => store.close());

    /** Whose each table's row marked for `who` is, by table. */
    const holders = async (who: Owner): Promise<Record<string, unknown>> => {
      const found: Record<string, unknown> = {};
      for (const [table, { mark }] of Object.entries(ROWS)) {
        found[table] = (await store.sql.get<{ customer_id: string }>(`SELECT customer_id FROM ${table} WHERE ${mark} = ?`, [markOf(table, who)]))?.customer_id;
      }
      return found;
    };
    const everyTable = (customer: string) => Object.fromEntries(Object.keys(ROWS).map((table) => [table, customer]));

    test("a merge moves the source's row in every module table to the target; an unmerge moves exactly those back", async () => {
      const entry = await mergeCustomers(store.sql, ann.customer, bo.customer, 'test', customerData);
      expect(await holders(ann)).toEqual(everyTable(bo.customer));
      expect(await holders(bo)).toEqual(everyTable(bo.customer));

      await unmergeCustomers(store.sql, entry.id, 'test', customerData);
      expect(await holders(ann)).toEqual(everyTable(ann.customer));
      expect(await holders(bo)).toEqual(everyTable(bo.customer));
    });

    test('rows the target got after the merge stay with the target when it is undone', async () => {
      const entry = await mergeCustomers(store.sql, ann.customer, bo.customer, 'test', customerData);
      const later: Owner = { ...bo, label: 'later' };
      await store.sql.run(...ROWS.journey_events.insert(later, markOf('journey_events', later)));
      await unmergeCustomers(store.sql, entry.id, 'test', customerData);
      expect((await holders(later)).journey_events).toBe(bo.customer);
    });

    test("a hook that fails after the modules' hooks ran leaves every module's rows with their customer", async () => {
      // Listed after every module's declaration, so its hook runs after theirs: it refuses Bo.
      const trap = await mergeTrap(store.sql, ann.customer, bo.customer);

      await expect(mergeCustomers(store.sql, ann.customer, bo.customer, 'test', [...customerData, trap])).rejects.toMatchObject({
        message: expect.stringMatching(/check constraint/i),
      });
      expect(await holders(ann)).toEqual(everyTable(ann.customer));
      expect(await store.sql.get(`SELECT merged_into FROM customers WHERE id = ?`, [ann.customer])).toEqual({ merged_into: null });
    });
  },
);
