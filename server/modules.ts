import type { AppModule } from './module';
import { dialogsModule } from './dialogs';
import { identityModule } from './identity/module';
import { phoneChannelsModule } from './phone-channels';
import { analyticsModule } from '../analytics/module';
import { handoffModule } from '../handoff/module';
import { knowledgeModule } from '../knowledge/module';
import { journeysModule } from '../journeys/module';
import { emailModule } from '../channels/email/module';

/**
 * The feature modules every app runs, in pipeline order: their `early` middleware runs in this
 * order before the bot's own, their `late` middleware in this order after it.
 * - phone channels first, so STOP is honoured whatever else is going on;
 * - dialogs next: their early part detects the customer's language for everything after it;
 * - analytics after dialogs (it scores sentiment in the detected language) and before handoff (so
 *   messages an agent answers are scored too);
 * - handoff before identity, so while a person owns the conversation every message goes to them;
 * - e-mail after identity: "send me this by e-mail" is answered before the bot's own dialogs;
 * - journeys (events, segments, proactive rules) has no turn middleware of its own;
 * - late: dialogs, then the knowledge base, then the fallback.
 */
export function defaultModules(): AppModule[] {
  return [phoneChannelsModule(), dialogsModule(), analyticsModule(), handoffModule(), identityModule(), emailModule(), journeysModule(), knowledgeModule()];
}
