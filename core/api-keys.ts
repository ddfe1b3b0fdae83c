import { RequestError } from './errors';
import { safeEqual } from './http';

/**
 * The bearer keys an instance accepts, each with one role:
 * - the desk key (`SWITCHBOARD_API_KEY`) acts as an agent: the agent desk, customers' profiles,
 *   events — never admin actions;
 * - the admin key (`ADMIN_API_KEY`) may do everything an admin session may;
 * - the editor key (`EDITOR_API_KEY`) edits the knowledge base and nothing else.
 */
export interface ApiKeys {
  desk?: string;
  admin?: string;
  editor?: string;
}

/** What a key may do, in the console's role names (`editor` here means the knowledge base only). */
export type KeyRole = 'agent' | 'admin' | 'editor';

/** The keys from the environment (blank means unset). */
export function apiKeysFrom(env: NodeJS.ProcessEnv): ApiKeys {
  const key = (name: string) => env[name]?.trim() || undefined;
  return { desk: key('SWITCHBOARD_API_KEY'), admin: key('ADMIN_API_KEY'), editor: key('EDITOR_API_KEY') };
}

const VARIABLES: Record<KeyRole, string> = { agent: 'SWITCHBOARD_API_KEY', admin: 'ADMIN_API_KEY', editor: 'EDITOR_API_KEY' };

/** The bearer token of a request, if it sends one. */
export function bearerOf(request: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() || undefined;
}

/** Which key `token` is, compared in constant time; undefined for none of them. */
export function keyRole(token: string, keys: ApiKeys): KeyRole | undefined {
  if (keys.admin && safeEqual(token, keys.admin)) return 'admin';
  if (keys.desk && safeEqual(token, keys.desk)) return 'agent';
  if (keys.editor && safeEqual(token, keys.editor)) return 'editor';
  return undefined;
}

/**
 * Checks a request's bearer key against the roles a route allows: 401 without a key or with an
 * unknown one, 403 (naming the key that would do) for a known key of another role. Returns the role.
 */
export function requireKey(request: Request, keys: ApiKeys, allowed: KeyRole[]): KeyRole {
  const token = bearerOf(request);
  const accepted = allowed.map((r) => VARIABLES[r]).join(' or ');
  if (!allowed.some((r) => keys[r === 'agent' ? 'desk' : r])) throw new RequestError(401, `This API is disabled: set ${accepted}, then send it as "Authorization: Bearer <key>"`);
  const role = token ? keyRole(token, keys) : undefined;
  if (!role) throw new RequestError(401, `Missing or wrong API key: send "Authorization: Bearer <${accepted}>"`);
  if (!allowed.includes(role)) throw new RequestError(403, `${VARIABLES[role]} cannot do this; it needs ${accepted}${role === 'agent' ? ' (the desk key acts as an agent, never as an admin)' : ''}`);
  return role;
}
