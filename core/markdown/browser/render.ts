/*
 * Renders bot, agent and knowledge text (CommonMark, what the web channel declares) to a sanitised
 * DocumentFragment, in the browser, and publishes it as `window.Switchboard.renderMarkdown` (merged
 * into the object the widget and /events.js share, never replacing it). Built for the browser with
 * what it imports (core/browser-script.ts; core/markdown/bundle.ts serves it): private copies of
 * markdown-it and DOMPurify inside the script's own closure, never a host page's globals, and no
 * global of their own.
 *
 * Why in the browser: the wire keeps the Markdown the bot wrote (other channels write it their
 * way through their `format`, on markdown-it with these options: core/markdown/format.ts), and
 * DOMPurify sanitises with the very HTML parser that will show the result,
 * which closes the parser-differential (mXSS) gap a server-side sanitiser leaves open.
 */
/*! Switchboard Markdown: markdown-it (MIT) and DOMPurify (Apache-2.0 or MPL-2.0) */
import DOMPurify, { type Config } from 'dompurify';
import MarkdownIt from 'markdown-it';
import type {} from '../../browser-globals';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// Images would let a message load any URL (tracking, layout); files come as attachments instead.
md.disable(['image']);

// Our own instance: its hook changes no other DOMPurify a host page may use.
const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  // Links leave the chat: a new tab that cannot reach back into this page, and no referrer.
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const SANITIZE = {
  ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'del', 's', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ALLOWED_ATTR: ['href', 'title', 'start'],
  // Only web and mail links: no javascript:, data:, relative or app-scheme URLs.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true,
} satisfies Config;

/** A sanitised DocumentFragment for Markdown `text`; raw HTML in it shows as text. */
function renderMarkdown(text: string | null | undefined): DocumentFragment {
  return purify.sanitize(md.render(String(text ?? '')), SANITIZE);
}

const api = window.Switchboard ?? (window.Switchboard = {});
api.renderMarkdown = renderMarkdown;
