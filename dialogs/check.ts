import { z } from 'zod';
import { nearest } from '../core/nearest';
import { authorOrigin } from './webhook-url';
import { ExprError, parseExpr } from './expr';
import { DialogSchema, STEP_SCHEMAS, stepKind, type Dialog, type Step, type Target } from './schema';

/** A problem found in a dialog, at a path inside it (`['steps', 2, 'goto']`). */
export interface DialogIssue {
  /** Index of the dialog in the list checked. */
  dialog: number;
  path: Array<string | number>;
  message: string;
  /** For unknown keys: the key, so the report points at it rather than its parent. */
  key?: string;
}

// The dialog's own fields; steps are checked one by one below.
const TopSchema = DialogSchema.extend({ steps: z.unknown() });

/**
 * Validates one raw dialog (from YAML or code) against the schema, step by step so each error
 * names the step's own kind instead of "matches none of nine shapes". Returns the dialog with
 * defaults filled in, or the issues.
 */
export function parseDialog(raw: unknown, index = 0): { dialog?: Dialog; issues: DialogIssue[] } {
  const issues: DialogIssue[] = [];
  const add = (prefix: Array<string | number>, err: z.ZodError) => {
    for (const issue of err.issues) {
      const path = [...prefix, ...(issue.path as Array<string | number>)];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) issues.push({ dialog: index, path, message: issue.message, key });
    }
  };
  const rawSteps = (raw as { steps?: unknown })?.steps;
  const top = TopSchema.safeParse(raw);
  if (!top.success) add([], top.error);
  if (!Array.isArray(rawSteps) || !rawSteps.length) {
    issues.push({ dialog: index, path: Array.isArray(rawSteps) ? ['steps'] : [], message: 'a dialog needs a non-empty `steps` list' });
    return { issues };
  }
  const steps: Step[] = [];
  rawSteps.forEach((raw, i) => {
    const kind = raw && typeof raw === 'object' ? stepKind(raw) : undefined;
    if (!kind) {
      issues.push({ dialog: index, path: ['steps', i], message: `a step needs one of: ${Object.keys(STEP_SCHEMAS).join(', ')}` });
      return;
    }
    const parsed = STEP_SCHEMAS[kind].safeParse(raw);
    if (parsed.success) steps.push(parsed.data as Step);
    else add(['steps', i], parsed.error);
  });
  if (issues.length || !top.success) return { issues };
  return { dialog: { ...top.data, steps } as Dialog, issues };
}

/** What reference checking needs to know beyond the dialogs themselves. */
export interface CheckContext {
  /** Names of the TypeScript actions the bot registered; undefined skips the check. */
  actions?: Set<string>;
  /** Where each dialog comes from (same order), to say where a duplicate id was first used. */
  files?: string[];
  /** Ids of the knowledge base's articles (a dialog's `knowledge:` must name one); undefined skips the check. */
  articles?: Set<string>;
}

/**
 * Checks references across dialogs: unique ids, `goto`/`begin` to dialogs that exist, `jump` to
 * step ids that exist, registered actions, articles named by `knowledge:`, regular expressions
 * and conditions that compile.
 */
export function checkReferences(dialogs: Dialog[], context: CheckContext = {}): DialogIssue[] {
  const issues: DialogIssue[] = [];
  const ids = new Map<string, number>();
  dialogs.forEach((d, i) => {
    const first = ids.get(d.id);
    if (first === undefined) ids.set(d.id, i);
    else issues.push({ dialog: i, path: ['id'], message: `duplicate dialog id "${d.id}" (first in ${context.files?.[first] ?? 'another dialog'})` });
  });
  dialogs.forEach((d, di) => {
    const at = (path: Array<string | number>, message: string) => issues.push({ dialog: di, path, message });
    if (d.knowledge && context.articles && !context.articles.has(d.knowledge)) {
      at(['knowledge'], `no article "${d.knowledge}" in the knowledge base${suggest(d.knowledge, context.articles)}`);
    }
    const labels = new Set<string>();
    d.steps.forEach((s, si) => {
      if (!s.id) return;
      if (labels.has(s.id)) at(['steps', si, 'id'], `duplicate step id "${s.id}" in dialog "${d.id}"`);
      labels.add(s.id);
    });
    const target = (t: Partial<Target> | undefined, path: Array<string | number>) => {
      if (!t) return;
      if (t.goto && !ids.has(t.goto)) at([...path, 'goto'], `unknown dialog "${t.goto}"${suggest(t.goto, ids.keys())}`);
      if (t.begin && !ids.has(t.begin)) at([...path, 'begin'], `unknown dialog "${t.begin}"${suggest(t.begin, ids.keys())}`);
      if (t.jump && !labels.has(t.jump)) at([...path, 'jump'], `unknown step id "${t.jump}" in dialog "${d.id}"${suggest(t.jump, labels)}`);
    };
    d.steps.forEach((s, si) => checkStep(s, ['steps', si], target, at, context));
  });
  return issues;
}

function checkStep(
  s: Step,
  path: Array<string | number>,
  target: (t: Partial<Target> | undefined, path: Array<string | number>) => void,
  at: (path: Array<string | number>, message: string) => void,
  context: CheckContext,
): void {
  if ('goto' in s || 'begin' in s) target(s as Partial<Target>, path);
  if ('ask' in s) {
    if (s.pattern !== undefined) {
      try {
        new RegExp(s.pattern, 'iu');
      } catch (err) {
        at([...path, 'pattern'], `bad regular expression: ${(err as Error).message}`);
      }
    }
    if (s.type === 'regex' && !s.pattern) at([...path, 'type'], 'type regex needs a `pattern`');
    if (s.type === 'choice' && !s.choices?.length) at([...path, 'type'], 'type choice needs `choices`');
    target(s.fallback, [...path, 'fallback']);
  }
  if ('branch' in s) {
    s.branch.forEach((c, ci) => {
      if (c.if !== undefined) {
        try {
          parseExpr(c.if);
        } catch (err) {
          if (err instanceof ExprError) at([...path, 'branch', ci, 'if'], err.message);
          else throw err;
        }
      }
      if (!c.jump && !c.goto && !c.begin && !c.say) at([...path, 'branch', ci], 'a branch case needs `say`, `jump`, `goto` or `begin`');
      target(c, [...path, 'branch', ci]);
    });
  }
  if ('call' in s) {
    if (typeof s.call === 'string') {
      if (context.actions && !context.actions.has(s.call)) {
        const known = [...context.actions];
        at([...path, 'call'], `unknown action "${s.call}"${suggest(s.call, context.actions)}; register it with dialogActions(bot, { ${s.call}: async (ctx, args) => … })${known.length ? ` (known: ${known.join(', ')})` : ''}`);
      }
    } else if (!/^https?:\/\/[^\s]+$/.test(s.call.webhook)) {
      at([...path, 'call', 'webhook'], `webhook "${s.call.webhook}" is not an http(s) URL`);
    } else {
      try {
        authorOrigin(s.call.webhook);
      } catch (err) {
        at([...path, 'call', 'webhook'], (err as Error).message);
      }
    }
    target(s.onError, [...path, 'onError']);
  }
  if ('answer' in s) target(s.onNoAnswer, [...path, 'onNoAnswer']);
}

function suggest(name: string, known: Iterable<string>): string {
  const best = nearest(name, known, Math.max(2, Math.floor(name.length / 4)));
  return best ? ` (did you mean "${best}"?)` : '';
}
