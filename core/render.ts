import { cardsAsText } from './cards';
import type { TextSource } from './texts';
import type { Capabilities } from './channel';
import type { Button, Message } from './message';

/**
 * Renders an outbound message for a channel's capabilities. The one place that decides how a
 * reply degrades: buttons beyond what the channel shows become a numbered list, cards become
 * numbered text where the channel has none, Markdown is written the channel's way (its
 * `format`), and long text is split on sentence boundaries. Returns one or more messages to
 * send, in order. `texts` are the bot's own texts (`bot.yaml` `messages:`) for the words the
 * renderer adds ("Reply 1 for Details" under a card).
 */
export function render(message: Message, caps: Capabilities, texts?: TextSource): Message[] {
  let text = message.text ?? '';
  let buttons = message.buttons?.length ? message.buttons : undefined;
  const listed = Boolean(buttons && buttons.length > caps.maxButtons);
  // A channel that numbers cards itself (`cardsAsText`) counts them after its own buttons: once
  // those became text here, the cards become text too, so the numbers still follow on.
  const cardsAsTextHere = !caps.cards || (caps.cardsAsText && listed);
  const cards = !cardsAsTextHere && message.cards?.length ? message.cards : undefined;

  if (buttons && listed) {
    text = [text, numberedList(buttons)].filter(Boolean).join('\n\n');
    buttons = undefined;
  } else if (buttons) {
    buttons = buttons.map((b) => ({ ...b, title: shorten(b.title, caps.maxButtonTitle) }));
  }
  if (text && caps.format) text = caps.format(text);
  // Card text is the catalog's words, not the bot's Markdown: added after formatting, as written.
  // Cards are numbered after the message's buttons, as `offeredChoices` counts them for the next turn.
  if (cardsAsTextHere && message.cards?.length) {
    text = [text, cardsAsText(message.cards, message.locale, { first: message.buttons?.length ?? 0, texts })].filter(Boolean).join('\n\n');
  }

  const chunks = text ? splitText(text, caps.maxTextLength) : [''];
  return chunks.map((chunk, i) => {
    const last = i === chunks.length - 1;
    const out: Message = { ...message, text: chunk || undefined };
    // Buttons, cards and attachments ride on the last chunk, so they follow the whole text.
    out.buttons = last ? buttons : undefined;
    out.cards = last ? cards : undefined;
    out.attachments = last && caps.media ? message.attachments : undefined;
    if (last && !caps.media && message.attachments?.length) {
      const links = message.attachments.filter((a) => a.url).map((a) => a.url as string);
      if (links.length) out.text = [out.text, ...links].filter(Boolean).join('\n');
    }
    return out;
  });
}

/** "1. Track an order\n2. Returns" — how buttons look where there are none. */
export function numberedList(buttons: Button[]): string {
  return buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n');
}

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph, then sentence, then
 * word boundaries, so no piece ends mid-word unless a single word is longer than `max`.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text]; // never more code points than UTF-16 units
  const chars = Array.from(text); // code points, so no surrogate pair is cut in two
  if (chars.length <= max) return [text];
  const pieces: string[] = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max).join('');
    const cut = lastBoundary(window);
    const piece = Array.from(window).slice(0, cut).join('').trimEnd();
    pieces.push(piece);
    rest = rest.slice(cut);
    while (rest.length && /\s/.test(rest[0])) rest = rest.slice(1);
  }
  if (rest.length) pieces.push(rest.join(''));
  return pieces;
}

function lastBoundary(window: string): number {
  const chars = Array.from(window);
  const min = Math.floor(chars.length / 3); // never make absurdly short pieces
  const patterns = [/\n\n/g, /[.!?。！？]\s/g, /\s/g];
  for (const pattern of patterns) {
    let best = -1;
    for (const m of window.matchAll(pattern)) best = (m.index ?? 0) + m[0].length;
    if (best > 0) {
      const cut = Array.from(window.slice(0, best)).length;
      if (cut >= min) return cut;
    }
  }
  return chars.length;
}

function shorten(title: string, max: number): string {
  const chars = Array.from(title);
  return chars.length <= max ? title : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/**
 * Which offered choice an inbound text chooses: its number ("2", "2.", "#2") or its title,
 * case-insensitive. This is how a numbered list (buttons, or cards written as text) on SMS works
 * like buttons; `offered` is `offeredChoices` of the last reply that offered any.
 */
export function chooseButton(text: string | undefined, offered: Button[] | undefined): Button | undefined {
  if (!text || !offered?.length) return undefined;
  const t = text.trim().replace(/[.)]$/, '');
  const number = /^#?\s*(\d{1,2})$/.exec(t);
  if (number) return offered[Number(number[1]) - 1];
  const lower = t.toLocaleLowerCase();
  return offered.find((b) => b.title.toLocaleLowerCase() === lower || b.payload?.toLocaleLowerCase() === lower);
}
