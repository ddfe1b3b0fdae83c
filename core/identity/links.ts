import type { SqlDriver } from '../storage/sql';
import type { VerifiedIdentity } from './identities';

/**
 * What intake needs of the identity module, and all core knows of its tables: who already holds
 * a verified identity, recording one, and merging an anonymous visitor into the known customer
 * they proved to be. Each call runs inside intake's transaction (`tx`), so a message and the
 * links it made commit together. The identity module gives its own to the store
 * (`SqlStore.linkIdentities`); a store without one ignores drafts' identities beyond marking their
 * address verified.
 */
export interface IdentityLinks {
  /** The customer holding the first of `identities` that anyone holds, if any. */
  ownerOf(tx: SqlDriver, identities: VerifiedIdentity[]): Promise<string | undefined>;
  /** Records `identities` as the customer's; one someone already holds stays theirs. */
  remember(tx: SqlDriver, customerId: string, identities: VerifiedIdentity[], now: number): Promise<void>;
  /** Merges customer `source` into `target` (the visitor proved to be them); `actor` is what the audit log names. */
  merge(tx: SqlDriver, source: string, target: string, actor: string): Promise<void>;
}
