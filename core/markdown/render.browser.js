/*
 * Renders bot, agent and knowledge text (CommonMark, what the web channel declares) to a sanitised
 * DocumentFragment, in the browser. Not loaded on its own: core/markdown/bundle.ts wraps it with
 * private copies of markdown-it and DOMPurify, so `markdownit` and `DOMPurify` below are those
 * copies, never a host page's globals.
 *
 * Why in the browser: the wire keeps the Markdown the bot wrote (other channels write it their
 * way through their `format`, on markdown-it with these options: core/markdown/format.ts), and
 * DOMPurify sanitises with the very HTML parser that will show the result,
 * which closes the parser-differential (mXSS) gap a server-side sanitiser leaves open.
 */
/* global markdownit, DOMPurify */
var md = markdownit({ html: false, linkify: true, breaks: true });
// Images would let a message load any URL (tracking, layout); files come as attachments instead.
md.disable(['image']);

var purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', function (node) {
  // Links leave the chat: a new tab that cannot reach back into this page, and no referrer.
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

var SANITIZE = {
  ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'del', 's', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'hr',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ALLOWED_ATTR: ['href', 'title', 'start'],
  // Only web and mail links: no javascript:, data:, relative or app-scheme URLs.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true,
};

/** A sanitised DocumentFragment for Markdown `text`; raw HTML in it shows as text. */
function renderMarkdown(text) {
  return purify.sanitize(md.render(String(text === undefined || text === null ? '' : text)), SANITIZE);
}
