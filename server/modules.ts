import type { ChannelModule } from '../core/channel-module';
import type { AppModule } from './module';
import { dialogsModule } from '../dialogs/module';
import { identityModule } from '../identity/module';
import { analyticsModule } from '../analytics/module';
import { handoffModule } from '../handoff/module';
import { knowledgeModule } from '../knowledge/module';
import { chatModelFromEnv } from '../core/llm';
import { journeysModule } from '../journeys/module';
import { mediaModule } from '../media/module';
import { surveysModule } from '../surveys/module';
import { catalogModule } from '../catalog/module';
import { visionModule } from '../vision/module';
import { email } from '../channels/email';
import { slack } from '../channels/slack';
import { sms } from '../channels/sms';
import { teams } from '../channels/teams';
import { web } from '../channels/web';
import { whatsapp } from '../channels/whatsapp';
import { whatsappWeb } from '../channels/whatsapp-web';

/**
 * The channels an app can run, one line each (a channel is a folder with `channel({...})` in its
 * `index.ts`, see docs/architecture.md "Adding a channel"). Each is on when its settings are set;
 * web chat always is. `validate` checks `bot.yaml` `channels:` against this list.
 */
export const CHANNELS: readonly ChannelModule[] = [
  web,
  sms,
  whatsapp,
  whatsappWeb,
  slack,
  teams,
  email,
];

/**
 * The modules every app runs, in pipeline order: their `early` middleware runs in this order
 * before the bot's own, their `late` middleware in this order after it.
 * - the channels first, so an SMS STOP is honoured whatever else is going on;
 * - dialogs next: their early part detects the customer's language for everything after it;
 * - analytics after dialogs (it scores sentiment in the detected language) and before handoff (so
 *   messages an agent answers are scored too);
 * - media before handoff, so a photo is stored, stripped and read whoever answers it; its late
 *   part (a photo it cannot read) runs after dialogs and before the knowledge base;
 * - surveys after analytics (a free-text answer keeps its sentiment) and before handoff, so a
 *   survey's "4" is taken as its answer, not as the handoff's own 1–5 rating;
 * - handoff before identity, so while a person owns the conversation every message goes to them;
 * - journeys (events, segments, proactive rules) has no turn middleware of its own;
 * - catalog (products, orders, receipts) answers its cards' "Details" buttons, after handoff;
 * - vision after handoff (an agent sees photos themselves) and before the bot's own middleware: it
 *   answers a photo from the codes articles declare or the text read in it;
 * - late: dialogs, then media, then the knowledge base, then the fallback.
 */
export function defaultModules(channels: readonly ChannelModule[] = CHANNELS): AppModule[] {
  return [...channels, dialogsModule(), analyticsModule(), mediaModule(), surveysModule(), handoffModule(), identityModule(), journeysModule(), catalogModule(), visionModule({ chatModel: chatModelFromEnv }), knowledgeModule()];
}
