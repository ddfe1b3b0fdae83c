import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { RequestError } from '../core/errors';
import { bearerOf, keyRole, type ApiKeys } from '../core/api-keys';
import { safeEqual } from '../core/http';
import { RateLimiter, tooManyRequests } from '../core/rate-limit';
import type { ConsoleSessions } from '../core/services';
import type { Agent, Role } from './model';
import type { HandoffRepository } from './repository';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const SESSION_MS = 12 * 3600_000;
export const SESSION_COOKIE = 'sb_session';

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash`, all base64. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new RequestError(400, 'Passwords need at least 8 characters');
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Checks a password against a stored hash, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, N, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** Who made a request: an agent with a console session, or an integration with the API key. */
export type Principal = { kind: 'agent'; agent: Agent } | { kind: 'api-key'; role: Role };

/**
 * Wrong passwords allowed before login is refused with 429 (right password or not) until the
 * window ends: per account (guessing one agent's password) and per client address (trying many
 * accounts). A successful login clears both.
 */
export const LOGIN_LIMITS = {
  perAccount: { limit: 10, windowMs: 15 * 60_000 },
  perClient: { limit: 30, windowMs: 15 * 60_000 },
};

/** Sessions in the database (so any instance knows them), stored hashed; each with a CSRF token. */
export class Sessions implements ConsoleSessions {
  private readonly accountFailures: RateLimiter;
  private readonly clientFailures: RateLimiter;

  constructor(
    private readonly repo: HandoffRepository,
    /** The bearer keys and their roles (read per request: tests and operators change them). */
    private readonly keys: () => ApiKeys,
    /** See `ConsoleSessions.recheckMs` (`handoff.socketPingSeconds`). */
    readonly recheckMs = 30_000,
    limits = LOGIN_LIMITS,
  ) {
    this.accountFailures = new RateLimiter(limits.perAccount, () => repo.now());
    this.clientFailures = new RateLimiter(limits.perClient, () => repo.now());
  }

  /**
   * Logs an agent in: a new session token (for the httpOnly cookie) and its CSRF token. `client`
   * is the caller's address: too many wrong passwords for the account or from the address are
   * refused with 429 and `Retry-After` before the password is even checked.
   */
  async login(email: string, password: string, client = 'unknown'): Promise<{ token: string; csrf: string; agent: Agent }> {
    const account = email.trim().toLowerCase();
    const wait = Math.max(this.accountFailures.blocked(account), this.clientFailures.blocked(client));
    if (wait) throw tooManyRequests('Too many wrong passwords', wait);
    const found = await this.repo.agentByEmail(email);
    // Hash even for unknown e-mails, so timing does not tell which accounts exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok) {
      this.accountFailures.hit(account);
      this.clientFailures.hit(client);
      throw new RequestError(401, 'Wrong e-mail or password');
    }
    this.accountFailures.clear(account);
    this.clientFailures.clear(client);
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.repo.sql.run(`INSERT INTO agent_sessions (token_hash, agent_id, csrf, expires_at) VALUES (?, ?, ?, ?)`, [
      digest(token),
      found.id,
      csrf,
      this.repo.now() + SESSION_MS,
    ]);
    const { passwordHash: _secret, ...agent } = found;
    return { token, csrf, agent };
  }

  async logout(request: Request): Promise<void> {
    const token = cookie(request, SESSION_COOKIE);
    if (token) await this.repo.sql.run(`DELETE FROM agent_sessions WHERE token_hash = ?`, [digest(token)]);
  }

  /**
   * Who is asking. Cookie sessions must also send the CSRF token (`x-csrf-token`) on anything but
   * GET; a bearer key needs none, and has the role of its key (`core/api-keys.ts`): the desk key is
   * an agent, the admin key an admin; the editor key is for the knowledge base only. Throws
   * 401/403 otherwise.
   */
  async authenticate(request: Request, roles: Role[] = ['agent', 'editor', 'admin']): Promise<Principal & { csrf?: string }> {
    const bearer = bearerOf(request);
    if (bearer) {
      const role = keyRole(bearer, this.keys());
      if (!role) throw new RequestError(401, 'Wrong API key');
      if (role === 'editor') throw new RequestError(403, 'EDITOR_API_KEY edits the knowledge base only; use SWITCHBOARD_API_KEY (agent) or ADMIN_API_KEY (admin)');
      if (!roles.includes(role)) {
        throw new RequestError(403, `This needs the role ${roles.join(' or ')}: SWITCHBOARD_API_KEY acts as an agent, never as an admin; use ADMIN_API_KEY or an admin session`);
      }
      return { kind: 'api-key', role };
    }
    const token = cookie(request, SESSION_COOKIE);
    if (!token) throw new RequestError(401, 'Log in first (POST /console/login) or send "Authorization: Bearer <SWITCHBOARD_API_KEY>"');
    const row = await this.repo.sql.get<{ agent_id: string; csrf: string; expires_at: number }>(`SELECT * FROM agent_sessions WHERE token_hash = ?`, [
      digest(token),
    ]);
    if (!row || Number(row.expires_at) < this.repo.now()) throw new RequestError(401, 'Your session has expired; log in again');
    if (request.method !== 'GET' && !safeEqual(request.headers.get('x-csrf-token') ?? '', row.csrf)) {
      throw new RequestError(403, 'Missing or wrong CSRF token (x-csrf-token)');
    }
    const agent = await this.repo.agent(row.agent_id);
    if (!agent) throw new RequestError(401, 'Your account no longer exists');
    if (!roles.includes(agent.role)) throw new RequestError(403, `This needs the role ${roles.join(' or ')}`);
    return { kind: 'agent', agent, csrf: row.csrf };
  }
}

/** The cookie header that sets a session: httpOnly, SameSite=Strict, Secure over https. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}${secure ? '; Secure' : ''}`;
}

/** A cookie's value from a request. */
export function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** How a session token is stored (hashed): lets a password change keep the session that made it. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// A valid hash of a random password, checked when the e-mail is unknown.
const DUMMY_HASH = `scrypt$16384$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;
