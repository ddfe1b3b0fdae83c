import { formatMarkdown, type MarkdownDialect } from './format';

/**
 * WhatsApp's own markup: `*bold*`, `_italic_`, `~struck~`, `` `code` ``, "- " lists and "> "
 * quotes; links as "text (URL)", since WhatsApp shows a URL as a link by itself. Here in core
 * because two channels show it (the Cloud API's `whatsapp` and the linked phone's
 * `whatsapp-web`), and one channel never imports another.
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

/** The bot's Markdown in WhatsApp's markup: the `format` of both WhatsApp channels. */
export function whatsappMarkup(markdown: string): string {
  return formatMarkdown(markdown, WHATSAPP_MARKUP);
}
