import { ActionTypes, type Attachment as BfAttachment, type CardAction } from 'botbuilder';
import { formatPrice } from '../../core/cards';
import type { Button, Card } from '../../core/message';

/** The content type of a Bot Framework hero card. */
export const HERO_CARD = 'application/vnd.microsoft.card.hero';

/**
 * Cards as Bot Framework hero cards (shown as a carousel when there are several): title,
 * subtitle, the price in the customer's locale as the card's text, the picture, a tap that opens
 * the card's page, and its buttons: links as `openUrl`, choices as `messageBack` carrying
 * `{ payload }` (several cards may each have a "Details" button, so the title alone cannot say
 * which was pressed).
 */
export function heroCards(cards: Card[], locale?: string): BfAttachment[] {
  return cards.map((card) => ({
    contentType: HERO_CARD,
    content: {
      title: card.title,
      ...(card.subtitle ? { subtitle: card.subtitle } : {}),
      ...(card.price ? { text: formatPrice(card.price, locale) } : {}),
      ...(card.imageUrl ? { images: [{ url: card.imageUrl, alt: card.title }] } : {}),
      ...(card.url ? { tap: { type: ActionTypes.OpenUrl, title: card.title, value: card.url } } : {}),
      ...(card.buttons?.length ? { buttons: card.buttons.map(cardButton) } : {}),
    },
  }));
}

/** A card's button: a link opens; a choice shows its title and sends its payload (`messageBack`). */
function cardButton(b: Button): CardAction {
  if (b.url) return { type: ActionTypes.OpenUrl, title: b.title, value: b.url };
  return { type: ActionTypes.MessageBack, title: b.title, text: b.title, displayText: b.title, value: { payload: b.payload ?? b.title } };
}

/** A suggested action: a link opens, a choice posts its title back (`imBack`). */
export function cardAction(b: Button): CardAction {
  return b.url ? { type: ActionTypes.OpenUrl, title: b.title, value: b.url } : { type: ActionTypes.ImBack, title: b.title, value: b.title };
}
