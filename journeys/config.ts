import { z } from 'zod';
import { ConfigError } from '../core/errors';

/** A duration as authors write it: `90s`, `15m`, `2h`, `3d`, `1w`, or milliseconds as a number. */
export const Duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?\s*(s|m|h|d|w)$/, 'a duration like 30m, 2h, 3d or 1w'),
]);

/** Milliseconds in a `Duration`. */
export function durationMs(value: z.infer<typeof Duration>): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(value)!;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's'];
  return Math.round(Number(m[1]) * unit);
}

/** The journey stages, from first contact to repeat customer. */
export const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'post-purchase', 'support', 'loyalty'] as const;

/** One stage rule: the customer is at `stage` when they did `event` at least `atLeast` times within `within`. */
const StageRule = z
  .object({
    stage: z.enum(STAGES),
    when: z
      .object({
        event: z.union([z.string(), z.array(z.string()).min(1)]),
        atLeast: z.number().int().positive().default(1),
        within: Duration.optional(),
      })
      .strict()
      .optional()
      .describe('No condition: the rule always matches (use it last, as the default).'),
  })
  .strict();

/** Ordered stage rules: the first that matches wins. Authors replace the whole list in bot.yaml. */
export const DEFAULT_STAGE_RULES: Array<z.input<typeof StageRule>> = [
  { stage: 'support', when: { event: 'handoff_requested', within: '3d' } },
  { stage: 'loyalty', when: { event: 'order_placed', atLeast: 3, within: '365d' } },
  { stage: 'post-purchase', when: { event: 'order_delivered', within: '30d' } },
  { stage: 'purchase', when: { event: 'order_placed', within: '30d' } },
  { stage: 'decision', when: { event: 'checkout_start', within: '7d' } },
  { stage: 'consideration', when: { event: ['product_view', 'cart_add'], within: '14d' } },
  { stage: 'awareness' },
];

const Segments = z
  .object({
    /** Orders and spend are counted over this window. */
    window: Duration.default('365d'),
    loyal: z.object({ minOrders: z.number().int().positive().default(3) }).strict().default({ minOrders: 3 }),
    highValue: z.object({ minSpend: z.number().nonnegative().default(500) }).strict().default({ minSpend: 500 }),
    /** Has ordered before, but not for `inactiveFor`, and shows no recent engagement. */
    atRisk: z.object({ inactiveFor: Duration.default('60d'), engagementWithin: Duration.default('30d') }).strict().default({ inactiveFor: '60d', engagementWithin: '30d' }),
    /** At least `minPromoOrders` orders carried a promotion (`properties.promo`, `coupon` or `campaign`). */
    promotionResponsive: z.object({ minPromoOrders: z.number().int().positive().default(2) }).strict().default({ minPromoOrders: 2 }),
    /** Which segment is the main one (`profile.attributes.segment`) when several apply. */
    priority: z.array(z.string()).default(['high-value', 'loyal', 'at-risk', 'promotion-responsive']),
  })
  .strict();

/** What a proactive rule reacts to, and when it fires. */
const RuleWhen = z
  .object({
    event: z.string().min(1),
    /** Fire only if this event did NOT happen after the trigger (cart_add without order_placed). */
    without: z.string().optional(),
    /** How long to wait for `without` (or simply: fire this long after the event). */
    within: Duration.optional(),
    after: Duration.optional(),
    /** Skip when the trigger's facts satisfy this, e.g. `csat>=4`. */
    unless: z
      .string()
      .regex(/^[a-zA-Z_][\w.]*\s*(>=|<=|==|!=|>|<)\s*[\w.-]+$/, 'a comparison like csat>=4')
      .optional(),
  })
  .strict()
  .refine((w) => !(w.within && w.after), 'give either "within" or "after", not both');

/** What a proactive rule sends. */
const RuleThen = z
  .object({
    /** Start this dialog (it runs as if the customer had triggered it). */
    dialog: z.string().optional(),
    /** Or send this survey (its id in bot.yaml `surveys:`, with `trigger: journey`). */
    survey: z.string().optional(),
    /** Or send this text, per locale; `{{viewed}}` and `{{recommended}}` are filled in. */
    text: z.record(z.string(), z.string()).optional(),
    /**
     * Send on this channel (`email`…) instead of the customer's preferred or last one: to their
     * address there, or the one the channel knows (the profile's e-mail); skipped without one.
     */
    channel: z.string().min(1).optional(),
    /** The approved WhatsApp template to send when the 24-hour window is closed. */
    whatsappTemplate: z.object({ name: z.string(), language: z.string().default('en_US') }).strict().optional(),
  })
  .strict()
  .refine((t) => [t.dialog, t.text, t.survey].filter(Boolean).length === 1, 'give one of "dialog", "text" or "survey"');

const ProactiveRule = z.object({ name: z.string().regex(/^[\w-]+$/), when: RuleWhen, then: RuleThen }).strict();

/** The `journeys:` block of bot.yaml. */
export const JourneysConfigSchema = z
  .object({
    /**
     * Events older than this are deleted by the nightly sweep. Keep it longer than the segment
     * window, or segments only see what is left.
     */
    retention: Duration.default('400d'),
    stages: z.array(StageRule).min(1).prefault(DEFAULT_STAGE_RULES),
    segments: Segments.prefault({}),
    proactive: z.array(ProactiveRule).default([]),
    /** No proactive message in these local hours of the customer (deferred to the end). */
    quietHours: z
      .object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) })
      .strict()
      .default({ start: '21:00', end: '08:00' }),
    /** Time zone for customers without `profile.timezone`. */
    defaultTimezone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}"; use an IANA name like Europe/Madrid` })
      .default('UTC'),
    /** At most `max` proactive messages per customer per `per`. */
    frequencyCap: z.object({ max: z.number().int().nonnegative(), per: Duration }).strict().default({ max: 2, per: '7d' }),
    /** How often due proactive messages are looked for. */
    pollInterval: Duration.default('30s'),
    /** Event types a browser may send (commerce facts like order_placed come from servers only). */
    browserEvents: z.array(z.string()).default(['page_view', 'product_view', 'cart_add', 'checkout_start']),
  })
  .strict();

/** The validated `journeys:` block. */
export type JourneysConfig = z.infer<typeof JourneysConfigSchema>;
/** One validated proactive rule. */
export type ProactiveRuleConfig = JourneysConfig['proactive'][number];

/**
 * Validates a `journeys:` block given in code (tests, embedders), with an error that names the
 * setting to fix. bot.yaml's block is validated by `server/load-bot.ts`, at its line and column.
 */
export function parseJourneysConfig(raw: unknown): JourneysConfig {
  const parsed = JourneysConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `journeys.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new ConfigError(`Invalid journeys settings: ${why}`);
}

/**
 * The journeys settings in effect: the block as `server/load-bot.ts` validated and defaulted it, or
 * the defaults when bot.yaml has none. Not validated again, so a mistake has one message, the one
 * with its line and column.
 */
export function journeysSettings(section: unknown): JourneysConfig {
  return (section as JourneysConfig | undefined) ?? JourneysConfigSchema.parse({});
}

/** Whether the runtime knows `tz` as a time zone (an IANA name like Europe/Madrid). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
