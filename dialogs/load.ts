import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../core/errors';
import { formatYamlProblems, YamlText, type YamlProblem } from '../core/yaml';
import { checkReferences, parseDialog, type CheckContext, type DialogIssue } from './check';
import type { Dialog } from './schema';

/** A problem at a place in a file, printed as `file:line:col message`. */
export interface Problem extends YamlProblem {
  file: string;
}

/** Formats problems of several files one per line, the way editors and CI link them. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => formatYamlProblems(p.file, [p])).join('\n');
}

/** Where a dialog came from, to point problems at their line (no `yaml` for a dialog built in code). */
export interface DialogSource {
  file: string;
  yaml?: YamlText;
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
    const read = YamlText.parse(readFileSync(path, 'utf8'));
    if (!read.ok) {
      problems.push(...read.problems.map((p) => ({ file, ...p })));
      continue;
    }
    const source = { file, yaml: read.yaml };
    const { dialog, issues } = parseDialog(read.yaml.data);
    problems.push(...issues.map((i) => locate(i, source)));
    if (dialog) {
      dialogs.push(dialog);
      sources.push(source);
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

/** Points an issue at its place in the file: the deepest node of its path that exists, or the unknown key itself. */
function locate(issue: DialogIssue, { file, yaml }: DialogSource): Problem {
  const message = issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
  return { file, ...(yaml ? yaml.at(issue.path, issue.key) : { line: 0, col: 0 }), message };
}
