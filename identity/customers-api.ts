import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { CustomerData } from '../core/customer-data';
import type { ConsoleRole } from '../core/services';
import { RequestError } from '../core/errors';
import { json, readValidJson, validParams } from '../core/http';
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

const CustomerPath = z.object({ id: z.string().min(1) });
const MergeBody = z.object({ from: z.string().min(1) }).strict();
const UnmergeBody = z.object({ auditId: z.string().min(1) }).strict();

/**
 * Checks that a request may act with one of `roles`: a console session of that role, or a bearer
 * key of that role (`core/api-keys.ts`). Throws 401/403.
 */
export type CustomerAuth = (request: Request, roles: ConsoleRole[]) => Promise<void>;

const ALL: ConsoleRole[] = ['agent', 'editor', 'admin'];
const ADMIN: ConsoleRole[] = ['admin'];

/** What the customers API needs. */
interface CustomerDeps {
  store: SqlStore;
  customerData: CustomerData[];
}

/**
 * The customers API, mounted at `/api/customers`: read and update profiles (agents: the desk key or
 * any console session); export and erase everything about a customer, merge and unmerge, read the
 * audit trail (admins: the admin key or an admin session). Each request is authorized before its
 * path or body is looked at.
 */
export function customersApp(store: SqlStore, authorize: CustomerAuth, customerData: CustomerData[] = []): Hono {
  const deps: CustomerDeps = { store, customerData };
  const app = new Hono();
  const guard = (roles: ConsoleRole[]) => async (c: Context, next: () => Promise<void>) => {
    await authorize(c.req.raw, roles);
    await next();
  };
  const id = validParams(CustomerPath);
  app.get('/:id', guard(ALL), id, async (c) => showCustomer(deps, c.req.valid('param').id));
  app.put('/:id', guard(ALL), id, async (c) => updateProfile(deps, c.req.valid('param').id, c.req.raw));
  app.delete('/:id', guard(ADMIN), id, async (c) => eraseOne(deps, c.req.valid('param').id));
  app.get('/:id/export', guard(ADMIN), id, async (c) => exportOne(deps, c.req.valid('param').id));
  app.get('/:id/audit', guard(ADMIN), id, async (c) => json({ entries: await auditTrail(store.sql, c.req.valid('param').id) }));
  app.post('/:id/merge', guard(ADMIN), id, async (c) => merge(deps, c.req.valid('param').id, c.req.raw));
  app.post('/:id/unmerge', guard(ADMIN), id, async (c) => unmerge(deps, c.req.raw));
  return app;
}

async function found(store: SqlStore, id: string) {
  const customer = await store.getCustomer(id);
  if (!customer) throw new RequestError(404, `No customer ${id}`);
  return customer;
}

/** `GET /:id`: the profile, addresses, identities and open conversation. */
async function showCustomer({ store }: CustomerDeps, id: string): Promise<Response> {
  const customer = await found(store, id);
  const identities = await store.sql.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [id]);
  return json({ customer, addresses: await store.addresses(id), identities, conversation: await store.openConversation(id) });
}

/** `PUT /:id`: a profile patch. */
async function updateProfile({ store }: CustomerDeps, id: string, request: Request): Promise<Response> {
  await found(store, id);
  const patch = await readValidJson(request, ProfilePatch, { prefix: 'Invalid profile: ' });
  return json({ customer: await store.updateProfile(id, patch) });
}

/** `GET /:id/export`: everything about the customer, as a download. */
async function exportOne({ store, customerData }: CustomerDeps, id: string): Promise<Response> {
  const data = await exportCustomer(store.sql, id, customerData);
  if (!data) throw new RequestError(404, `No customer ${id}`);
  return json(data, 200, { 'content-disposition': `attachment; filename="customer-${id}.json"` });
}

/** `DELETE /:id`: erasure. */
async function eraseOne({ store, customerData }: CustomerDeps, id: string): Promise<Response> {
  if (!(await eraseCustomer(store.sql, id, 'api', customerData))) throw new RequestError(404, `No customer ${id}`);
  return new Response(null, { status: 204 });
}

/** `POST /:id/merge`: `{ from }` merged into this customer. */
async function merge({ store, customerData }: CustomerDeps, id: string, request: Request): Promise<Response> {
  const body = await readValidJson(request, MergeBody, { message: 'Send { "from": "<customer id to merge into this one>" }' });
  await found(store, id);
  await found(store, body.from);
  return json({ audit: await mergeCustomers(store.sql, body.from, id, 'api', customerData) });
}

/** `POST /:id/unmerge`: undoes the merge `{ auditId }`. */
async function unmerge({ store, customerData }: CustomerDeps, request: Request): Promise<Response> {
  const body = await readValidJson(request, UnmergeBody, { message: 'Send { "auditId": "<id of the merge in the audit log>" }' });
  try {
    return json({ audit: await unmergeCustomers(store.sql, body.auditId, 'api', customerData) });
  } catch (err) {
    throw new RequestError(409, (err as Error).message);
  }
}
