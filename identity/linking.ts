import { createHash, randomInt } from 'node:crypto';
import { newId } from '../core/ids';
import type { CustomerData } from '../core/customer-data';
import { customerRecords, type AddressKey } from '../core/storage/customers';
import type { SqlDriver } from '../core/storage/sql';
import { audit } from './audit';
import { normalizePhone } from '../core/identity/identities';
import { ownerOf, remember } from './links';
import { mergeIn } from './merge';
import { keyedHash, privacyKey } from '../core/identity/privacy-key';

/**
 * Limits of one-time link codes. A customer is only a web visitor's made-up id, so every limit
 * that matters is also counted per destination number, per client address and for the whole
 * instance (all in the store, so every process and restart sees the same counts).
 */
export const LINK_LIMITS = {
  /** How long a code is good for. */
  ttlMs: 10 * 60_000,
  /** Codes one customer may request per hour. */
  codesPerHour: 3,
  /** Codes one phone number may be sent per hour, whoever asks (SMS pumping). */
  codesPerNumberPerHour: 3,
  /** Codes one client address may request per hour, whatever visitor ids it uses. */
  codesPerClientPerHour: 5,
  /** Codes the whole instance sends per hour: a ceiling on what a botnet can cost. */
  codesSentPerInstancePerHour: 200,
  /** Wrong codes one customer may type per hour before being told to wait. */
  failuresPerHour: 5,
  /** Wrong codes one client address may type per hour, whatever visitor ids it uses. */
  failuresPerClientPerHour: 10,
  /** Wrong codes the whole instance accepts per hour before refusing every attempt for a while. */
  failuresPerInstancePerHour: 200,
};

const HOUR = 3_600_000;

/** One limit: the rows it counts (a condition and its values) and how many an hour may hold. */
type Limit = [where: string, params: unknown[], perHour: number];
const limit = (where: string, params: unknown[], perHour: number): Limit => [where, params, perHour];

/** Throws `rate-limited` when any limit's rows of the last hour (by `timeColumn`) reached its ceiling. */
async function refuseOverLimits(sql: SqlDriver, table: string, timeColumn: string, now: number, message: string, limits: Limit[]): Promise<void> {
  for (const [where, params, perHour] of limits) {
    const recent = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where} AND ${timeColumn} > ?`, [...params, now - HOUR]);
    if (Number(recent?.n) >= perHour) throw new LinkError('rate-limited', message);
  }
}

/** Why linking did not happen. */
export class LinkError extends Error {
  constructor(
    readonly reason: 'rate-limited' | 'invalid' | 'expired',
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/**
 * Issues a one-time code for `customerId`. With `channel` and `address`, the code is sent there
 * and typed back by the same customer (web → "text me a code"): confirming proves they receive
 * messages at that address. Without them, the code is shown to this customer and typed by them on
 * another channel (SMS → "continue on the web"). Codes are stored hashed, expire, are single-use.
 */
export async function issueLinkCode(
  sql: SqlDriver,
  request: { customerId: string; channel?: string; address?: string; client?: string; now?: number },
): Promise<string> {
  const now = request.now ?? Date.now();
  const clientHash = request.client ? keyedHash(await privacyKey(sql), `client:${request.client}`) : null;
  // Counted and recorded in one transaction: on SQLite two requests cannot both pass the count.
  return sql.transaction(async (tx) => {
    await refuseOverLimits(tx, 'link_codes', 'created_at', now, 'Too many codes requested; try again in an hour', [
      [`customer_id = ?`, [request.customerId], LINK_LIMITS.codesPerHour],
      ...(request.address ? [limit(`address = ?`, [request.address], LINK_LIMITS.codesPerNumberPerHour)] : []),
      ...(clientHash ? [limit(`client_hash = ?`, [clientHash], LINK_LIMITS.codesPerClientPerHour)] : []),
      // Only codes sent cost anything: the instance's ceiling counts those.
      ...(request.address ? [limit(`address IS NOT NULL`, [], LINK_LIMITS.codesSentPerInstancePerHour)] : []),
    ]);
    // A code sent to an address is bound to the requester, so six digits will do. A code shown to be
    // typed by someone else could be guessed from many anonymous visitors: make it long.
    const code = request.address ? String(randomInt(0, 1_000_000)).padStart(6, '0') : randomCode(8);
    await tx.run(
      `INSERT INTO link_codes (id, customer_id, channel, address, code_hash, expires_at, created_at, client_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId('lnk_'), request.customerId, request.channel, request.address, hashCode(code), now + LINK_LIMITS.ttlMs, now, clientHash],
    );
    return code;
  });
}

/** The result of a successful confirmation. */
export interface Linked {
  /** The customer that remains (both are one now). */
  customerId: string;
  /** The address that was linked, when the code was sent to one. */
  channel?: string;
  address?: string;
  /** Set when two existing customers were merged. */
  mergeId?: string;
}

/**
 * Confirms a code typed by `customerId`. A code sent to an address links that address to this
 * customer; a code issued to another customer links the two. When the address or the other code's
 * owner is already a customer, both merge (the older customer remains). Wrong codes are counted
 * and limited per customer, per client address and for the whole instance, so a code cannot be
 * guessed by making up visitors; a used or expired code never works again. `customerData` are the
 * app's declarations, whose merge hooks move each module's rows when two customers merge.
 */
export async function confirmLinkCode(
  sql: SqlDriver,
  request: { customerId: string; code: string; client?: string; now?: number },
  customerData: CustomerData[],
): Promise<Linked> {
  const now = request.now ?? Date.now();
  const clientHash = request.client ? keyedHash(await privacyKey(sql), `client:${request.client}`) : null;
  const result = await sql.transaction(async (tx): Promise<Linked | 'invalid'> => {
    await refuseOverLimits(tx, 'link_failures', 'at', now, 'Too many wrong codes; try again in an hour', [
      [`customer_id = ?`, [request.customerId], LINK_LIMITS.failuresPerHour],
      ...(clientHash ? [limit(`client_hash = ?`, [clientHash], LINK_LIMITS.failuresPerClientPerHour)] : []),
      limit(`1 = 1`, [], LINK_LIMITS.failuresPerInstancePerHour),
    ]);
    const code = normalizeCode(request.code);
    // A code sent to an address is for the customer who asked; a shown code is for someone else.
    const row = await tx.get<{ id: string; customer_id: string; channel: string | null; address: string | null; expires_at: number }>(
      `SELECT * FROM link_codes WHERE code_hash = ? AND used_at IS NULL
         AND ((address IS NOT NULL AND customer_id = ?) OR (address IS NULL AND customer_id <> ?))
       ORDER BY created_at DESC LIMIT 1`,
      [hashCode(code), request.customerId, request.customerId],
    );
    if (!row) return 'invalid';
    if (Number(row.expires_at) < now) throw new LinkError('expired', 'That code has expired; ask for a new one');
    await tx.run(`UPDATE link_codes SET used_at = ? WHERE id = ?`, [now, row.id]);

    if (row.channel && row.address) return linkNumber(tx, request.customerId, { channel: row.channel, address: row.address }, now, customerData);
    if (row.customer_id === request.customerId) return { customerId: row.customer_id };
    return joinCustomers(tx, request.customerId, row.customer_id, {}, customerData);
  });
  if (result !== 'invalid') return result;
  // Counted outside the transaction above, which wrote nothing.
  await sql.run(`INSERT INTO link_failures (customer_id, at, client_hash) VALUES (?, ?, ?)`, [request.customerId, now, clientHash]);
  throw new LinkError('invalid', 'That code is not right');
}

/**
 * Links a number the customer proved they receive messages at: its address, and its verified
 * `phone` identity, so the same number writing on SMS or WhatsApp later is this customer too.
 * When the number (its address, or the phone identity from another channel) already belongs to
 * another customer, the two are one person and merge.
 */
async function linkNumber(tx: SqlDriver, customerId: string, { channel, address }: AddressKey, now: number, customerData: CustomerData[]): Promise<Linked> {
  const phone = normalizePhone(address);
  const customers = customerRecords(tx);
  const owner = (await customers.addressOwner(channel, address)) ?? (phone ? await ownerOf(tx, { kind: 'phone', value: phone }) : undefined);
  const linked = owner && owner !== customerId ? await joinCustomers(tx, customerId, owner, { channel, address }, customerData) : { customerId, channel, address };
  const added = await customers.addVerifiedAddress(linked.customerId, { channel, address }, now);
  if (phone) {
    await remember(tx, linked.customerId, { kind: 'phone', value: phone }, now);
  }
  if (!owner && added) await audit(tx, { actor: 'otp', action: 'link', customerId, details: { channel, address } });
  return linked;
}

/** Two customers are one person: the one who has been around longer remains. */
async function joinCustomers(tx: SqlDriver, a: string, b: string, linked: Partial<AddressKey>, customerData: CustomerData[]): Promise<Linked> {
  const customers = customerRecords(tx);
  const found = await Promise.all([customers.get(a), customers.get(b)]);
  const [target, source] = found
    .filter((c) => c !== undefined)
    .sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map((c) => c.id);
  const entry = await mergeIn(tx, source, target, 'otp', customerData);
  return { customerId: target, ...linked, mergeId: entry.id };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: easy to read aloud and type

/**
 * A code to be typed by someone else (`ABCD-EFGH` for 8): `below(n)` draws a whole number under
 * `n` — `node:crypto`'s by default; a test passes a seeded one to generate codes as they are issued.
 */
export function randomCode(length: number, below: (n: number) => number = (n) => randomInt(0, n)): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[below(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What the customer typed, as the code was issued: digits, or upper-case letters and digits. */
export function normalizeCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return /^\d{6}$/.test(compact) ? compact : `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

function hashCode(code: string): string {
  return createHash('sha256').update(`switchboard-link:${code}`).digest('hex');
}
