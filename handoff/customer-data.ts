import { ofCustomers, rowsAbout } from '../core/customer-data';

/** Handoffs (with the escalation note and its reason), promised callbacks, agents' notes, and the Slack desk's thread of each. */
export const handoffCustomerData = rowsAbout('handoff', [
  ['handoff_slack_threads', (s) => {
    const { where, params } = ofCustomers()(s);
    return { where: `handoff_id IN (SELECT id FROM handoffs WHERE ${where})`, params };
  }],
  ['handoff_notes', ofCustomers()],
  ['handoff_callbacks', ofCustomers()],
  ['handoffs', ofCustomers()],
]);
