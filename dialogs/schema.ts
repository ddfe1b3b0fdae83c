import { z } from 'zod';
import { LOCALE_TAG } from '../core/locale';

/**
 * The one source of truth for the dialog format. YAML files in a bot's `dialogs/` folder and the
 * TypeScript builder both produce a `Dialog`; `dialogs/schema.json` (for editor autocompletion)
 * is generated from these definitions by `switchboard validate --write-schema`.
 */

/** Text shown to the customer: one string, or one per locale (`{ en: "…", es: "…" }`). */
export const TextSchema = z
  .union([z.string(), z.record(z.string(), z.string())])
  .describe('A string, or texts per locale. Templates: {{slots.name}}, {{profile.name}}, {{locale}}, {{channel}}.');
export type Text = z.infer<typeof TextSchema>;

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "-", "_" or "."');

/** A button offered with a `say`. */
export const ButtonSchema = z
  .object({ title: TextSchema, payload: z.string().optional(), url: z.string().optional() })
  .strict();

/** Where to go next: a step label in this dialog (`jump`), or another dialog (`goto`/`begin`). */
const TargetFields = {
  jump: z.string().optional().describe('A step id in this dialog.'),
  goto: id.optional().describe('Replace this dialog with another.'),
  begin: id.optional().describe('Run another dialog, then come back to the next step.'),
  say: TextSchema.optional(),
};
/** Where a branch case, fallback or error handler leads. */
export const TargetSchema = z.object(TargetFields).strict();
/** A parsed target. */
export type Target = z.infer<typeof TargetSchema>;

const common = { id: z.string().optional().describe('A label for `jump`.') };

/** `say`: send a text, optionally with buttons. */
export const SayStep = z.object({ ...common, say: TextSchema, buttons: z.array(ButtonSchema).optional() }).strict();

export const SLOT_TYPES = ['text', 'number', 'date', 'email', 'phone', 'choice', 'yes-no', 'regex'] as const;
/** The kinds of value an `ask` step can collect. */
export type SlotType = (typeof SLOT_TYPES)[number];

const ChoiceObject = z
  .object({
    value: z.string(),
    title: TextSchema.optional(),
    synonyms: z.array(z.string()).optional().describe('Other words that pick this choice, in any language.'),
  })
  .strict();

/**
 * One option of a `choice` question: `{ value, title, synonyms }`, or a plain string as the
 * shorthand for `{ value: "Road" }` (the value is then also the button's title).
 */
export const ChoiceSchema = z.union(
  [z.string().min(1).transform((value): z.output<typeof ChoiceObject> => ({ value })), ChoiceObject],
  { error: 'expected a string ("Road") or { value, title, synonyms } (value: what the slot gets; title: the button, per locale)' },
);

/** `ask`: ask for a slot value, parse and validate it, re-prompt, give up to a fallback. */
export const AskStep = z
  .object({
    ...common,
    ask: id.describe('The slot to fill.'),
    type: z.enum(SLOT_TYPES).default('text'),
    prompt: TextSchema,
    reprompt: TextSchema.optional().describe('Said when the answer is not valid (default: a generic retry text).'),
    choices: z.array(ChoiceSchema).optional(),
    pattern: z.string().optional().describe('For type regex: the value must match (case-insensitive).'),
    min: z.number().optional(),
    max: z.number().optional(),
    past: z.boolean().optional().describe('For dates: must not be in the future.'),
    future: z.boolean().optional().describe('For dates: must not be in the past.'),
    maxRetries: z.number().int().min(0).max(10).default(2),
    fallback: TargetSchema.optional().describe('Where to go after maxRetries failed answers (default: apologise and end).'),
  })
  .strict();

/** One case of a `branch`: a condition (none: else) and where it leads. */
export const BranchCase = z
  .object({ if: z.string().optional().describe('e.g. slots.reason == "damaged" and channel != "sms"; none: else'), ...TargetFields })
  .strict();
/** `branch`: follow the first case whose condition holds. */
export const BranchStep = z.object({ ...common, branch: z.array(BranchCase).min(1) }).strict();

/** An HTTP webhook a `call` step runs. */
export const WebhookSchema = z
  .object({
    webhook: z.string().describe('URL to POST {slots, args, customer} to; the JSON answer is the result.'),
    method: z.enum(['GET', 'POST']).default('POST'),
    timeoutMs: z.number().int().positive().max(30_000).default(5000),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** `call`: run a registered action or a webhook; result into a slot, errors to `onError`. */
export const CallStep = z
  .object({
    ...common,
    call: z.union([id, WebhookSchema]).describe('A TypeScript action registered by the bot, or a webhook.'),
    args: z.record(z.string(), z.unknown()).optional().describe('Values may be templates.'),
    into: z.string().optional().describe('Slot receiving the result.'),
    onError: TargetSchema.optional(),
  })
  .strict();

/** A question per locale (`{ en: "…", de: "…" }`): keys are language tags, each with a question. */
const QuestionPerLocale = z
  .record(
    z.string().regex(LOCALE_TAG, { error: 'use a language tag ("en", "pt-BR") as the key' }),
    z.string().min(1, { error: 'a question per locale cannot be empty' }),
  )
  .refine((texts) => Object.keys(texts).length > 0, { error: 'give a question for at least one locale' });

/**
 * `answer`: ask the knowledge base (the `answerer` service). A template is the bot's question, not
 * the customer's words: the reply is still for the customer's language (the article's translation,
 * or the article with an "only in <language>" note).
 */
export const AnswerStep = z
  .object({
    ...common,
    answer: z
      .union([z.literal(true), z.string().min(1, { error: 'the question cannot be empty' }), QuestionPerLocale], {
        error: 'expected true, a question, or a question per locale ({ en: "…", de: "…" }, keyed by language tags like "en" or "pt-BR")',
      })
      .describe('true: the customer’s last message; or a template; or a template per locale ({en: "…", de: "…"}, the default locale’s for others).'),
    onNoAnswer: TargetSchema.optional(),
  })
  .strict();

/** `handoff`: escalate to a person (the `escalator` service). */
export const HandoffStep = z
  .object({
    ...common,
    handoff: z.union([
      z.literal(true),
      z.object({ note: z.string().optional(), queue: z.string().optional(), topic: z.string().optional() }).strict(),
    ]),
  })
  .strict();

/** `products`: search the catalog (the `CatalogSearch` service) and show what matches as cards. */
export const ProductsStep = z
  .object({
    ...common,
    products: z
      .object({
        query: z.union([z.literal(true), z.string()]).default(true).describe('true: the customer’s last message ("waterproof jackets under £100"); or a template.'),
        max: z.number().int().min(1).max(10).default(3).describe('Most products shown.'),
        category: z.string().optional().describe('Only this catalog category.'),
        maxPrice: z.number().nonnegative().optional().describe('Only products at or below this price.'),
      })
      .strict(),
    into: z.string().optional().describe('Slot receiving the ids of the products shown.'),
    onNone: TargetSchema.optional().describe('Where to go when nothing matches (default: say so and go on).'),
  })
  .strict();

/** `order`: load the customer's latest order (the `OrderLookup` service) into a slot. */
export const OrderStep = z
  .object({
    ...common,
    order: z.literal('latest'),
    into: z.string().default('order').describe('Slot receiving the order: id, items, total, status, shippingAddress, placedAt, minutesAgo.'),
    onNone: TargetSchema.optional().describe('Where to go when the customer has no order (default: the next step, with the slot empty).'),
  })
  .strict();

/** `goto`: replace this dialog with another. */
export const GotoStep = z.object({ ...common, goto: id }).strict();
/** `begin`: run another dialog, then continue here. */
export const BeginStep = z.object({ ...common, begin: id }).strict();
/** `end`: end this dialog. */
export const EndStep = z.object({ ...common, end: z.literal(true) }).strict();

/** Each step kind's schema, by the key that defines it (checked in this order). */
export const STEP_SCHEMAS = {
  ask: AskStep,
  say: SayStep,
  branch: BranchStep,
  call: CallStep,
  answer: AnswerStep,
  handoff: HandoffStep,
  products: ProductsStep,
  order: OrderStep,
  goto: GotoStep,
  begin: BeginStep,
  end: EndStep,
} as const;
/** The kinds of step. */
export type StepKind = keyof typeof STEP_SCHEMAS;

/** One step of a dialog. */
export const StepSchema = z.union([SayStep, AskStep, BranchStep, CallStep, AnswerStep, HandoffStep, ProductsStep, OrderStep, GotoStep, BeginStep, EndStep]);
/** A parsed step. */
export type Step = z.infer<typeof StepSchema>;
/** A step as written (defaults not yet filled). */
export type StepInput = z.input<typeof StepSchema>;

/** What starts a dialog. */
export const TriggersSchema = z
  .object({
    intents: z
      .record(z.string(), z.array(z.string().min(1)))
      .optional()
      .describe('Example utterances per locale, used to train the intent recognizer.'),
    keywords: z.array(z.string().min(1)).optional().describe('Words or phrases that start the dialog in any language.'),
    events: z.array(z.string()).optional().describe('Names of events (message metadata.event) that start it.'),
    payloads: z.array(z.string()).optional().describe('Button payloads that start it.'),
  })
  .strict();

/** A dialog: its id, what starts it, and its steps. */
export const DialogSchema = z
  .object({
    id,
    description: z.string().optional(),
    triggers: TriggersSchema.optional(),
    knowledge: id
      .optional()
      .describe(
        'The id of the knowledge-base article on this dialog’s topic. When a customer’s own words start the dialog and the knowledge base ranks this article first for them, the article’s answer is sent before the first step.',
      ),
    steps: z.array(StepSchema).min(1),
  })
  .strict();
/** A parsed dialog. */
export type Dialog = z.infer<typeof DialogSchema>;
/** A dialog as written. */
export type DialogInput = z.input<typeof DialogSchema>;

/** The JSON Schema of a dialog file, for editors (yaml-language-server) and other tools. */
export function dialogJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(DialogSchema, { io: 'input' }), title: 'Switchboard dialog' } as Record<string, unknown>;
}

/** Which kind a step is (its defining key). */
export function stepKind(step: object): StepKind | undefined {
  return (Object.keys(STEP_SCHEMAS) as StepKind[]).find((kind) => kind in step);
}
