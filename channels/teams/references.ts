import type { ConversationReference } from 'botbuilder';
import { addressesOn, columnIn, rowsAbout } from '../../core/customer-data';
import { migrate, type Migration, type SqlDriver } from '../../core/storage/sql';

/**
 * Where the Bot Framework conversation references live: the service URL, conversation, bot and
 * user a later proactive send needs. Keyed by the customer's address (the Bot Framework user id),
 * so the outbox can reach a customer minutes or days after they wrote, from any instance.
 */
export interface ReferenceStore {
  get(address: string): Promise<Partial<ConversationReference> | undefined>;
  put(address: string, reference: Partial<ConversationReference>): Promise<void>;
  /** Prepares storage (creates the table). Called once when the channel starts. */
  init?(): Promise<void>;
}

/** References in memory: for tests and single-process development only (lost on restart). */
export class MemoryReferenceStore implements ReferenceStore {
  private readonly references = new Map<string, Partial<ConversationReference>>();

  async get(address: string): Promise<Partial<ConversationReference> | undefined> {
    return this.references.get(address);
  }

  async put(address: string, reference: Partial<ConversationReference>): Promise<void> {
    this.references.set(address, reference);
  }
}

/** The table `SqlReferenceStore` keeps references in (portable across SQLite and PostgreSQL). */
export const teamsMigrations: Migration[] = [
  {
    id: 'teams/001-references',
    sql: `CREATE TABLE teams_references (
  address TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  updated_at BIGINT NOT NULL
)`,
  },
];

/** References in the bot's database, next to its messages. */
export class SqlReferenceStore implements ReferenceStore {
  constructor(private readonly sql: SqlDriver) {}

  async init(): Promise<void> {
    await migrate(this.sql, teamsMigrations);
  }

  async get(address: string): Promise<Partial<ConversationReference> | undefined> {
    const row = await this.sql.get<{ reference: string }>(`SELECT reference FROM teams_references WHERE address = ?`, [address]);
    return row ? (JSON.parse(row.reference) as Partial<ConversationReference>) : undefined;
  }

  async put(address: string, reference: Partial<ConversationReference>): Promise<void> {
    await this.sql.run(
      `INSERT INTO teams_references (address, reference, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      [address, JSON.stringify(reference), Date.now()],
    );
  }
}

/** Conversation references name the customer's Bot Framework user id: erased with them. */
export const teamsCustomerData = rowsAbout('channels.teams.references', [['teams_references', columnIn('address', (s) => addressesOn(s, 'teams'))]]);
