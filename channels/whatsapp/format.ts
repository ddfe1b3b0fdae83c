import { formatMarkdown, type MarkdownDialect } from '../../core/markdown/format';

/**
 * WhatsApp's own markup: `*bold*`, `_italic_`, `~struck~`, `` `code` ``, "- " lists and "> "
 * quotes; links as "text (URL)", since WhatsApp shows a URL as a link by itself.
 */
export const WHATSAPP_MARKUP: MarkdownDialect = {
  strong: ['*', '*'],
  em: ['_', '_'],
  strike: ['~', '~'],
  code: ['`', '`'],
  link: (text, href, bare) => (bare || text === href ? text : `${text} (${href.replace(/^mailto:/, '')})`),
  heading: (text) => `*${text}*`,
  codeBlock: (code) => '```' + code + '```',
  bullet: '-',
  quote: '> ',
};

/** The bot's Markdown in WhatsApp's markup: the WhatsApp channel's `format`. */
export function whatsappMarkup(markdown: string): string {
  return formatMarkdown(markdown, WHATSAPP_MARKUP);
}
