import { cardHeadline, formatPrice } from '../../core/cards';
import type { Card } from '../../core/message';

/** Slack's Block Kit limits that cards run into. */
const LIMITS = { sectionText: 3000, buttonsPerActions: 25, buttonText: 75, value: 2000, altText: 2000 };

/**
 * Cards as Block Kit: per card a section (linked title, subtitle, price in the customer's locale)
 * with the picture as its accessory, and an actions block for the card's buttons. Payload buttons
 * get `action_id`s from `nextActionId`, so a click arrives like any other button's.
 */
export function cardBlocks(cards: Card[], locale: string | undefined, nextActionId: (link: boolean) => string): unknown[] {
  const blocks: unknown[] = [];
  cards.forEach((card, i) => {
    const title = card.url ? `*<${card.url}|${escape(card.title)}>*` : `*${escape(card.title)}*`;
    const lines = [title, card.subtitle && escape(card.subtitle), card.price && `*${escape(formatPrice(card.price, locale))}*`].filter(Boolean);
    blocks.push({
      type: 'section',
      block_id: `switchboard_card_${i}`,
      text: { type: 'mrkdwn', text: lines.join('\n').slice(0, LIMITS.sectionText) },
      ...(card.imageUrl ? { accessory: { type: 'image', image_url: card.imageUrl, alt_text: card.title.slice(0, LIMITS.altText) } } : {}),
    });
    if (card.buttons?.length) {
      blocks.push({
        type: 'actions',
        block_id: `switchboard_card_${i}_buttons`,
        elements: card.buttons.slice(0, LIMITS.buttonsPerActions).map((b) => ({
          type: 'button',
          action_id: nextActionId(Boolean(b.url)),
          text: { type: 'plain_text', text: b.title.slice(0, LIMITS.buttonText), emoji: true },
          value: (b.payload ?? b.title).slice(0, LIMITS.value),
          ...(b.url ? { url: b.url } : {}),
        })),
      });
    }
  });
  return blocks;
}

/** The cards as the notification text Slack shows beside the blocks: "Trail Jacket — £89.00, …". */
export function cardsFallback(cards: Card[], locale?: string): string {
  return cards.map((c) => cardHeadline(c, locale)).join(', ');
}

/** Slack's mrkdwn control characters, escaped as its docs ask. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
