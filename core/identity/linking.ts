import { createHash, randomInt } from 'node:crypto';
import { newId } from '../ids';
import type { SqlDriver } from '../storage/sql';
import { audit } from './audit';
import { mergeIn } from './merge';

/** Limits of one-time link codes. */
export const LINK_LIMITS = {
  /** How long a code is good for. */
  ttlMs: 10 * 60_000,
  /** Codes one customer may request per hour. */
  codesPerHour: 3,
  /** Wrong codes one customer may type per hour before being told to wait. */
  failuresPerHour: 5,
};

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
  request: { customerId: string; channel?: string; address?: string; now?: number },
): Promise<string> {
  const now = request.now ?? Date.now();
  const recent = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM link_codes WHERE customer_id = ? AND created_at > ?`, [
    request.customerId,
    now - 3_600_000,
  ]);
  if (Number(recent?.n) >= LINK_LIMITS.codesPerHour) {
    throw new LinkError('rate-limited', 'Too many codes requested; try again in an hour');
  }
  // A code sent to an address is bound to the requester, so six digits will do. A code shown to be
  // typed by someone else could be guessed from many anonymous visitors: make it long.
  const code = request.address ? String(randomInt(0, 1_000_000)).padStart(6, '0') : randomCode(8);
  await sql.run(
    `INSERT INTO link_codes (id, customer_id, channel, address, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [newId('lnk_'), request.customerId, request.channel, request.address, hashCode(code), now + LINK_LIMITS.ttlMs, now],
  );
  return code;
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
 * and limited per customer; a used or expired code never works again.
 */
export async function confirmLinkCode(sql: SqlDriver, request: { customerId: string; code: string; now?: number }): Promise<Linked> {
  const now = request.now ?? Date.now();
  const result = await sql.transaction(async (tx): Promise<Linked | 'invalid'> => {
    const failures = await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM link_failures WHERE customer_id = ? AND at > ?`, [
      request.customerId,
      now - 3_600_000,
    ]);
    if (Number(failures?.n) >= LINK_LIMITS.failuresPerHour) {
      throw new LinkError('rate-limited', 'Too many wrong codes; try again in an hour');
    }
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

    let other: string | undefined;
    if (row.channel && row.address) {
      other = (await tx.get<{ customer_id: string }>(`SELECT customer_id FROM addresses WHERE channel = ? AND address = ?`, [row.channel, row.address]))
        ?.customer_id;
      if (!other) {
        await tx.run(`INSERT INTO addresses (channel, address, customer_id, verified, created_at) VALUES (?, ?, ?, 1, ?)`, [
          row.channel,
          row.address,
          request.customerId,
          now,
        ]);
        await audit(tx, { actor: 'otp', action: 'link', customerId: request.customerId, details: { channel: row.channel, address: row.address } });
        return { customerId: request.customerId, channel: row.channel, address: row.address };
      }
    } else {
      other = row.customer_id;
    }
    if (other === request.customerId) return { customerId: other, channel: row.channel ?? undefined, address: row.address ?? undefined };

    // Two customers are one person: the one who has been around longer remains.
    const ages = await tx.all<{ id: string }>(`SELECT id FROM customers WHERE id IN (?, ?) ORDER BY created_at, id`, [request.customerId, other]);
    const [target, source] = ages.map((a) => a.id);
    const entry = await mergeIn(tx, source, target, 'otp');
    return { customerId: target, channel: row.channel ?? undefined, address: row.address ?? undefined, mergeId: entry.id };
  });
  if (result !== 'invalid') return result;
  // Counted outside the transaction above, which wrote nothing.
  await sql.run(`INSERT INTO link_failures (customer_id, at) VALUES (?, ?)`, [request.customerId, now]);
  throw new LinkError('invalid', 'That code is not right');
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: easy to read aloud and type

function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(0, ALPHABET.length)];
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
