import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { consolePage, serveConsoleFile, type ConsolePage } from '../core/console-shell';
import { RequestError } from '../core/errors';
import { validParams } from '../core/http';
import type { ConsoleRole, ConsoleSessions } from '../core/services';

/** The knowledge editor's page and script (assembled around core's console shell). */
const DIR = join(__dirname, 'console');
/** Who may edit the knowledge base from the console. */
const EDITOR_ROLES: ConsoleRole[] = ['editor', 'admin'];
/** The editor's page in the console's navigation (`AppModule.consolePages`). */
export const knowledgeConsolePage: ConsolePage = { label: 'Knowledge', path: '/console/knowledge', roles: EDITOR_ROLES, order: 20 };
// A Map: the file name comes from the URL, and `constructor` or `__proto__` must name nothing.
const FILES = new Map<string, string>([['knowledge.js', join(DIR, 'knowledge.js')]]);

const FilePath = z.object({ file: z.string().min(1) });

/**
 * The knowledge editor in the console: `/console/knowledge` (editors and admins: the editor API
 * under /api/kb, from the browser) and its script under `/console/knowledge/assets/:file`, as one
 * sub-app mounted at the root (the console's pages share `/console` with the handoff module's).
 * Sign-in is the console's (`sessions()`, the handoff module's, looked up per request so the
 * modules may start in any order): without a session the page redirects to the console's login.
 */
export function knowledgeConsoleApp(sessions: () => ConsoleSessions | undefined): Hono {
  const authenticate = async (req: Request) => {
    const found = sessions();
    if (!found) throw new RequestError(503, 'The knowledge editor page needs the handoff module (it owns console logins); add handoffModule() to the app');
    return found.authenticate(req, EDITOR_ROLES);
  };
  const editor = consolePage(join(DIR, 'knowledge.html'), { roles: EDITOR_ROLES, authenticate });
  const app = new Hono();
  app.get(knowledgeConsolePage.path, (c) => editor(c.req.raw));
  app.get('/console/knowledge/assets/:file', validParams(FilePath), async (c) => {
    const file = FILES.get(c.req.valid('param').file);
    if (!file) throw new RequestError(404, `No knowledge console file ${c.req.valid('param').file}`);
    await authenticate(c.req.raw);
    return serveConsoleFile(file);
  });
  return app;
}
