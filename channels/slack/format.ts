import { formatMarkdown, type MarkdownDialect } from '../../core/markdown/format';

/**
 * Slack's mrkdwn: `*bold*`, `_italic_`, `~struck~`, `<url|text>` links, `&`, `<` and `>` escaped
 * (Slack reads them as markup), bullets as "•" (mrkdwn has no list syntax).
 */
export const SLACK_MRKDWN: MarkdownDialect = {
  strong: ['*', '*'],
  em: ['_', '_'],
  strike: ['~', '~'],
  code: ['`', '`'],
  link: (text, href, bare) => (bare && text === href ? `<${href}>` : `<${href}|${text}>`),
  heading: (text) => `*${text}*`,
  codeBlock: (code) => '```\n' + escapeMrkdwn(code) + '\n```',
  bullet: '•',
  quote: '> ',
  escape: escapeMrkdwn,
};

/** The bot's Markdown as Slack mrkdwn: the Slack channel's `format`. */
export function slackMrkdwn(markdown: string): string {
  return formatMarkdown(markdown, SLACK_MRKDWN);
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
