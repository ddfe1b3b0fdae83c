import { z } from 'zod';

/** Per-locale texts: `{ en: "How likely…", es: "¿Qué probabilidad…" }`. */
const LocalizedText = z.record(z.string(), z.string().min(1)).refine((t) => Object.keys(t).length > 0, 'give the text in at least one language');

/** One question of a survey. */
export const QuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'question ids are lower-case words (a-z, 0-9, _ and -)'),
    type: z.enum(['csat', 'nps', 'yes_no', 'choice', 'text']).describe('csat 1–5, nps 0–10, yes_no, choice (needs `choices`), or free text'),
    text: LocalizedText,
    choices: z.array(LocalizedText).min(2).max(10).optional().describe('The options of a `choice` question, each in its languages.'),
  })
  .strict()
  .refine((q) => (q.type === 'choice') === (q.choices !== undefined), { message: 'a `choice` question needs `choices`, and only it has them', path: ['choices'] });

/** One survey: when it is sent and what it asks. */
export const SurveySchema = z
  .object({
    trigger: z.enum(['handoff_resolved', 'bot_resolved', 'journey']).describe('After a resolved handoff, after the bot resolved a conversation, or only when a journey rule sends it.'),
    questions: z.array(QuestionSchema).min(1),
  })
  .strict();

/**
 * The `surveys:` block of bot.yaml: `cooldownDays` (default 30: a customer is never surveyed twice
 * within it) and the surveys by id. `server/load-bot.ts` validates bot.yaml with it, so a mistake is
 * reported at its `bot.yaml:line:col`.
 */
export const SurveysConfigSchema = z
  .object({ cooldownDays: z.number().nonnegative().default(30).describe('Days during which a customer who was sent a survey is sent no other.') })
  .catchall(SurveySchema);

/** A survey as defined in bot.yaml. */
export type Survey = z.infer<typeof SurveySchema>;
/** A question as defined in bot.yaml. */
export type Question = z.infer<typeof QuestionSchema>;

/** The survey settings in effect. */
export interface SurveySettings {
  cooldownMs: number;
  surveys: Map<string, Survey>;
}

/** The settings from bot.yaml's (already validated) `surveys:` block. */
export function surveySettings(raw: unknown): SurveySettings {
  const { cooldownDays, ...surveys } = SurveysConfigSchema.parse(raw ?? {});
  return { cooldownMs: cooldownDays * 86_400_000, surveys: new Map(Object.entries(surveys) as Array<[string, Survey]>) };
}
