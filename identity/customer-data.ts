import { columnIn, movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';

/**
 * What identity stores about a customer: facts, codes (also those sent to one of their numbers),
 * failed attempts and the audit log. Exported, erased, and moved by a merge like any module's
 * rows; its erasure runs after every other module's declaration and before core's.
 */
export const identityCustomerData: CustomerData = {
  ...rowsAbout('identity', [
    ['link_failures', ofCustomers()],
    // A code someone else had sent to one of the customer's numbers names that number too.
    ['link_codes', (s) => {
      const mine = ofCustomers()(s);
      const sentTo = columnIn('address', (x) => x.addresses.map((a) => a.address))(s);
      return { where: `(${mine.where}) OR (${sentTo.where})`, params: [...mine.params, ...sentTo.params] };
    }],
    ['identity_audit', ofCustomers()],
    ['identities', ofCustomers()],
  ]),
  merge: movesCustomerRows([
    ['link_failures', ['at', 'client_hash']],
    ['link_codes', ['id']],
    ['identity_audit', ['id']],
    ['identities', ['kind', 'value']],
  ]),
};

/** The app's declarations (`ModuleContext.customerData`) with identity's own after them, whether or not the app listed it. */
export function withIdentity(declarations: CustomerData[]): CustomerData[] {
  return [...declarations.filter((d) => d !== identityCustomerData), identityCustomerData];
}
