import { topic } from '../core/bus';
import { serviceKey } from '../core/services';
import type { Handoff } from './model';

/** What `HandoffChanged` carries: the handoff as it is now. */
export interface HandoffChangedPayload {
  handoff: Handoff;
}

/**
 * A handoff was created, assigned, transferred, requeued, ended, rated, or its outcome changed
 * (an SLA or closed-hours offer): every change, with the whole handoff as it is now, so a
 * listener's copy is right again after the next event even if it missed one. Published by the
 * handoff module; the console, the Slack desk, journeys, the live dashboard and analytics' read
 * model listen. This file is the
 * handoff module's public list of topics (and of the history behind them, `HandoffHistory`): other
 * modules import it, never the module's internals.
 */
export const HandoffChanged = topic<HandoffChangedPayload>('handoff.changed');

/**
 * The handoffs stored before a listener of `HandoffChanged` started (analytics' read model on a
 * database that had handoffs before it): every handoff as it is now, page by page, as the event
 * would carry it. Provided by the handoff module.
 */
export interface HandoffHistory {
  /** Up to `limit` handoffs whose id sorts after `after` (from the first when `after` is undefined), in id order. */
  page(after: string | undefined, limit: number): Promise<Handoff[]>;
}

/** The handoff module's `HandoffHistory`. */
export const HandoffHistory = serviceKey<HandoffHistory>('handoffHistory');
