import { ConfigError } from '../core/errors';
import { parseDialog } from './check';
import type { z } from 'zod';
import type { AnswerStep, AskStep, BranchCase, CallStep, Dialog, DialogInput, SayStep, StepInput, Text } from './schema';

type In<T extends z.ZodType> = Omit<z.input<T>, 'id'> & { id?: string };

/**
 * Builds the same dialog model as a YAML file, in TypeScript:
 *
 *     dialog('store-hours')
 *       .intents('en', ['when are you open', 'opening hours'])
 *       .say({ en: 'We are open 9–18.', es: 'Abrimos de 9 a 18.' })
 *       .build();
 *
 * `build()` validates with the same schema as YAML files and throws a `ConfigError` naming the
 * problem, so a mistake in code fails at start-up just like one in a file.
 */
export class DialogBuilder {
  private readonly raw: DialogInput;

  constructor(id: string) {
    this.raw = { id, steps: [] };
  }

  describe(description: string): this {
    this.raw.description = description;
    return this;
  }

  /** Example utterances in `locale` that start this dialog. */
  intents(locale: string, examples: string[]): this {
    const t = (this.raw.triggers ??= {});
    (t.intents ??= {})[locale] = [...(t.intents[locale] ?? []), ...examples];
    return this;
  }

  keywords(...words: string[]): this {
    ((this.raw.triggers ??= {}).keywords ??= []).push(...words);
    return this;
  }

  events(...names: string[]): this {
    ((this.raw.triggers ??= {}).events ??= []).push(...names);
    return this;
  }

  payloads(...payloads: string[]): this {
    ((this.raw.triggers ??= {}).payloads ??= []).push(...payloads);
    return this;
  }

  /** The knowledge base's article on this dialog's topic (`knowledge:` in YAML): answered first when the customer's words start the dialog. */
  knowledge(articleId: string): this {
    this.raw.knowledge = articleId;
    return this;
  }

  say(text: Text, options: Omit<In<typeof SayStep>, 'say'> = {}): this {
    return this.step({ ...options, say: text });
  }

  ask(slot: string, options: Omit<In<typeof AskStep>, 'ask'>): this {
    return this.step({ ...options, ask: slot } as StepInput);
  }

  branch(...cases: Array<z.input<typeof BranchCase>>): this {
    return this.step({ branch: cases });
  }

  call(action: In<typeof CallStep>['call'], options: Omit<In<typeof CallStep>, 'call'> = {}): this {
    return this.step({ ...options, call: action } as StepInput);
  }

  /** Asks the knowledge base: `true` the customer's message, or a question (a template, or one per locale). */
  answer(question: In<typeof AnswerStep>['answer'] = true, options: Omit<In<typeof AnswerStep>, 'answer'> = {}): this {
    return this.step({ ...options, answer: question } as StepInput);
  }

  handoff(options: { note?: string; queue?: string; topic?: string } | true = true): this {
    return this.step({ handoff: options });
  }

  goto(dialog: string): this {
    return this.step({ goto: dialog });
  }

  begin(dialog: string): this {
    return this.step({ begin: dialog });
  }

  end(): this {
    return this.step({ end: true });
  }

  /** Adds a step as written in YAML (for kinds or options the shortcuts do not cover). */
  step(step: StepInput): this {
    (this.raw.steps as StepInput[]).push(step);
    return this;
  }

  /** The validated dialog. */
  build(): Dialog {
    const { dialog, issues } = parseDialog(this.raw);
    if (!dialog) {
      throw new ConfigError(`Dialog "${this.raw.id}" is invalid:\n${issues.map((i) => `  ${i.path.join('.') || '(dialog)'}: ${i.message}`).join('\n')}`);
    }
    return dialog;
  }
}

/** Starts building a dialog in code. */
export function dialog(id: string): DialogBuilder {
  return new DialogBuilder(id);
}
