import type { CustomerData } from '../core/customer-data';
import type { AppModule } from './module';

/**
 * Every declaration of what is stored about a customer: each module's, channels included (SMS
 * consent, WhatsApp windows, Teams conversation references). Export and erasure run them all;
 * one whose tables do not exist here is skipped.
 */
export function customerDataOf(modules: AppModule[]): CustomerData[] {
  return modules.flatMap((m) => m.customerData ?? []);
}
