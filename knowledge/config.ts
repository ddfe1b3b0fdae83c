import { z } from 'zod';
import { EmbeddingsSettingSchema } from '../core/embeddings';
import { ConfigError } from '../core/errors';

/**
 * The default `answerThreshold`: the calibrated confidence at or above which an article is answered
 * outright. Also the bar a confidence is judged against when no bot's setting is at hand (see
 * `ConfidenceBar`).
 */
export const ANSWER_THRESHOLD = 0.6;

/** When a bot reads its bilingual dictionaries (`knowledge.translation.warm`). */
export const TRANSLATION_WARM = ['startup', 'first-use'] as const;

/** `knowledge.translation`: bilingual dictionaries and machine translation for questions about articles in other languages. */
export const TranslationConfigSchema = z
  .object({
    freedict: z.string().min(1).optional().describe('FreeDict dictionaries in dictd format (freedict-spa-eng.index + .dict.dz …): a folder, relative to the bot folder, or "auto" for Debian\'s /usr/share/dictd when installed.'),
    apertium: z
      .union([z.boolean(), z.string().min(1)])
      .optional()
      .describe('Apertium machine translation: "auto" (Debian\'s /usr/share/apertium when installed), true (the same, required), or its data folder.'),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000).describe('Longest wait for a translation in a customer\'s turn (a translator still busy is left out of that question); an Apertium process that has loaded and takes longer is restarted.'),
    warm: z
      .enum(TRANSLATION_WARM)
      .default('startup')
      .describe('When the dictionaries are read and Apertium\'s processes started: "startup" (German\'s index takes seconds, Apertium a second per direction, spent before the first customer) or "first-use" (by the first question that needs one: for test suites and short-lived processes that start many apps). KNOWLEDGE_TRANSLATION_WARM wins.'),
  })
  .strict();

/** The validated `knowledge.translation` block. */
export type TranslationConfig = z.infer<typeof TranslationConfigSchema>;

/**
 * The `knowledge:` block of bot.yaml. `server/load-bot.ts` validates bot.yaml with it, so a mistake
 * here is reported at its `bot.yaml:line:col` like any other setting.
 */
export const KnowledgeConfigSchema = z
  .object({
    folder: z.string().default('knowledge').describe('Article files, relative to the bot folder.'),
    answerThreshold: z.number().min(0).max(1).default(ANSWER_THRESHOLD).describe('Answer outright at or above this confidence (calibrated; see docs/knowledge.md).'),
    clarifyThreshold: z.number().min(0).max(1).default(0.2).describe('Below answerThreshold and at or above this: offer the closest articles.'),
    maxAnswerChars: z.number().int().min(120).max(4000).default(600),
    generative: z.boolean().default(false).describe('Write answers with the LLM (grounded in passages) instead of quoting them.'),
    feedback: z.boolean().default(true).describe('Ask "Did this help?" after answers.'),
    translation: z
      .preprocess((v) => (v === 'auto' ? { freedict: 'auto', apertium: 'auto' } : v), TranslationConfigSchema)
      .optional()
      .describe('Dictionaries and machine translation for cross-language answers: "auto" (FreeDict and Apertium where Debian installed them, else none, said in the log) or each one (see docs/knowledge.md).'),
    background: z
      .union([z.boolean(), z.string().min(1)])
      .default(true)
      .describe('Other businesses\' requests, for telling a question that is theirs (a bank\'s, a restaurant\'s) from the shop\'s: true (the shipped CLINC150 and Banking77 requests), false (none), or a folder of your own `<name>.<locale>.txt` files, relative to the bot folder (see docs/knowledge.md).'),
    embeddings: EmbeddingsSettingSchema.optional().describe('A sentence-embedding model joined with the lexical search: a local model folder, or {url, model, apiKey?} of an OpenAI-compatible endpoint (KNOWLEDGE_EMBEDDINGS wins).'),
  })
  .strict();

/** The validated `knowledge:` block. */
export type KnowledgeConfig = z.infer<typeof KnowledgeConfigSchema>;

/**
 * The knowledge settings in effect: the block as `server/load-bot.ts` validated and defaulted it,
 * or the defaults when bot.yaml has none. Not validated again, so a mistake has one message, the
 * one with its line and column.
 */
export function knowledgeSettings(section: unknown): KnowledgeConfig {
  return (section as KnowledgeConfig | undefined) ?? KnowledgeConfigSchema.parse({});
}

/**
 * When the dictionaries are read: `KNOWLEDGE_TRANSLATION_WARM` when set (a deployment or a test
 * run decides it for every bot), else `knowledge.translation.warm`, else at start-up.
 */
export function translationWarm(config: KnowledgeConfig, env: NodeJS.ProcessEnv): TranslationWarm {
  const fromEnv = env.KNOWLEDGE_TRANSLATION_WARM?.trim();
  if (!fromEnv) return config.translation?.warm ?? 'startup';
  const warm = TRANSLATION_WARM.find((w) => w === fromEnv);
  if (!warm) throw new ConfigError(`KNOWLEDGE_TRANSLATION_WARM must be ${TRANSLATION_WARM.join(' or ')}, not "${fromEnv}"`);
  return warm;
}

/** A value of `knowledge.translation.warm`. */
export type TranslationWarm = (typeof TRANSLATION_WARM)[number];
