import MarkdownIt from 'markdown-it';
import type Mail from 'nodemailer/lib/mailer';
import { cardHeadline, cardLines, cardsAsText, numberCards } from '../../core/cards';
import type { Card, Message } from '../../core/message';
import { plainText } from '../../core/markdown/format';
import type { TextSource } from '../../core/texts';
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
  /** The bot's own texts (`bot.yaml` `messages:`), for the words added under cards ("Reply 1 for Details"). */
  texts?: TextSource;
}

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Our Message-ID for an outbound message (without angle brackets): stable across retries. */
export function messageIdFor(message: Message, domain: string): string {
  return `${message.id}@${domain}`;
}

/**
 * The mail for one outbound message: plain text plus simple HTML (the bot's Markdown rendered,
 * raw HTML escaped, buttons as a numbered list whose link buttons are links, then cards numbered
 * after the buttons — in the HTML part with their pictures — whose payload buttons are chosen by
 * replying the number), threaded with `In-Reply-To` and `References` so mail clients show one
 * conversation, and marked `Auto-Submitted` when the bot (not a person) wrote it so that other
 * robots do not answer it (RFC 3834). Non-transactional mail carries `List-Unsubscribe` (with
 * one-click, RFC 8058) and an unsubscribe line. A message with a subject of its own
 * (`metadata.subject`, a receipt's "Your order NW-3001") starts a new thread under that subject.
 */
export function composeMail(message: Message, c: Composition): Mail.Options {
  const ownSubject = typeof message.metadata?.subject === 'string' && message.metadata.subject.trim() ? message.metadata.subject.trim() : undefined;
  const thread = ownSubject ? [] : c.thread;
  const refs = references(thread);
  const parent = [...thread].reverse().find((e) => e.direction === 'inbound') ?? thread[thread.length - 1];
  const text = message.text ?? '';
  const buttons = message.buttons ?? [];
  const cards = message.cards ?? [];
  const cardOptions = { first: buttons.length, texts: c.texts };
  const headers: Record<string, string> = {};
  if (message.author === 'bot') headers['Auto-Submitted'] = message.inReplyTo ? 'auto-replied' : 'auto-generated';
  if (c.unsubscribe) {
    headers['List-Unsubscribe'] = [`<${c.unsubscribe.url}>`, ...(c.unsubscribe.mailto ? [`<${c.unsubscribe.mailto}>`] : [])].join(', ');
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  // Choices are numbered in the order offered, so answering "2" chooses the second (`chooseButton`); links stay links.
  const plainParts = [
    plainText(text),
    buttons.map((b, i) => `${i + 1}. ${b.title}${b.url ? `: ${b.url}` : ''}`).join('\n'),
    cards.length ? plainText(cardsAsText(cards, message.locale, cardOptions)) : '',
    ...(c.unsubscribe ? [`--\n${c.unsubscribe.footer}: ${c.unsubscribe.url}`] : []),
  ];
  const htmlParts = [
    markdown.render(text),
    ...(buttons.length ? [`<ol>${buttons.map((b) => `<li>${b.url ? `<a href="${escapeHtml(b.url)}">${escapeHtml(b.title)}</a>` : escapeHtml(b.title)}</li>`).join('')}</ol>`] : []),
    ...(cards.length ? [cardsHtml(cards, message.locale, cardOptions)] : []),
    ...(c.unsubscribe ? [`<p style="color:#666;font-size:12px"><a href="${escapeHtml(c.unsubscribe.url)}">${escapeHtml(c.unsubscribe.footer)}</a></p>`] : []),
  ];
  return {
    from: c.from,
    to: message.address,
    subject: ownSubject ?? subjectFor(c.thread, c.defaultSubject),
    messageId: `<${messageIdFor(message, c.domain)}>`,
    ...(parent ? { inReplyTo: `<${parent.messageId}>` } : {}),
    ...(refs.length ? { references: refs.map((id) => `<${id}>`) } : {}),
    headers,
    text: plainParts.filter(Boolean).join('\n\n'),
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${htmlParts.join('\n')}</body></html>`,
  };
}

/**
 * Cards as an ordered list numbered like the text part: each card's picture (its title as the
 * alt text, for readers and mail clients that block images), its headline, subtitle, page and
 * link buttons as links, and what to reply for its choices. Only http(s) addresses become links
 * or pictures.
 */
function cardsHtml(cards: Card[], locale: string | undefined, options: { first: number; texts?: TextSource }): string {
  const items = numberCards(cards, options.first).map(({ card, picks }) => {
    const image = card.imageUrl && isWebUrl(card.imageUrl)
      ? `<img src="${escapeHtml(card.imageUrl)}" alt="${escapeHtml(card.title)}" width="160" style="display:block;max-width:160px;height:auto;border:0;margin:4px 0">`
      : '';
    const lines = cardLines(card, picks, locale, options.texts).map((line) => linkify(line));
    const headline = `<strong>${escapeHtml(cardHeadline(card, locale))}</strong>`;
    return `<li style="margin-bottom:12px">${image}${[headline, ...lines].join('<br>\n')}</li>`;
  });
  return `<ol start="${options.first + 1}">\n${items.join('\n')}\n</ol>`;
}

/** A line of card text with its http(s) addresses as links, the rest escaped. */
function linkify(line: string): string {
  return line
    .split(/(https?:\/\/[^\s<>"']+)/i)
    .map((piece, i) => (i % 2 ? `<a href="${escapeHtml(piece)}">${escapeHtml(piece)}</a>` : escapeHtml(piece)))
    .join('');
}

function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
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
