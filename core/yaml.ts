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

/** Where a value stands inside YAML data: keys and list indexes, e.g. `['steps', 2, 'goto']`. */
export type YamlPath = Array<string | number>;

/**
 * A YAML text that people write by hand (bot.yaml, an article's front matter, a dialog, a
 * conversation test), parsed with the place of every node kept, so that a problem found at any
 * later stage (the schema, a check across files) points at the line and column to fix.
 */
export class YamlText {
  /** The text as plain data (`null` for an empty text). */
  readonly data: unknown;

  private constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {
    this.data = doc.toJS();
  }

  /** Parses `text`; a text that is not valid YAML gives its syntax errors, each where the parser stopped. */
  static parse(text: string): { ok: true; yaml: YamlText } | { ok: false; problems: YamlProblem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    if (!doc.errors.length) return { ok: true, yaml: new YamlText(doc, lines) };
    const problems = doc.errors.map((e) => ({ ...lines.linePos(e.pos[0]), message: `not valid YAML: ${syntaxMessage(e.code, e.message)}` }));
    return { ok: false, problems };
  }

  /**
   * The line and column of the value at `path`, or of the deepest node along it that exists (a
   * missing key is reported at the mapping that lacks it). With `key`: that key of the mapping at
   * `path` (an unknown key is reported at the key, not its value).
   */
  at(path: YamlPath, key?: string): { line: number; col: number } {
    const range = key === undefined ? this.nodeRange(path) : this.keyRange(path, key);
    return this.lines.linePos(range?.[0] ?? 0);
  }

  /**
   * Validates the data with `schema`, pointing each problem at the place to fix: a wrong value at
   * the value, an unknown key at the key, a missing key at the mapping that lacks it. An empty
   * text counts as an empty mapping. `unknownKey` words the message for an unknown key (bot.yaml
   * calls them settings).
   */
  validate<S extends z.ZodType>(schema: S, options: { unknownKey?: (key: string, path: YamlPath) => string } = {}): YamlResult<z.output<S>> {
    const parsed = schema.safeParse(this.data ?? {});
    if (parsed.success) return { ok: true, data: parsed.data };
    const unknownKey = options.unknownKey ?? ((key: string) => `unknown key "${key}"`);
    const problem = (path: YamlPath, message: string, key?: string): YamlProblem => ({ ...this.at(path, key), message: named(key === undefined ? path : [...path, key], message) });
    const problems = parsed.error.issues.flatMap((issue) => {
      const path = issue.path as YamlPath;
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => problem(path, unknownKey(key, path), key));
      // zod words a missing key as a value of the wrong type ("received undefined").
      const missing = issue.code === 'invalid_type' && path.length > 0 && !this.doc.hasIn(path);
      return [problem(path, missing ? `missing (expected ${issue.expected})` : issue.message)];
    });
    return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.col - b.col) };
  }

  /** The range of the deepest node along `path` that exists in the document. */
  private nodeRange(path: YamlPath): Range | undefined {
    for (let i = path.length; i >= 0; i--) {
      const node = i === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, i), true);
      const range = (node as { range?: Range } | undefined)?.range;
      if (range) return range;
    }
    return undefined;
  }

  /** The range of a mapping's key, else of the deepest node along `path`. */
  private keyRange(path: YamlPath, key: string): Range | undefined {
    const map = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    if (!isMap(map)) return this.nodeRange(path);
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    return (pair?.key as { range?: Range } | undefined)?.range ?? this.nodeRange(path);
  }
}

/**
 * Parses YAML that people write by hand and validates it with `schema` (see `YamlText.validate`);
 * a syntax error is reported where the parser stopped.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  options: { unknownKey?: (key: string, path: YamlPath) => string } = {},
): YamlResult<z.output<S>> {
  const read = YamlText.parse(text);
  return read.ok ? read.yaml.validate(schema, options) : read;
}

/** Problems one per line as `file:line:col message`, the way editors and CI link them. */
export function formatYamlProblems(file: string, problems: YamlProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.col} ${p.message}`).join('\n');
}

type Range = [number, number, number?];

function named(path: YamlPath, message: string): string {
  return path.length ? `${path.join('.')}: ${message}` : message;
}

/** The parser's first line, except where it names its own API instead of the fix. */
function syntaxMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'a second document starts here (`---`); this file takes one';
  return message.split('\n')[0];
}
