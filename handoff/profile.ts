import { Hono } from 'hono';
import { z } from 'zod';
import { RequestError } from '../core/errors';
import { json, readValidJson } from '../core/http';
import { cookie, digest, hashPassword, SESSION_COOKIE, verifyPassword, type Sessions } from './auth';
import type { HandoffRepository } from './repository';

const Profile = z.object({ name: z.string().trim().min(1, 'Say the name customers should see').max(100) }).strict();
const Password = z
  .object({ current: z.string().min(1, 'Enter your current password'), password: z.string().min(8, 'The new password needs at least 8 characters').max(200) })
  .strict();

/**
 * The signed-in agent's own account, mounted at `/api/handoff`: `PUT /me`, the display name
 * customers see on the agent's messages, and `PUT /me/password` (the current one is required, and
 * every other session of the account ends). The API key acts for no one, so these need a console
 * session.
 */
export function profileApp(sessions: Sessions, repo: HandoffRepository): Hono {
  const me = async (req: Request) => {
    const who = await sessions.authenticate(req);
    if (who.kind !== 'agent') throw new RequestError(400, 'Sign in to the console to change your own profile; the API key is nobody’s account');
    return who.agent;
  };
  const app = new Hono();
  app.put('/me', async (c) => {
    const agent = await me(c.req.raw);
    const { name } = await readValidJson(c.req.raw, Profile);
    await repo.updateAgent(agent.id, { name });
    return json({ agent: await repo.agent(agent.id) });
  });
  app.put('/me/password', async (c) => {
    const req = c.req.raw;
    const agent = await me(req);
    const { current, password } = await readValidJson(req, Password);
    if (!(await verifyPassword(current, (await repo.passwordHash(agent.id)) ?? ''))) throw new RequestError(403, 'Your current password is not right; nothing was changed');
    const token = cookie(req, SESSION_COOKIE);
    await repo.setPassword(agent.id, await hashPassword(password), token ? digest(token) : undefined);
    return json({ ok: true });
  });
  return app;
}
