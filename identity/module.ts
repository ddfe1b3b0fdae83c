import { ConsoleSessions } from '../core/services';
import type { CountryCode } from 'libphonenumber-js';
import { apiKeysFrom, requireKey } from '../core/api-keys';
import type { AppModule } from '../core/module';
import { customersApp } from './customers-api';
import { identityCustomerData } from './customer-data';
import { identityLinks } from './links';
import { linkingFlow } from './linking-flow';
import { identityMigrations } from './schema';

/**
 * Identity: its own tables (`schema.ts`), linking a customer's channels by one-time code, the
 * customers API (profile, export, erase, merge, audit). Automatic linking by verified facts
 * happens at intake, which asks this module's `identityLinks` (core knows the interface only).
 */
export function identityModule(): AppModule {
  return {
    name: 'identity',
    migrations: identityMigrations,
    customerData: [identityCustomerData],
    routes: (ctx) => ({
      path: '/api/customers',
      app: customersApp(
        ctx.store,
        async (request, roles) => {
          // Console sessions (the handoff module's) also check bearer keys; without them, keys only.
          const sessions = ctx.bot.services.get(ConsoleSessions);
          if (sessions) await sessions.authenticate(request, roles);
          else requireKey(request, apiKeysFrom(ctx.env), roles.filter((r): r is 'agent' | 'admin' => r !== 'editor'));
        },
        ctx.customerData,
      ),
    }),
    setup(ctx) {
      ctx.store.linkIdentities(identityLinks(ctx.customerData));
      ctx.early.use(
        linkingFlow({
          sql: ctx.store.sql,
          customerData: ctx.customerData,
          now: () => ctx.store.now(),
          // Channels that reach phone numbers, in the app's order (SMS before WhatsApp).
          phoneChannels: () => [...ctx.engine().channels.values()].filter((c) => c.capabilities.phoneNumbers).map((c) => c.name),
          defaultCountry: ctx.env.DEFAULT_COUNTRY as CountryCode | undefined,
        }),
      );
    },
  };
}
