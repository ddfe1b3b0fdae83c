import { z } from 'zod';

/**
 * The `vision:` block of bot.yaml: how customers' photos are read. `server/load-bot.ts` validates
 * bot.yaml with it, so a mistake is reported at its `bot.yaml:line:col`.
 */
export const VisionConfigSchema = z
  .object({
    ocrWorkers: z.number().int().min(1).max(16).optional().describe('OCR worker threads (default: the cores but one, at least 1).'),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000).describe('Longest a photo may take, queueing included; then it goes to a person.'),
    maxSide: z.number().int().min(400).max(4000).default(1800).describe('Photos are downscaled to this longer side before reading.'),
    minTextConfidence: z.number().min(0).max(1).default(0.6).describe('OCR text below this confidence is not used as a knowledge question (codes still count).'),
    describe: z.boolean().default(false).describe('Ask the configured vision-capable chat model (LLM_PROVIDER) to describe each photo for retrieval.'),
  })
  .strict();

/** The validated `vision:` block. */
export type VisionConfig = z.infer<typeof VisionConfigSchema>;

/** The settings in effect: the block as `server/load-bot.ts` validated it, or the defaults. */
export function visionSettings(section: unknown): VisionConfig {
  return (section as VisionConfig | undefined) ?? VisionConfigSchema.parse({});
}
