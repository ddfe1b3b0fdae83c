import { ofCustomers, rowsAbout } from '../core/customer-data';

/** The customer's satisfaction answers; every other analytics figure is computed from the transcript. */
export const analyticsCustomerData = rowsAbout('analytics', [['analytics_csat', ofCustomers()]]);
