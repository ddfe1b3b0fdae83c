import type { Bot } from '../core/bot';
import { serviceKey } from '../core/services';
import type { TurnContext } from '../core/context';
import type { Dialog } from './schema';

/**
 * A named TypeScript action a dialog's `call` step runs. It receives the turn, the step's `args`
 * (templates filled) and the dialog's slots; what it returns goes into the step's `into` slot.
 * Throwing takes the step's `onError` branch.
 */
export type DialogAction = (ctx: TurnContext, args: Record<string, unknown>, slots: Record<string, unknown>) => unknown;

/** What a bot registers for its dialogs: actions by name, and dialogs built in code. */
export interface DialogRegistry {
  actions: Map<string, DialogAction>;
  dialogs: Dialog[];
}

const KEY = serviceKey<DialogRegistry>('dialogRegistry');

/** The bot's dialog registry (created on first use; kept in `bot.services`). */
export function dialogRegistry(bot: Bot): DialogRegistry {
  let registry = bot.services.get(KEY);
  if (!registry) bot.services.provide(KEY, (registry = { actions: new Map(), dialogs: [] }));
  return registry;
}

/** Registers actions that dialogs `call` by name: `dialogActions(bot, { lookupOrder: async (ctx, args) => … })`. */
export function dialogActions(bot: Bot, actions: Record<string, DialogAction>): void {
  const registry = dialogRegistry(bot);
  for (const [name, action] of Object.entries(actions)) registry.actions.set(name, action);
}

/** Adds dialogs built in code (see `dialog()` in `dialogs/builder.ts`); they join the YAML ones. */
export function addDialogs(bot: Bot, ...dialogs: Array<Dialog | { build(): Dialog }>): void {
  const registry = dialogRegistry(bot);
  for (const d of dialogs) registry.dialogs.push('build' in d && typeof d.build === 'function' ? d.build() : (d as Dialog));
}
