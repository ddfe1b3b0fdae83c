import type { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { Migration } from '../core/storage/sql';
import type { SqlDriver } from '../core/storage/sql';
import type { Store } from '../core/storage/store';
import { csatButtons, csatScore, csatText } from '../core/csat';
import { HandoffLookup } from '../core/services';

/** CSAT answers for conversations the bot resolved on its own (the handoff module keeps its own). */
export const csatMigrations: Migration[] = [
  {
    id: 'analytics/001-csat',
    sql: `
CREATE TABLE analytics_csat (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id),
  customer_id TEXT NOT NULL,
  score INTEGER NOT NULL,
  channel TEXT NOT NULL,
  answered_at BIGINT NOT NULL
);
`,
  },
];

/** What the CSAT middleware needs of the store: its own table, and the customer's latest message from us. */
export type CsatStore = Pick<Store, 'lastOutbound'> & { sql: SqlDriver };

/** How long after the question an answer still counts (a "3" a week later is about something else). */
const ANSWER_WINDOW_MS = 24 * 3600_000;
const PREFIX = 'conversation:';

/**
 * CSAT after bot-resolved conversations: when a turn ends the conversation (`ctx.end()`) and no
 * person was involved, the bot asks for a 1–5 rating (buttons; "reply 1–5" where a channel has
 * none). The answer arrives in the customer's next conversation; it is stored against the rated
 * one, thanked, and that tiny conversation is closed again and marked `metadata.csatAnswer`, so
 * analytics does not count it as a conversation of its own.
 */
export function csatAfterBot(composer: Composer<TurnContext>, store: CsatStore, now: () => number = Date.now): void {
  composer.use(async (ctx, next) => {
    if (await recordAnswer(ctx, store, now())) return;
    await next();
    if (!(ctx.closeConversation || ctx.resolved) || ctx.message.metadata?.csatAnswer === true) return;
    // A person was involved: the handoff module asks (or not) when the agent resolves.
    if (await ctx.bot.services.get(HandoffLookup)?.handedOff(ctx.conversation.id)) return;
    await ctx.reply(csatText(ctx.bot.config, ctx.locale, 'ask'), { buttons: csatButtons(), metadata: { csatFor: PREFIX + ctx.conversation.id } });
  });
}

/** Stores a rating that answers the bot's last question to this customer; true when it was one. */
async function recordAnswer(ctx: TurnContext, store: CsatStore, now: number): Promise<boolean> {
  const score = csatScore(ctx.message.text ?? '', ctx.message.payload);
  if (score === undefined) return false;
  const { sql } = store;
  const last = await store.lastOutbound(ctx.customer.id);
  const asked = last?.metadata?.csatFor;
  if (typeof asked !== 'string' || !asked.startsWith(PREFIX) || now - last!.createdAt > ANSWER_WINDOW_MS) return false;
  // Only an answer to the bot's latest message counts (so "3" mid-conversation is not a rating), once.
  const rated = asked.slice(PREFIX.length);
  if (await sql.get(`SELECT 1 AS ok FROM analytics_csat WHERE conversation_id = ?`, [rated])) return false;
  await sql.run(`INSERT INTO analytics_csat (conversation_id, customer_id, score, channel, answered_at) VALUES (?, ?, ?, ?, ?)`, [rated, ctx.customer.id, score, ctx.message.channel, now]);
  ctx.message.metadata = { ...ctx.message.metadata, csatAnswer: true };
  await ctx.reply(csatText(ctx.bot.config, ctx.locale, 'thanks'));
  ctx.end();
  return true;
}
