import { movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';

/** Handoffs (with the escalation note and its reason), promised callbacks, agents' notes, and the Slack desk's thread of each. */
export const handoffCustomerData: CustomerData = {
  ...rowsAbout('handoff', [
    ['handoff_slack_threads', (s) => {
      const { where, params } = ofCustomers()(s);
      return { where: `handoff_id IN (SELECT id FROM handoffs WHERE ${where})`, params };
    }],
    ['handoff_notes', ofCustomers()],
    ['handoff_callbacks', ofCustomers()],
    ['handoffs', ofCustomers()],
  ]),
  // Slack threads follow their handoffs.
  merge: movesCustomerRows([
    ['handoff_notes', ['id']],
    ['handoff_callbacks', ['id']],
    ['handoffs', ['id']],
  ]),
};
