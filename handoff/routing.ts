import type { Agent, Handoff, Queue } from './model';

/** An agent with how many conversations they hold now. */
export type LoadedAgent = Agent & { load: number };

/**
 * The agent who should take a conversation from `queue`: available, with every skill the queue
 * requires and room under their capacity; the one with the most free capacity, then the one idle
 * longest. Undefined when nobody can take it.
 */
export function chooseAgent(agents: LoadedAgent[], queue: Queue): LoadedAgent | undefined {
  return agents
    .filter((a) => a.status === 'available' && a.load < a.capacity && queue.skills.every((s) => a.skills.includes(s)))
    .sort((a, b) => b.capacity - b.load - (a.capacity - a.load) || a.idleSince - b.idleSince || a.id.localeCompare(b.id))[0];
}

/** Waiting conversations in the order they should be served: priority first, then longest waiting. */
export function servingOrder(waiting: Handoff[]): Handoff[] {
  return [...waiting].sort((a, b) => b.priority - a.priority || a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
}

/**
 * The queue for an escalation: the named one, else the queue whose required skills the request's
 * language and topic satisfy most specifically, else the catch-all queue (no skills). With
 * `servable`, an unnamed request skips queues nobody could ever serve (no account has their
 * skills) for the next most specific one: a Spanish speaker reaches the general queue rather
 * than a Spanish queue without a Spanish-speaking agent.
 */
export function chooseQueue(
  queues: Queue[],
  request: { queue?: string; language?: string; topic?: string },
  servable: (queue: Queue) => boolean = () => true,
): Queue | undefined {
  if (request.queue) return queues.find((q) => q.id === request.queue || q.name === request.queue);
  const has = new Set([request.language && `lang:${request.language}`, request.topic && `topic:${request.topic}`].filter(Boolean) as string[]);
  const matching = queues.filter((q) => q.skills.every((s) => has.has(s))).sort((a, b) => b.skills.length - a.skills.length || a.id.localeCompare(b.id));
  return matching.find(servable) ?? matching[0];
}

/** Whether a queue is open at `now` (always, without hours). */
export { isOpen } from './hours';

/**
 * Expected wait for the conversation at `position` (1 = next) when `agents` work the queue and one
 * conversation takes `handleSeconds`: each agent frees a slot every `handleSeconds / capacity`.
 */
export function expectedWaitSeconds(position: number, agents: Array<{ capacity: number }>, handleSeconds: number): number | undefined {
  const slotsPerSecond = agents.reduce((sum, a) => sum + a.capacity, 0) / handleSeconds;
  return slotsPerSecond > 0 ? Math.ceil(position / slotsPerSecond) : undefined;
}
