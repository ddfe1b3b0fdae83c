import { movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';

/** Behaviour events (with their properties), the proactive rules' jobs and decisions about the customer; all follow a merge. */
export const journeysCustomerData: CustomerData = {
  ...rowsAbout('journeys', [
    ['journey_decisions', ofCustomers()],
    ['journey_jobs', ofCustomers()],
    ['journey_events', ofCustomers()],
  ]),
  merge: movesCustomerRows([
    ['journey_decisions', ['id']],
    ['journey_jobs', ['id']],
    ['journey_events', ['id']],
  ]),
};
