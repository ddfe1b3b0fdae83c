import { placeholders, type Row, type SqlDriver } from './storage/sql';

/**
 * Who a privacy request is about, gathered once by core before any declaration runs, so a
 * module's table keyed by a phone number or a conversation (not by `customer_id`) is still found
 * after core has let go of the customer's addresses.
 */
export interface CustomerSubject {
  /** The transaction (erasure) or the driver (export) every declaration uses. */
  sql: SqlDriver;
  /** The customer and every customer merged into them. */
  customerIds: string[];
  /** Every conversation of those customers. */
  conversationIds: string[];
  /** Every channel address of those customers. */
  addresses: Array<{ channel: string; address: string }>;
  /**
   * A keyed hash (HMAC-SHA256 with the instance's privacy key) of `value`: for what must still be
   * recognised after erasure without being kept in clear (a number that sent STOP).
   */
  keyedHash(value: string): string;
}

/**
 * What one module stores about a customer, declared by the module that owns the tables: export
 * and erasure ask every declaration instead of guessing tables by a column name (a table keyed by
 * a phone number or a conversation has no `customer_id`, and would otherwise be missed).
 */
export interface CustomerData {
  /** Who declares it, for errors and reviews (`knowledge.questions`, `channels.sms.consent`…). */
  name: string;
  /**
   * The tables it reads and erases. A declaration whose tables do not exist is skipped: their
   * module never ran here (a channel never configured), so it stored nothing.
   */
  tables: string[];
  /** Every row about the subject, by table name. */
  export(subject: CustomerSubject): Promise<Record<string, Row[]>>;
  /** Removes (or anonymises, where something must outlive the customer) every row about the subject. */
  erase(subject: CustomerSubject): Promise<void>;
  /**
   * How its rows follow the customer when two customers are merged, for a declaration whose
   * tables name a customer (`customer_id`); absent when its rows follow something core moves
   * itself (an address, a conversation). Identity calls every declaration's hooks; it never
   * looks for tables in the schema.
   */
  merge?: MergeHooks;
}

/** Two customers being merged, or a merge being undone. */
export interface CustomerMerge {
  /** The merge's transaction: every module's rows move with core's and identity's, all or nothing. */
  sql: SqlDriver;
  /** The customer merged away (left as a stub pointing at the target). */
  source: string;
  /** The customer who remains. */
  target: string;
}

/** What one declaration's merge moved: by table, the key columns of each row it moved. */
export type MovedRows = Record<string, Row[]>;

/**
 * A declaration's part in merging two customers. What `move` returns is kept in the merge's audit
 * record, so `moveBack` undoes exactly that merge.
 */
export interface MergeHooks {
  /** The tables whose rows it moves: every table of its module with a `customer_id` column. */
  tables: string[];
  /** Moves the source's rows to the target; returns what moved. */
  move(merge: CustomerMerge): Promise<MovedRows>;
  /** Moves back to the source the rows `move` moved; rows the target had before, or got since, stay. */
  moveBack(merge: CustomerMerge, moved: MovedRows): Promise<void>;
}

/** A condition on a table's rows about the subject: SQL with `?` placeholders, and their values. */
export type SubjectRows = (subject: CustomerSubject) => { where: string; params: unknown[] };

/**
 * The common declaration: rows of each table chosen by a condition, exported as they are and
 * deleted. `tables` are erased in the order given (children before parents).
 */
export function rowsAbout(name: string, tables: Array<[table: string, rows: SubjectRows]>): CustomerData {
  return {
    name,
    tables: tables.map(([table]) => table),
    async export(subject) {
      const out: Record<string, Row[]> = {};
      for (const [table, rows] of tables) {
        const { where, params } = rows(subject);
        out[table] = params.length ? await subject.sql.all(`SELECT * FROM ${table} WHERE ${where}`, params) : [];
      }
      return out;
    },
    async erase(subject) {
      for (const [table, rows] of tables) {
        const { where, params } = rows(subject);
        if (params.length) await subject.sql.run(`DELETE FROM ${table} WHERE ${where}`, params);
      }
    },
  };
}

/** Rows whose `column` is one of `values` (none when `values` is empty). */
export function columnIn(column: string, values: (subject: CustomerSubject) => unknown[]): SubjectRows {
  return (subject) => {
    const params = values(subject);
    return { where: `${column} IN (${placeholders(params)})`, params };
  };
}

/** Rows of the subject's customers (`customer_id` by default). */
export const ofCustomers = (column = 'customer_id'): SubjectRows => columnIn(column, (s) => s.customerIds);

/** Rows of the subject's conversations (`conversation_id` by default). */
export const ofConversations = (column = 'conversation_id'): SubjectRows => columnIn(column, (s) => s.conversationIds);

/** The subject's addresses on `channel`. */
export function addressesOn(subject: CustomerSubject, channel: string): string[] {
  return subject.addresses.filter((a) => a.channel === channel).map((a) => a.address);
}

/**
 * The common merge hooks: in each table, the rows whose `customer_id` is the source's move to the
 * target. `key` names the columns that tell the table's rows apart (its primary key, or what
 * identifies a row when it has none); the moved rows' keys are what an unmerge moves back.
 */
export function movesCustomerRows(tables: Array<[table: string, key: string[]]>): MergeHooks {
  return {
    tables: tables.map(([table]) => table),
    async move({ sql, source, target }) {
      const moved: MovedRows = {};
      for (const [table, key] of tables) {
        moved[table] = await sql.all(`SELECT ${key.join(', ')} FROM ${table} WHERE customer_id = ?`, [source]);
        if (moved[table].length) await sql.run(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`, [target, source]);
      }
      return moved;
    },
    async moveBack({ sql, source, target }, moved) {
      for (const [table, key] of tables) {
        for (const row of moved[table] ?? []) {
          const { where, params } = sameKey(key, row);
          await sql.run(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ? AND ${where}`, [source, target, ...params]);
        }
      }
    },
  };
}

/** The rows whose `key` columns hold `row`'s values (a missing value matches `NULL`). */
function sameKey(key: string[], row: Row): { where: string; params: unknown[] } {
  const given = (column: string) => row[column] !== null && row[column] !== undefined;
  return {
    where: key.map((column) => (given(column) ? `${column} = ?` : `${column} IS NULL`)).join(' AND '),
    params: key.filter(given).map((column) => row[column]),
  };
}
