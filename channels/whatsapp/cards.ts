import { cardHeadline } from '../../core/cards';
import type { Button, Card } from '../../core/message';

/** The Cloud API's limits that cards run into. */
const LIMITS = { replyButtons: 3, buttonTitle: 20, buttonId: 256, listRows: 10, rowTitle: 24, rowId: 200, body: 1024, caption: 1024, header: 60 };

/**
 * One Graph API message per card, in order: a card with choices is an interactive message with
 * reply buttons (up to 3) under its picture as the header, or a list (more than 3, no picture
 * allowed there); a card without choices is an image with the card as its caption, or text when
 * it has no picture. The body reads "Trail Jacket — £89.00", the subtitle, the page and any links.
 */
export function cardBodies(to: string, cards: Card[], locale: string | undefined, listButton: string): Array<Record<string, unknown>> {
  return cards.map((card) => {
    const choices = (card.buttons ?? []).filter((b) => !b.url);
    const body = cardText(card, locale);
    if (choices.length > LIMITS.replyButtons) return list(to, card, body, choices, listButton);
    if (choices.length) {
      return {
        to,
        type: 'interactive',
        interactive: {
          type: 'button',
          ...(card.imageUrl ? { header: { type: 'image', image: { link: card.imageUrl } } } : {}),
          body: { text: cut(body, LIMITS.body) },
          action: { buttons: choices.map((b) => ({ type: 'reply', reply: { id: id(b, LIMITS.buttonId), title: cut(b.title, LIMITS.buttonTitle) } })) },
        },
      };
    }
    if (card.imageUrl) return { to, type: 'image', image: { link: card.imageUrl, caption: cut(body, LIMITS.caption) } };
    return { to, type: 'text', text: { body, preview_url: Boolean(card.url) } };
  });
}

function list(to: string, card: Card, body: string, choices: Button[], listButton: string): Record<string, unknown> {
  return {
    to,
    type: 'interactive',
    interactive: {
      type: 'list',
      header: { type: 'text', text: cut(card.title, LIMITS.header) },
      body: { text: cut(body, LIMITS.body) },
      action: {
        button: cut(listButton, LIMITS.buttonTitle),
        sections: [{ rows: choices.slice(0, LIMITS.listRows).map((b) => ({ id: id(b, LIMITS.rowId), title: cut(b.title, LIMITS.rowTitle) })) }],
      },
    },
  };
}

/** The card's words: headline with price, subtitle, page, and link buttons as "title: url". */
function cardText(card: Card, locale?: string): string {
  const links = (card.buttons ?? []).filter((b) => b.url && b.url !== card.url).map((b) => `${b.title}: ${b.url}`);
  return [`*${cardHeadline(card, locale)}*`, card.subtitle, card.url, ...links].filter(Boolean).join('\n');
}

function id(b: Button, max: number): string {
  return (b.payload ?? b.title).slice(0, max);
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
