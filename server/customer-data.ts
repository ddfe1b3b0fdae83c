import type { CustomerData } from '../core/customer-data';
import type { SqlStore } from '../core/storage/sql-store';
import type { AppModule } from './module';
import { openBotStore } from './store';

/**
 * Every declaration of what is stored about a customer: each module's, channels included (SMS
 * consent, WhatsApp windows, Teams conversation references). Export and erasure run them all, so
 * the store they run on must have the same modules' migrations applied (`assemble` and
 * `openCustomerData` open it that way).
 */
export function customerDataOf(modules: readonly AppModule[]): CustomerData[] {
  return modules.flatMap((m) => m.customerData ?? []);
}

/** A bot's store with the declarations of the modules whose tables it has. */
export interface BotCustomerData {
  store: SqlStore;
  declarations: CustomerData[];
}

/**
 * A bot's store opened for a privacy request outside the server (`switchboard customers`): with
 * the migrations of the app's `modules` applied, as `assemble` opens it, and those modules'
 * declarations — so every table a declaration names exists, and none is looked up in the schema.
 */
export async function openCustomerData(botDir: string, modules: readonly AppModule[]): Promise<BotCustomerData> {
  const store = await openBotStore(botDir, { migrations: modules.flatMap((m) => m.migrations ?? []) });
  return { store, declarations: customerDataOf(modules) };
}
