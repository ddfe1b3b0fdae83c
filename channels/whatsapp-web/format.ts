import { formatMarkdown, type MarkdownDialect } from '../../core/markdown/format';

/**
 * WhatsApp's markup, as the linked phone shows it: `*bold*`, `_italic_`, `~struck~`,
 * `` `code` ``, "- " lists, "> " quotes, links as "text (URL)". The same marks as the Cloud API
 * channel's (channels/whatsapp/format.ts); declared here too because one channel never imports
 * another.
 */
const WHATSAPP_WEB_MARKUP: MarkdownDialect = {
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

/** The bot's Markdown in WhatsApp's markup: the whatsapp-web channel's `format`. */
export function whatsappWebMarkup(markdown: string): string {
  return formatMarkdown(markdown, WHATSAPP_WEB_MARKUP);
}
