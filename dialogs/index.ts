/**
 * Dialogs: authored conversations (YAML files or the builder), the runtime that runs them, and
 * their tooling. `module.ts` wires them into an app (`dialogsModule`); bots import the authoring helpers
 * (`dialog`, `dialogActions`, `addDialogs`, `inDialog`, `setLanguage`) from `switchboard`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from '../core/bot';
import { NgramRecognizer } from './intents/ngram';
import type { IntentRecognizer } from './intents/types';
import { loadDialogsOrThrow } from './load';
import { dialogRegistry } from './registry';
import { DialogRuntime, type RuntimeOptions } from './runtime';

export { DialogRuntime, type RuntimeOptions } from './runtime';
export { dialog, DialogBuilder } from './builder';
export { dialogActions, addDialogs, dialogRegistry, type DialogAction, type DialogRegistry } from './registry';
export { inDialog, dialogState, currentSlots, type Frame, type DialogState } from './state';
export { detectLanguage, detectLanguageMiddleware, setLanguage } from './language';
export { isGreeting } from './commands';
export { loadDialogs, loadDialogsOrThrow, formatProblems, type Problem } from './load';
export { DialogSchema, dialogJsonSchema, type Dialog, type DialogInput, type Step } from './schema';

/** Options for `loadRuntime`. */
export interface LoadRuntimeOptions extends Partial<Omit<RuntimeOptions, 'dialogs' | 'actions'>> {
  /** Where the YAML dialogs are (default `<botDir>/dialogs`). */
  dir?: string;
}

/**
 * Loads a bot's dialogs — YAML files from `<botDir>/dialogs` plus those the bot added in code —
 * checks them (throwing a `ConfigError` with every `file:line:col` problem), and builds a runtime
 * whose recognizer is trained on their examples. The bot's entry module must have run first,
 * so its actions are registered.
 */
export async function loadRuntime(bot: Bot, botDir: string, options: LoadRuntimeOptions = {}): Promise<DialogRuntime> {
  const registry = dialogRegistry(bot);
  const dialogs = loadDialogsOrThrow(options.dir ?? join(botDir, 'dialogs'), {
    actions: new Set(registry.actions.keys()),
    extra: registry.dialogs,
    relativeTo: botDir,
  });
  const recognizer: IntentRecognizer = options.recognizer ?? new NgramRecognizer();
  const outOfScope = options.outOfScope ?? readOutOfScope(join(options.dir ?? join(botDir, 'dialogs'), 'out-of-scope.txt'));
  return DialogRuntime.create({ ...options, dialogs, actions: registry.actions, recognizer, outOfScope });
}

/**
 * Utterances that belong to no dialog (one per line, any language, `#` comments): without them a
 * recognizer trained on a handful of intents would map every question to one of them. Questions
 * the knowledge base answers and small talk make good examples.
 */
function readOutOfScope(path: string): string[] | undefined {
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}
