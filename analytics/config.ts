import { z } from 'zod';
import { ConfigError } from '../core/errors';

/**
 * The `analytics:` block of bot.yaml. `server/load-bot.ts` validates bot.yaml with it, so a mistake
 * here is reported at its `bot.yaml:line:col` like any other setting.
 */
export const AnalyticsConfigSchema = z
  .object({
    liveThrottleMs: z
      .number()
      .nonnegative()
      .default(2000)
      .describe('Least time in milliseconds between two pushes of the dashboard’s live tiles (env ANALYTICS_LIVE_THROTTLE_MS wins).'),
    csatAfterBot: z
      .boolean()
      .default(false)
      .describe('Ask "How did we do?" (1–5) when the bot ends a conversation no person was involved in (env ANALYTICS_CSAT_AFTER_BOT wins).'),
  })
  .strict();

/** The analytics settings in effect. */
export type AnalyticsSettings = z.infer<typeof AnalyticsConfigSchema>;

/**
 * The analytics settings: bot.yaml's `analytics:` block, each setting overridden by its environment
 * variable when that is set. The environment wins, as for channel credentials, so an operator can
 * change a deployment without editing the bot's files.
 */
export function analyticsSettings(raw: unknown, env: NodeJS.ProcessEnv): AnalyticsSettings {
  const parsed = AnalyticsConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `analytics${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid analytics settings in bot.yaml: ${why}`);
  }
  const settings = { ...parsed.data };
  const throttle = env.ANALYTICS_LIVE_THROTTLE_MS?.trim();
  if (throttle) {
    const ms = Number(throttle);
    if (!Number.isFinite(ms) || ms < 0) throw new ConfigError(`ANALYTICS_LIVE_THROTTLE_MS must be a number of milliseconds (e.g. 2000), not "${throttle}"`);
    settings.liveThrottleMs = ms;
  }
  const csat = env.ANALYTICS_CSAT_AFTER_BOT?.trim();
  if (csat) settings.csatAfterBot = flag('ANALYTICS_CSAT_AFTER_BOT', csat);
  return settings;
}

/** An on/off environment variable; anything unrecognised is an error rather than a silent "off". */
function flag(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false (also 1/0, yes/no, on/off), not "${value}"`);
}
