import { topic } from '../core/bus';
import type { Handoff } from './model';

/** What `HandoffChanged` carries: the handoff as it is now. */
export interface HandoffChangedPayload {
  handoff: Handoff;
}

/**
 * A handoff was created, assigned, transferred, requeued or ended. Published by the handoff
 * module; the console, the Slack desk, journeys and the live dashboard listen. This file is the
 * handoff module's public list of topics: other modules import it, never the module's internals.
 */
export const HandoffChanged = topic<HandoffChangedPayload>('handoff.changed');
