import { topic } from '../core/bus';
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
 * handoff module's public list of topics: other modules import it, never the module's internals.
 */
export const HandoffChanged = topic<HandoffChangedPayload>('handoff.changed');
