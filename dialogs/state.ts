import type { TurnContext } from '../core/context';

/**
 * One running dialog: which one, the index of its current step, and the slots filled so far.
 * `waiting` marks an `ask` awaiting the customer's answer; `failures` counts invalid answers;
 * `resume` asks to repeat the pending question once a digression above it has ended.
 */
export interface Frame {
  dialog: string;
  step: number;
  slots: Record<string, unknown>;
  waiting?: boolean;
  failures?: number;
  resume?: boolean;
}

/** The dialog part of the conversation state: plain JSON, saved with each turn by the engine. */
export interface DialogState {
  stack: Frame[];
  /** The last dialog that ended and its slots (for tests and follow-ups). */
  last?: { dialog: string; slots: Record<string, unknown> };
}

const KEY = 'dialogs';

/** The conversation's dialog state (created empty on first use). */
export function dialogState(ctx: TurnContext): DialogState {
  let state = ctx.state[KEY] as DialogState | undefined;
  if (!state || !Array.isArray(state.stack)) ctx.state[KEY] = state = { stack: [] };
  return state;
}

/** True while a dialog is running in the conversation (bots use it to stay out of a form's way). */
export function inDialog(ctx: TurnContext): boolean {
  return dialogState(ctx).stack.length > 0;
}

/** The slots of every running dialog (the top one winning), else of the last one that ended. */
export function currentSlots(state: DialogState | undefined): Record<string, unknown> {
  if (!state?.stack?.length) return { ...(state?.last?.slots ?? {}) };
  return Object.assign({}, ...state.stack.map((f) => f.slots));
}
