import type { CustomerData } from '../core/customer-data';
import type { IdentityLinks } from '../core/identity/links';
import type { VerifiedIdentity } from '../core/identity/identities';
import type { SqlDriver } from '../core/storage/sql';
import { mergeIn } from './merge';

/** Who holds `identity`, if anyone. */
export async function ownerOf(tx: SqlDriver, identity: VerifiedIdentity): Promise<string | undefined> {
  const row = await tx.get<{ customer_id: string }>(`SELECT customer_id FROM identities WHERE kind = ? AND value = ?`, [identity.kind, identity.value]);
  return row?.customer_id;
}

/** Records `identity` as the customer's, unless someone holds it already. */
export async function remember(tx: SqlDriver, customerId: string, identity: VerifiedIdentity, now: number): Promise<void> {
  await tx.run(`INSERT INTO identities (kind, value, customer_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING`, [
    identity.kind,
    identity.value,
    customerId,
    now,
  ]);
}

/**
 * Intake's automatic linking on identity's tables (see `IdentityLinks`): the identities table
 * says who holds a verified fact; an anonymous visitor who proves one merges into its holder,
 * audited like any merge, each module's rows moving through its hook in `customerData` (the
 * app's declarations).
 */
export function identityLinks(customerData: CustomerData[]): IdentityLinks {
  return {
    async ownerOf(tx, identities) {
      for (const identity of identities) {
        const owner = await ownerOf(tx, identity);
        if (owner) return owner;
      }
      return undefined;
    },
    async remember(tx, customerId, identities, now) {
      for (const identity of identities) await remember(tx, customerId, identity, now);
    },
    async merge(tx, source, target, actor) {
      await mergeIn(tx, source, target, actor, customerData);
    },
  };
}
