import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../core/errors';
import { checkReferences, parseDialog, type CheckContext, type DialogIssue } from './check';
import type { Dialog } from './schema';

/** A problem at a place in a file, printed as `file:line:col message`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Formats problems one per line, the way editors and CI link them. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('\n');
}

/** Where a dialog came from, to point problems at their line. */
export interface DialogSource {
  file: string;
  doc?: Document;
  lines?: LineCounter;
}

/** The dialogs of a folder and everything wrong with them. */
export interface LoadResult {
  dialogs: Dialog[];
  sources: DialogSource[];
  problems: Problem[];
}

/**
 * Reads every `*.yaml`/`*.yml` file under `dir` (one dialog per file), validates each against the
 * schema and checks references across all of them (and against `extra` dialogs built in code).
 * Problems point at their line; `file` is relative to `relativeTo` (default: `dir`'s parent).
 */
export function loadDialogs(dir: string, options: CheckContext & { extra?: Dialog[]; relativeTo?: string } = {}): LoadResult {
  const files = existsSync(dir) ? listYaml(dir) : [];
  const base = options.relativeTo ?? join(dir, '..');
  const dialogs: Dialog[] = [];
  const sources: DialogSource[] = [];
  const problems: Problem[] = [];
  for (const path of files) {
    const file = relative(base, path);
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push({ file, ...pos(lines, e.pos[0]), message: e.message.split('\n')[0] });
      continue;
    }
    const { dialog, issues } = parseDialog(doc.toJS());
    problems.push(...issues.map((i) => locate(i, { file, doc, lines })));
    if (dialog) {
      dialogs.push(dialog);
      sources.push({ file, doc, lines });
    }
  }
  for (const d of options.extra ?? []) {
    dialogs.push(d);
    sources.push({ file: `<code:${d.id}>` });
  }
  problems.push(...checkReferences(dialogs, { ...options, files: sources.map((s) => s.file) }).map((i) => locate(i, sources[i.dialog])));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { dialogs, sources, problems };
}

/** Like `loadDialogs`, but throws a `ConfigError` listing every problem. */
export function loadDialogsOrThrow(dir: string, options: CheckContext & { extra?: Dialog[]; relativeTo?: string } = {}): Dialog[] {
  const result = loadDialogs(dir, options);
  if (result.problems.length) throw new ConfigError(`Dialogs have errors:\n${formatProblems(result.problems)}`);
  return result.dialogs;
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function pos(lines: LineCounter, offset: number | undefined): { line: number; col: number } {
  return lines.linePos(offset ?? 0);
}

/** Points an issue at the deepest node of its path that exists in the file (or at the key itself). */
function locate(issue: DialogIssue, source: DialogSource): Problem {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  const message = `${where}${issue.message}`;
  const { doc, lines, file } = source;
  if (!doc || !lines) return { file, line: 0, col: 0, message };
  let node: unknown;
  for (let i = issue.path.length; i >= 0 && !node; i--) {
    node = i === 0 ? doc.contents : doc.getIn(issue.path.slice(0, i), true);
    if (node && issue.key && i === issue.path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === issue.key);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
  }
  const range = (node as { range?: [number, number] } | undefined)?.range;
  return { file, ...pos(lines, range?.[0]), message };
}
