import type { Queue } from './model';
import { chooseAgent, type LoadedAgent } from './routing';

/**
 * Who could serve a queue right now, from the agent accounts as they are:
 * - `no-accounts`: nobody can sign in to the console at all (the plain quick start);
 * - `no-skilled`: accounts exist, but none has every skill the queue requires;
 * - `none-online`: skilled accounts exist, all offline;
 * - `busy`: a skilled agent is online (or away) but none can take a conversation now;
 * - `free`: a skilled agent can take it now.
 * The customer is told exactly this, so the bot never promises a person who cannot come.
 */
export type Availability = 'no-accounts' | 'no-skilled' | 'none-online' | 'busy' | 'free';

/** The availability of `queue` among `agents`, with the skilled agents who are online. */
export function availability(agents: LoadedAgent[], queue: Queue): { availability: Availability; online: LoadedAgent[] } {
  if (!agents.length) return { availability: 'no-accounts', online: [] };
  const skilled = agents.filter((a) => queue.skills.every((s) => a.skills.includes(s)));
  if (!skilled.length) return { availability: 'no-skilled', online: [] };
  const online = skilled.filter((a) => a.status !== 'offline');
  if (!online.length) return { availability: 'none-online', online };
  return { availability: chooseAgent(skilled, queue) ? 'free' : 'busy', online };
}

/** Whether anyone could ever take a conversation from the queue (an account with its skills exists). */
export function canEverServe(agents: LoadedAgent[], queue: Queue): boolean {
  return agents.some((a) => queue.skills.every((s) => a.skills.includes(s)));
}
