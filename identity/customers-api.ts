import { z } from 'zod';
import type { Route } from '../core/channel';
import type { CustomerData } from '../core/customer-data';
import type { ConsoleRole } from '../core/services';
import { RequestError } from '../core/errors';
import { json, readJson } from '../core/http';
import { auditTrail } from './audit';
import { mergeCustomers, unmergeCustomers } from './merge';
import { eraseCustomer, exportCustomer } from './privacy';
import type { SqlStore } from '../core/storage/sql-store';

const ProfilePatch = z
  .object({
    name: z.string().max(200).optional(),
    email: z.string().email().max(320).optional(),
    phone: z.string().max(40).optional(),
    locale: z.string().min(2).max(35).optional(),
    timezone: z.string().max(64).optional(),
    preferredChannel: z.string().max(40).optional(),
    consent: z.record(z.string(), z.boolean()).optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const MergeBody = z.object({ from: z.string().min(1) }).strict();
const UnmergeBody = z.object({ auditId: z.string().min(1) }).strict();

/**
 * Checks that a request may act with one of `roles`: a console session of that role, or a bearer
 * key of that role (`core/api-keys.ts`). Throws 401/403.
 */
export type CustomerAuth = (request: Request, roles: ConsoleRole[]) => Promise<void>;

const ALL: ConsoleRole[] = ['agent', 'editor', 'admin'];
const ADMIN: ConsoleRole[] = ['admin'];

/**
 * The customers API: read and update profiles (agents: the desk key or any console session);
 * export and erase everything about a customer, merge and unmerge, read the audit trail (admins:
 * the admin key or an admin session).
 */
export function customerRoutes(store: SqlStore, authorize: CustomerAuth, customerData: CustomerData[] = []): Route[] {
  const guard = (handler: (request: Request, id: string) => Promise<Response>, roles: ConsoleRole[] = ADMIN) => async (request: Request) => {
    await authorize(request, roles);
    const id = decodeURIComponent(/\/api\/customers\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? '');
    return handler(request, id);
  };
  const found = async (id: string) => {
    const customer = await store.getCustomer(id);
    if (!customer) throw new RequestError(404, `No customer ${id}`);
    return customer;
  };

  return [
    {
      method: 'GET',
      path: '/api/customers/:id',
      handler: guard(async (_req, id) => {
        const customer = await found(id);
        const identities = await store.sql.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [id]);
        return json({ customer, addresses: await store.addresses(id), identities, conversation: await store.openConversation(id) });
      }, ALL),
    },
    {
      method: 'PUT',
      path: '/api/customers/:id',
      handler: guard(async (request, id) => {
        await found(id);
        const patch = ProfilePatch.safeParse(await readJson(request));
        if (!patch.success) throw new RequestError(400, `Invalid profile: ${patch.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
        return json({ customer: await store.updateProfile(id, patch.data) });
      }, ALL),
    },
    {
      method: 'GET',
      path: '/api/customers/:id/export',
      handler: guard(async (_req, id) => {
        const data = await exportCustomer(store.sql, id, customerData);
        if (!data) throw new RequestError(404, `No customer ${id}`);
        return json(data, 200, { 'content-disposition': `attachment; filename="customer-${id}.json"` });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/customers/:id',
      handler: guard(async (_req, id) => {
        if (!(await eraseCustomer(store.sql, id, 'api', customerData))) throw new RequestError(404, `No customer ${id}`);
        return new Response(null, { status: 204 });
      }),
    },
    {
      method: 'GET',
      path: '/api/customers/:id/audit',
      handler: guard(async (_req, id) => json({ entries: await auditTrail(store.sql, id) })),
    },
    {
      method: 'POST',
      path: '/api/customers/:id/merge',
      handler: guard(async (request, id) => {
        const body = MergeBody.safeParse(await readJson(request));
        if (!body.success) throw new RequestError(400, 'Send { "from": "<customer id to merge into this one>" }');
        await found(id);
        await found(body.data.from);
        return json({ audit: await mergeCustomers(store.sql, body.data.from, id, 'api') });
      }),
    },
    {
      method: 'POST',
      path: '/api/customers/:id/unmerge',
      handler: guard(async (request) => {
        const body = UnmergeBody.safeParse(await readJson(request));
        if (!body.success) throw new RequestError(400, 'Send { "auditId": "<id of the merge in the audit log>" }');
        try {
          return json({ audit: await unmergeCustomers(store.sql, body.data.auditId, 'api') });
        } catch (err) {
          throw new RequestError(409, (err as Error).message);
        }
      }),
    },
  ];
}
