import type { ConsoleRole, EscalationRequest } from '../core/services';

/** What an agent may do: answer (agent), edit knowledge (editor), manage everything (admin). */
export type Role = ConsoleRole;

/** Whether an agent takes new conversations. */
export type AgentStatus = 'available' | 'away' | 'offline';

/** A person who answers escalated conversations. */
export interface Agent {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Languages (`lang:es`) and topics (`topic:returns`) they can handle. */
  skills: string[];
  /** Most conversations at once. */
  capacity: number;
  status: AgentStatus;
  /** Since when they have had nothing new assigned (longest idle is served first). */
  idleSince: number;
}

/** Opening hours: per weekday (0 = Sunday) a list of `HH:MM-HH:MM` ranges, in `timezone`. */
export interface OpeningHours {
  timezone: string;
  days: Record<number, string[]>;
}

/** A queue of conversations waiting for agents with the required skills. */
export interface Queue {
  id: string;
  name: string;
  /** Every one of these skills is required of an agent. */
  skills: string[];
  /** Added to the priority of every conversation in the queue. */
  priority: number;
  /** Longest acceptable wait before the customer is offered a callback. */
  slaSeconds: number;
  /** Without hours, the queue is always open. */
  hours?: OpeningHours;
}

/** The state of one escalated conversation. */
export type HandoffStatus = 'waiting' | 'assigned' | 'resolved' | 'abandoned';

/** One escalation of a conversation to people. */
export interface Handoff {
  id: string;
  conversationId: string;
  customerId: string;
  queueId: string;
  status: HandoffStatus;
  /** Why: the escalation's reason, or `callback` for a callback the customer asked for. */
  reason: EscalationRequest['reason'] | 'callback';
  note?: string;
  language?: string;
  topic?: string;
  priority: number;
  agentId?: string;
  requestedAt: number;
  assignedAt?: number;
  resolvedAt?: number;
  /** When the wait passes the queue's SLA. */
  slaAt: number;
  /**
   * How it ended: `resolved`, `callback` (the customer chose a callback instead of waiting),
   * `cancelled` (they stopped waiting), `no-answer` (a callback the customer did not answer).
   */
  outcome?: string;
  /** After resolution, whether the bot's paused dialog continues or ends. */
  resume?: 'continue' | 'end';
  /** The customer's satisfaction rating (1–5), when they gave one. */
  csat?: number;
}
