import { ofCustomers, rowsAbout } from '../core/customer-data';

/** Behaviour events (with their properties), the proactive rules' jobs and decisions about the customer. */
export const journeysCustomerData = rowsAbout('journeys', [
  ['journey_decisions', ofCustomers()],
  ['journey_jobs', ofCustomers()],
  ['journey_events', ofCustomers()],
]);
