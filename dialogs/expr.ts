/**
 * The small, safe expression language of `branch` conditions. No JavaScript is evaluated: a
 * condition is parsed into a tree of comparisons over `slots.*`, `profile.*`, `channel` and
 * `locale`, joined with `and`, `or`, `not` and parentheses.
 *
 *     slots.reason == "damaged" and (channel == "web" or profile.vip == true)
 *     slots.quantity >= 2
 *     slots.country in ["DE", "FR"]
 *     not slots.email            # true when the slot is empty
 */

/** What a condition can read. */
export interface ExprScope {
  slots: Record<string, unknown>;
  profile: Record<string, unknown>;
  channel: string;
  locale: string;
}

/** The roots a path may start with. */
export const EXPR_ROOTS = ['slots', 'profile', 'channel', 'locale'] as const;

type Node =
  | { kind: 'lit'; value: unknown }
  | { kind: 'path'; path: string[] }
  | { kind: 'list'; items: Node[] }
  | { kind: 'not'; arg: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node };

/** A condition that does not parse; `offset` is where in the text. */
export class ExprError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(==|!=|<=|>=|&&|\|\||[<>!()[\],])|([A-Za-z_][\w.-]*))/y;

function tokenize(text: string): Array<{ t: string; v: string; at: number }> {
  const out: Array<{ t: string; v: string; at: number }> = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new ExprError(`unexpected "${text.slice(pos).trim()[0]}" in condition "${text}"`, pos);
    const at = pos + m[0].length - m[0].trimStart().length;
    if (m[1]) out.push({ t: 'num', v: m[1], at });
    else if (m[2]) out.push({ t: 'str', v: m[2].slice(1, -1).replace(/\\(.)/g, '$1'), at });
    else if (m[3]) out.push({ t: 'op', v: m[3], at });
    else out.push({ t: 'word', v: m[4], at });
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Parses a condition, throwing `ExprError` with the offending position. */
export function parseExpr(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (...ops: string[]) => {
    const t = peek();
    return t && (t.t === 'op' || t.t === 'word') && ops.includes(t.v);
  };
  const fail = (what: string): never => {
    throw new ExprError(`${what} in condition "${text}"`, peek()?.at ?? text.length);
  };
  const expect = (v: string) => (isOp(v) ? i++ : fail(`expected "${v}"`));

  const or = (): Node => {
    let left = and();
    while (isOp('or', '||')) (i++, (left = { kind: 'bin', op: 'or', left, right: and() }));
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (isOp('and', '&&')) (i++, (left = { kind: 'bin', op: 'and', left, right: not() }));
    return left;
  };
  const not = (): Node => (isOp('not', '!') ? (i++, { kind: 'not', arg: not() }) : cmp());
  const cmp = (): Node => {
    const left = primary();
    if (isOp('==', '!=', '<', '<=', '>', '>=', 'in')) {
      const op = tokens[i++].v;
      return { kind: 'bin', op, left, right: primary() };
    }
    return left;
  };
  const primary = (): Node => {
    const t = peek();
    if (!t) return fail('unexpected end');
    i++;
    if (t.t === 'num') return { kind: 'lit', value: Number(t.v) };
    if (t.t === 'str') return { kind: 'lit', value: t.v };
    if (t.t === 'op' && t.v === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Node[] = [];
      while (!isOp(']')) {
        items.push(primary());
        if (!isOp(']')) expect(',');
      }
      i++;
      return { kind: 'list', items };
    }
    if (t.t === 'word') {
      if (t.v === 'true' || t.v === 'false') return { kind: 'lit', value: t.v === 'true' };
      if (t.v === 'null') return { kind: 'lit', value: null };
      const path = t.v.split('.');
      if (!(EXPR_ROOTS as readonly string[]).includes(path[0])) {
        i--;
        fail(`unknown name "${path[0]}" (use ${EXPR_ROOTS.join(', ')}, or quote text)`);
      }
      return { kind: 'path', path };
    }
    i--;
    return fail(`unexpected "${t.v}"`);
  };

  const node = or();
  if (i < tokens.length) fail(`unexpected "${tokens[i].v}"`);
  return node;
}

function evaluate(node: Node, scope: ExprScope): unknown {
  switch (node.kind) {
    case 'lit':
      return node.value;
    case 'list':
      return node.items.map((n) => evaluate(n, scope));
    case 'path': {
      let value: unknown = scope;
      for (const key of node.path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    }
    case 'not':
      return !truthy(evaluate(node.arg, scope));
    case 'bin': {
      if (node.op === 'and') return truthy(evaluate(node.left, scope)) && truthy(evaluate(node.right, scope));
      if (node.op === 'or') return truthy(evaluate(node.left, scope)) || truthy(evaluate(node.right, scope));
      return compare(node.op, evaluate(node.left, scope), evaluate(node.right, scope));
    }
  }
}

function truthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && !v.length));
}

function compare(op: string, a: unknown, b: unknown): boolean {
  // Text compares case-insensitively: "Damaged" from a customer equals "damaged" in a dialog.
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
  if (op === 'in') return Array.isArray(b) && b.some((x) => norm(x) === norm(a));
  if (op === '==') return norm(a) === norm(b) || (a == null && b == null);
  if (op === '!=') return !(norm(a) === norm(b) || (a == null && b == null));
  const x = typeof a === 'string' && typeof b === 'number' ? Number(a) : a;
  const y = typeof b === 'string' && typeof a === 'number' ? Number(b) : b;
  if (typeof x !== typeof y || (typeof x !== 'number' && typeof x !== 'string')) return false;
  const [p, q] = [x as number | string, y as number | string];
  return op === '<' ? p < q : op === '<=' ? p <= q : op === '>' ? p > q : p >= q;
}

const cache = new Map<string, Node>();

/** Evaluates a condition (parsed once, then cached). */
export function evalExpr(text: string, scope: ExprScope): boolean {
  let node = cache.get(text);
  if (!node) cache.set(text, (node = parseExpr(text)));
  return truthy(evaluate(node, scope));
}
