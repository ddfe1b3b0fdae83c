import { describeTrace, type TurnTrace } from '../core/trace';

/** A turn's trace as the lines `switchboard chat --debug` prints under the bot's replies. */
export function formatTrace(trace: TurnTrace): string[] {
  return describeTrace(trace).map(([k, v]) => `  · ${k.padEnd(9)} ${v}`);
}
