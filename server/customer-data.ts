import { teamsCustomerData } from '../channels/teams/references';
import type { CustomerData } from '../core/customer-data';
import type { AppModule } from './module';

/**
 * Every declaration of what is stored about a customer: each module's, and those of channels that
 * keep tables of their own outside a module (Teams conversation references). Export and erasure
 * run them all; one whose tables do not exist here is skipped.
 */
export function customerDataOf(modules: AppModule[]): CustomerData[] {
  return [...modules.flatMap((m) => m.customerData ?? []), teamsCustomerData];
}
