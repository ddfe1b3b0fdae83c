/**
 * Erlang C: how many agents a queue needs. Conversations arrive at random (Poisson) at `rate` per
 * second and each takes `handleSeconds` of an agent on average; the offered load is
 * A = rate × handleSeconds Erlangs.
 */

/** Probability that a conversation has to wait at all, with `agents` agents and load `erlangs`. */
export function probabilityOfWaiting(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1; // the queue grows without bound
  // Erlang B by the stable recursion B(n) = A·B(n-1) / (n + A·B(n-1)), then C from B.
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of conversations answered within `answerSeconds` (the service level). */
export function serviceLevel(agents: number, erlangs: number, handleSeconds: number, answerSeconds: number): number {
  if (agents <= erlangs) return 0;
  return 1 - probabilityOfWaiting(agents, erlangs) * Math.exp((-(agents - erlangs) * answerSeconds) / handleSeconds);
}

/** Average speed of answer, in seconds. */
export function averageSpeedOfAnswer(agents: number, erlangs: number, handleSeconds: number): number {
  if (agents <= erlangs) return Infinity;
  return (probabilityOfWaiting(agents, erlangs) * handleSeconds) / (agents - erlangs);
}

/** Staffing for one interval. */
export interface StaffingNeed {
  /** Offered load in Erlangs. */
  erlangs: number;
  /** Agents needed on conversations (before shrinkage). */
  agents: number;
  serviceLevel: number;
  averageSpeedOfAnswer: number;
  occupancy: number;
}

/**
 * The fewest agents that meet a service level target, e.g. 80% answered within 60 s:
 * `agentsNeeded({ arrivals: 100, intervalSeconds: 1800, handleSeconds: 180, target: 0.8, answerSeconds: 20 })`.
 * With no arrivals, no agents. `concurrency` > 1 (chat agents take several at once) divides the need.
 */
export function agentsNeeded(input: {
  arrivals: number;
  intervalSeconds: number;
  handleSeconds: number;
  target: number;
  answerSeconds: number;
  concurrency?: number;
}): StaffingNeed {
  const erlangs = (input.arrivals / input.intervalSeconds) * input.handleSeconds;
  if (erlangs <= 0) return { erlangs: 0, agents: 0, serviceLevel: 1, averageSpeedOfAnswer: 0, occupancy: 0 };
  let agents = Math.floor(erlangs) + 1;
  while (serviceLevel(agents, erlangs, input.handleSeconds, input.answerSeconds) < input.target) agents++;
  const concurrency = input.concurrency ?? 1;
  return {
    erlangs,
    agents: Math.ceil(agents / concurrency),
    serviceLevel: serviceLevel(agents, erlangs, input.handleSeconds, input.answerSeconds),
    averageSpeedOfAnswer: averageSpeedOfAnswer(agents, erlangs, input.handleSeconds),
    occupancy: erlangs / agents,
  };
}
