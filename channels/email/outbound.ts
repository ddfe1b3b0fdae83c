import MarkdownIt from 'markdown-it';
import type Mail from 'nodemailer/lib/mailer';
import type { Message } from '../../core/message';
import { plainText } from '../../core/markdown/format';
import type { ThreadEntry } from './store';

/** How many Message-IDs `References` carries at most: the first, then the latest (RFC 5322 allows trimming the middle). */
const MAX_REFERENCES = 20;

/** What composing one mail needs besides the message. */
export interface Composition {
  /** `EMAIL_FROM`, e.g. `Northwind <help@northwind.example>`. */
  from: string;
  /** The domain our Message-IDs end in (the `EMAIL_FROM` domain). */
  domain: string;
  /** The subject of a thread that has none yet (mail starting on the web). */
  defaultSubject: string;
  /** The conversation's e-mail thread so far, oldest first. */
  thread: ThreadEntry[];
  /** The unsubscribe link and text, on everything not transactional. */
  unsubscribe?: { url: string; mailto?: string; footer: string };
}

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Our Message-ID for an outbound message (without angle brackets): stable across retries. */
export function messageIdFor(message: Message, domain: string): string {
  return `${message.id}@${domain}`;
}

/**
 * The mail for one outbound message: plain text plus simple HTML (the bot's Markdown rendered,
 * raw HTML escaped, buttons as a numbered list whose link buttons are links), threaded with `In-Reply-To` and `References` so mail
 * clients show one conversation, and marked `Auto-Submitted` when the bot (not a person) wrote it
 * so that other robots do not answer it (RFC 3834). Non-transactional mail carries
 * `List-Unsubscribe` (with one-click, RFC 8058) and an unsubscribe line.
 */
export function composeMail(message: Message, c: Composition): Mail.Options {
  const refs = references(c.thread);
  const parent = [...c.thread].reverse().find((e) => e.direction === 'inbound') ?? c.thread[c.thread.length - 1];
  const text = message.text ?? '';
  const buttons = message.buttons ?? [];
  const headers: Record<string, string> = {};
  if (message.author === 'bot') headers['Auto-Submitted'] = message.inReplyTo ? 'auto-replied' : 'auto-generated';
  if (c.unsubscribe) {
    headers['List-Unsubscribe'] = [`<${c.unsubscribe.url}>`, ...(c.unsubscribe.mailto ? [`<${c.unsubscribe.mailto}>`] : [])].join(', ');
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  // Choices are numbered in the order offered, so answering "2" chooses the second (`chooseButton`); links stay links.
  const plainParts = [plainText(text), buttons.map((b, i) => `${i + 1}. ${b.title}${b.url ? `: ${b.url}` : ''}`).join('\n'), ...(c.unsubscribe ? [`--\n${c.unsubscribe.footer}: ${c.unsubscribe.url}`] : [])];
  const htmlParts = [
    markdown.render(text),
    ...(buttons.length ? [`<ol>${buttons.map((b) => `<li>${b.url ? `<a href="${escapeHtml(b.url)}">${escapeHtml(b.title)}</a>` : escapeHtml(b.title)}</li>`).join('')}</ol>`] : []),
    ...(c.unsubscribe ? [`<p style="color:#666;font-size:12px"><a href="${escapeHtml(c.unsubscribe.url)}">${escapeHtml(c.unsubscribe.footer)}</a></p>`] : []),
  ];
  return {
    from: c.from,
    to: message.address,
    subject: subjectFor(c.thread, c.defaultSubject),
    messageId: `<${messageIdFor(message, c.domain)}>`,
    ...(parent ? { inReplyTo: `<${parent.messageId}>` } : {}),
    ...(refs.length ? { references: refs.map((id) => `<${id}>`) } : {}),
    headers,
    text: plainParts.filter(Boolean).join('\n\n'),
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${htmlParts.join('\n')}</body></html>`,
  };
}

/** `Re: ` and the thread's first subject, or the default for a thread that starts with us. */
export function subjectFor(thread: ThreadEntry[], fallback: string): string {
  const first = thread.find((e) => e.subject)?.subject;
  if (!first) return fallback;
  return /^re:/i.test(first) ? first : `Re: ${first}`;
}

/** The thread's Message-IDs for `References`: the first and the latest, at most `MAX_REFERENCES`. */
function references(thread: ThreadEntry[]): string[] {
  const ids = thread.map((e) => e.messageId);
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0], ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
