import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

/**
 * How one channel writes the Markdown a bot writes (CommonMark, what the web widget renders).
 * A channel declares its marks; `formatMarkdown` walks markdown-it's token stream — the same
 * parser the widget and the console use — and writes each piece with them, so no channel parses
 * Markdown with its own regexes.
 */
export interface MarkdownDialect {
  /** The marks around bold, italic, struck-through and inline-code text (`['', '']` drops the mark). */
  strong: Marks;
  em: Marks;
  strike: Marks;
  code: Marks;
  /** A link. `bare` is true for a URL written as is (`https://…`, `<https://…>`), whose text is the URL. */
  link(text: string, href: string, bare: boolean): string;
  /** A heading's text (already formatted). */
  heading(text: string): string;
  /** A fenced or indented code block (without its trailing newline). */
  codeBlock(code: string): string;
  /** What starts each item of a bulleted list; undefined keeps the author's `-`, `*` or `+`. */
  bullet?: string;
  /** What starts each line of a quote. */
  quote: string;
  /** Escapes the characters the channel reads as markup in plain text (Slack: `&`, `<`, `>`). */
  escape?(text: string): string;
}

/** An opening and a closing mark. */
export type Marks = readonly [string, string];

const NO_MARKS: Marks = ['', ''];

/**
 * Plain text: no marks, links as "text (URL)" so the address survives, quotes and lists as typed.
 * What SMS and terminal channels show.
 */
export const PLAIN_TEXT: MarkdownDialect = {
  strong: NO_MARKS,
  em: NO_MARKS,
  strike: NO_MARKS,
  code: NO_MARKS,
  link: (text, href, bare) => (bare || text === href ? text : `${text} (${href.replace(/^mailto:/, '')})`),
  heading: (text) => text,
  codeBlock: (code) => code,
  quote: '> ',
};

/** Markdown as plain text (see `PLAIN_TEXT`): a channel's `format` for SMS-like channels. */
export function plainText(markdown: string): string {
  return formatMarkdown(markdown, PLAIN_TEXT);
}

// The widget's options (core/markdown/browser/render.ts): no raw HTML, bare URLs are links, a
// single newline is a line break.
const parser = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Writes `markdown` in `dialect`. Text without Markdown comes back as written (less trailing space). */
export function formatMarkdown(markdown: string, dialect: MarkdownDialect): string {
  if (!markdown.trim()) return '';
  return blocks(tree(parser.parse(markdown, {})), dialect, '\n\n');
}

/** A block token with the tokens between its opening and closing ones. */
interface Node {
  token: Token;
  children: Node[];
}

/** markdown-it's flat block stream (`*_open` … `*_close`) as a tree. */
function tree(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    const node: Node = { token, children: [] };
    stack[stack.length - 1].push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

function blocks(nodes: Node[], d: MarkdownDialect, separator: string): string {
  return nodes
    .map((node) => block(node, d))
    .filter((text) => text !== '')
    .join(separator);
}

function block(node: Node, d: MarkdownDialect): string {
  const { token, children } = node;
  switch (token.type) {
    case 'paragraph_open':
    case 'th_open':
    case 'td_open':
      return blocks(children, d, '\n');
    case 'inline':
      return inline(token.children ?? [], d);
    case 'heading_open':
      return d.heading(blocks(children, d, '\n'));
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(node, d);
    case 'blockquote_open':
      return prefixLines(blocks(children, d, '\n\n'), d.quote, d.quote);
    case 'fence':
    case 'code_block':
      return d.codeBlock(token.content.replace(/\n$/, ''));
    case 'hr':
      return '---';
    case 'table_open':
    case 'thead_open':
    case 'tbody_open':
      return blocks(children, d, '\n');
    case 'tr_open':
      return blocks(children, d, ' | ');
    default:
      return token.content ?? '';
  }
}

/** A list, numbered from its start or bulleted; loose lists keep a blank line between items. */
function list(node: Node, d: MarkdownDialect): string {
  const ordered = node.token.type === 'ordered_list_open';
  const start = Number(node.token.attrGet('start') ?? 1);
  const tight = node.children.every((item) => item.children.every((child) => child.token.type !== 'paragraph_open' || child.token.hidden));
  const items = node.children.map((item, i) => {
    const marker = ordered ? `${start + i}${item.token.markup} ` : `${d.bullet ?? item.token.markup} `;
    return prefixLines(blocks(item.children, d, tight ? '\n' : '\n\n'), marker, ' '.repeat(marker.length));
  });
  return items.join(tight ? '\n' : '\n\n');
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line ? rest : rest.trimEnd()) + line)
    .join('\n');
}

/** Inline tokens (text, marks, links, breaks) in the dialect. */
function inline(tokens: Token[], d: MarkdownDialect): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'text':
        out += d.escape ? d.escape(token.content) : token.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += '\n';
        break;
      case 'code_inline':
        out += d.code[0] + (d.escape ? d.escape(token.content) : token.content) + d.code[1];
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        out += marksOf(token, d)[0];
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        out += marksOf(token, d)[1];
        break;
      case 'link_open': {
        const close = closingLink(tokens, i);
        const text = inline(tokens.slice(i + 1, close), d);
        const bare = token.markup === 'linkify' || token.markup === 'autolink';
        out += d.link(text, String(token.attrGet('href') ?? ''), bare);
        i = close;
        break;
      }
      case 'image':
        out += d.link(token.content, String(token.attrGet('src') ?? ''), false);
        break;
      default:
        out += token.content;
    }
  }
  return out;
}

function marksOf(token: Token, d: MarkdownDialect): Marks {
  if (token.type.startsWith('strong')) return d.strong;
  if (token.type.startsWith('em')) return d.em;
  return d.strike;
}

/** The index of the `link_close` matching the `link_open` at `open`. */
function closingLink(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].type === 'link_open') depth++;
    if (tokens[i].type === 'link_close' && --depth === 0) return i;
  }
  return tokens.length;
}
