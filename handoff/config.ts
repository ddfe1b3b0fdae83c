import { z } from 'zod';

/**
 * The `handoff:` block of bot.yaml. `server/load-bot.ts` validates bot.yaml with it, so a mistake
 * here is reported at its `bot.yaml:line:col` like any other setting.
 */
export const HandoffConfigSchema = z
  .object({
    maxFallbacks: z.number().int().nonnegative().default(2).describe('Consecutive "didn\'t understand" before escalating (0: never).'),
    sentimentThreshold: z.number().min(-1).max(1).default(-0.5).describe('Average mood (-1 to 1) of the last messages at or below which to escalate.'),
    handleSeconds: z.number().positive().default(300).describe('Average handling time, for wait estimates.'),
    graceSeconds: z.number().nonnegative().default(60).describe('How long a disconnected agent keeps their conversations.'),
    socketPingSeconds: z.number().positive().default(30).describe('Console socket heartbeat; each beat also closes sockets whose session ended.'),
    segmentPriority: z
      .record(z.string(), z.number())
      .default({ 'high-value': 10, loyal: 5 })
      .describe('Extra queue priority by profile.attributes.segment.'),
  })
  .strict();

/** The validated `handoff:` block. */
export type HandoffConfig = z.infer<typeof HandoffConfigSchema>;

/**
 * The handoff settings in effect: the block as `server/load-bot.ts` validated and defaulted it, or
 * the defaults when bot.yaml has none. Not validated again, so a mistake has one message, the one
 * with its line and column.
 */
export function handoffSettings(section: unknown): HandoffConfig {
  return (section as HandoffConfig | undefined) ?? HandoffConfigSchema.parse({});
}
