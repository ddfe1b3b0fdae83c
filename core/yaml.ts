import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One thing wrong with a YAML text, at its line and column (both from 1). */
export interface YamlProblem {
  line: number;
  col: number;
  /** `path: what is wrong`, e.g. `locales.1: Invalid input: expected string, received number`. */
  message: string;
}

/** The validated data, or every problem in the text, in the order they stand in it. */
export type YamlResult<T> = { ok: true; data: T } | { ok: false; problems: YamlProblem[] };

/**
 * Parses YAML that people write by hand (bot.yaml, an article's front matter) and validates it
 * with `schema`, pointing each problem at the place to fix: a syntax error where the parser
 * stopped, a wrong value at the value, an unknown key at the key, a missing key at the mapping
 * that lacks it. `unknownKey` words the message for an unknown key (bot.yaml calls them settings).
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  options: { unknownKey?: (key: string) => string } = {},
): YamlResult<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined, message: string): YamlProblem => ({ ...lines.linePos(offset ?? 0), message });
  if (doc.errors.length) return { ok: false, problems: doc.errors.map((e) => at(e.pos[0], `not valid YAML: ${e.message.split('\n')[0]}`)) };

  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const unknownKey = options.unknownKey ?? ((key: string) => `unknown key "${key}"`);
  const named = (path: Array<string | number>, message: string) => (path.length ? `${path.join('.')}: ${message}` : message);
  const problems = parsed.error.issues.flatMap((issue) => {
    const path = issue.path as Array<string | number>;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => at(keyRange(doc, path, key)?.[0], named([...path, key], unknownKey(key))));
    }
    // zod words a missing key as a value of the wrong type ("received undefined").
    const missing = issue.code === 'invalid_type' && path.length > 0 && !doc.hasIn(path);
    return [at(nodeRange(doc, path)?.[0], named(path, missing ? `missing (expected ${issue.expected})` : issue.message))];
  });
  return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.col - b.col) };
}

/** Problems one per line as `file:line:col message`, the way editors and CI link them. */
export function formatYamlProblems(file: string, problems: YamlProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.col} ${p.message}`).join('\n');
}

type Range = [number, number, number?];

/** The range of the deepest node along `path` that exists in the document. */
function nodeRange(doc: Document, path: Array<string | number>): Range | undefined {
  for (let i = path.length; i >= 0; i--) {
    const node = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    const range = (node as { range?: Range } | undefined)?.range;
    if (range) return range;
  }
  return undefined;
}

/** The range of a mapping's key. */
function keyRange(doc: Document, path: Array<string | number>, key: string): Range | undefined {
  const map = path.length ? doc.getIn(path, true) : doc.contents;
  if (!isMap(map)) return nodeRange(doc, path);
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as { range?: Range } | undefined)?.range ?? nodeRange(doc, path);
}
