import { RequestError } from '../core/errors';
import { requireKey } from '../core/api-keys';
import type { ConsoleRole, ConsoleSessions } from '../core/services';

/** Who may change the knowledge base from the console: editors and admins (agents get 403). */
export const EDITOR_ROLES: readonly ConsoleRole[] = ['editor', 'admin'];

const SIGN_IN = 'No valid console session: sign in to the console (/console/login) as an editor or admin, or send "Authorization: Bearer <EDITOR_API_KEY>"';

/** How the editor API recognises editors. */
export interface EditorAuthOptions {
  /** The editors' bearer key (`EDITOR_API_KEY`) for automation; without one only console sessions work. */
  apiKey?: string;
  /** The admin key (`ADMIN_API_KEY`): admins may edit too. */
  adminKey?: string;
  /** The desk key (`SWITCHBOARD_API_KEY`), refused with 403: it acts as an agent, and agents do not edit. */
  deskKey?: string;
  /**
   * The console's sessions (the handoff module's `ConsoleSessions` service), asked per
   * request because that module may be set up after this one; absent without the handoff module.
   */
  consoleSessions?: () => ConsoleSessions | undefined;
}

/**
 * Who is editing, as the version history records them. With the bearer key the caller is a
 * script or another service, trusted to name its author in `x-editor` (default `api`). With a console
 * session the author is the signed-in user's e-mail whatever the headers say, so nobody can
 * write history in someone else's name from the console. A session needs the CSRF token on every
 * change (checked by the console's own rules) and the editor or admin role.
 */
export async function authenticateEditor(request: Request, options: EditorAuthOptions): Promise<string> {
  const sessions = options.consoleSessions?.();
  const bearer = /^Bearer\s/i.test(request.headers.get('authorization') ?? '');
  if (bearer || !sessions) {
    const role = requireKey(request, { editor: options.apiKey, admin: options.adminKey, desk: options.deskKey }, ['editor', 'admin']);
    return (request.headers.get('x-editor') ?? (role === 'admin' ? 'admin-key' : 'api')).slice(0, 100);
  }
  const who = await sessions.authenticate(request, ['agent', 'editor', 'admin']).catch((err: unknown) => {
    // The console's own 401 names the handoff API's key, which is not this API's.
    if (err instanceof RequestError && err.status === 401) throw new RequestError(401, SIGN_IN);
    throw err;
  });
  if (who.kind === 'api-key') throw new RequestError(401, SIGN_IN);
  if (!EDITOR_ROLES.includes(who.agent.role)) {
    throw new RequestError(
      403,
      `Editing the knowledge base needs the editor or admin role; you are signed in as ${who.agent.email} (role ${who.agent.role}). An admin can change roles on the console's Admin page.`,
    );
  }
  return who.agent.email;
}
