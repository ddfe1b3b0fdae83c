import { cardsAsText, formatPrice, offeredChoices } from '../../core/cards';
import { RICH_CAPABILITIES } from '../../core/channel';
import type { Card, Message } from '../../core/message';
import { chooseButton, render } from '../../core/render';
import { composeMail } from '../../channels/email/outbound';
import { postMessageArgs } from '../../channels/slack/mapping';
import { toActivity } from '../../channels/teams/mapping';
import { toGraphBodies } from '../../channels/whatsapp/outbound';

const JACKET: Card = {
  title: 'Trail Jacket',
  subtitle: 'Waterproof & light',
  imageUrl: 'https://shop.example/j.jpg',
  price: { amount: 89.5, currency: 'GBP' },
  url: 'https://shop.example/j',
  buttons: [{ title: 'Details', payload: 'details-j' }, { title: 'Size guide', url: 'https://shop.example/sizes' }],
};
const TENT: Card = { title: 'Tent', price: { amount: 1299, currency: 'EUR' } };

function message(cards: Card[], extra: Partial<Message> = {}): Message {
  return { id: 'm1', channel: 'x', direction: 'outbound', author: 'bot', customerId: 'c', conversationId: 'v', address: 'U1', status: 'pending', createdAt: 0, text: 'Our picks', cards, locale: 'en-GB', ...extra };
}

describe('card rendering per channel (the conformance suites send them through each SDK too)', () => {
  test('prices follow the customer’s locale', () => {
    expect(formatPrice({ amount: 89.5, currency: 'GBP' }, 'en-GB')).toBe('£89.50');
    // Intl puts a no-break space between the amount and the sign where the language does.
    expect(formatPrice({ amount: 1299, currency: 'EUR' }, 'de')).toBe('1.299,00\u00a0€');
    expect(formatPrice({ amount: 1299, currency: 'EUR' }, 'fr')).toMatch(/^1\s299,00\s€$/);
    expect(formatPrice({ amount: 5, currency: 'GBP' }, 'not a locale!')).toBe('£5.00');
  });

  test('without cards, the renderer writes them as numbered text after the reply; with them, they ride on the last part', () => {
    const sms = { ...RICH_CAPABILITIES, cards: false, markdown: 'plain' as const, maxTextLength: 1600 };
    const [part] = render(message([JACKET, TENT], { locale: 'de' }), sms);
    expect(part.cards).toBeUndefined();
    expect(part.text).toBe('Our picks\n\n1. Trail Jacket — 89,50\u00a0£\nWaterproof & light\nhttps://shop.example/j\nSize guide: https://shop.example/sizes\nAntworte 1 für Details\n\n2. Tent — 1.299,00\u00a0€');
    expect(cardsAsText([TENT], 'en')).toBe('1. Tent — €1,299.00');
    const parts = render(message([JACKET], { text: 'A long reply. '.repeat(400).trim() }), RICH_CAPABILITIES);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.cards?.length ?? 0)).toEqual([...parts.slice(1).map(() => 0), 1]);
  });

  test('without cards, a card’s payload buttons are offered by number, and the number (or "#2") chooses them next turn', () => {
    const sms = { ...RICH_CAPABILITIES, maxButtons: 0, cards: false, maxTextLength: 1600 };
    const add = { title: 'Add to basket', payload: 'add-j' };
    const jacket = { ...JACKET, buttons: [...JACKET.buttons!, add] };
    const tent = { ...TENT, buttons: [{ title: 'Details', payload: 'details-t' }] };
    const msg = message([jacket, TENT, tent], { buttons: [{ title: 'More', payload: 'more' }] });
    const [part] = render(msg, sms);
    // The message's own button is 1; the cards follow it (2–4); the jacket's second choice comes after the last card.
    expect(part.text).toBe(
      'Our picks\n\n1. More\n\n2. Trail Jacket — £89.50\nWaterproof & light\nhttps://shop.example/j\nSize guide: https://shop.example/sizes\nReply 2 for Details\nReply 5 for Add to basket' +
        '\n\n3. Tent — €1,299.00\n\n4. Tent — €1,299.00\nReply 4 for Details',
    );
    const offered = offeredChoices(msg, sms);
    expect(offered.map((b) => b.payload ?? `title:${b.title}`)).toEqual(['more', 'details-j', 'title:Tent', 'details-t', 'add-j']);
    expect(chooseButton('2', offered)?.payload).toBe('details-j');
    expect(chooseButton('#4', offered)?.payload).toBe('details-t');
    expect(chooseButton(' 5. ', offered)?.payload).toBe('add-j');
    expect(chooseButton('6', offered)).toBeUndefined();
    // Where cards are drawn (web, Slack, Teams, WhatsApp) their buttons are pressed, not numbered.
    expect(offeredChoices(msg, RICH_CAPABILITIES)).toEqual(msg.buttons);
    // Cards with no payload buttons (a receipt) offer nothing to choose.
    expect(offeredChoices(message([TENT]), sms)).toEqual([]);
    // The bot's own words win over the built-in ones, in the customer's language.
    const own = { messages: { es: { 'cards.reply': 'Envía {number}: {choice}' } }, defaultLocale: 'en' };
    expect(cardsAsText([tent], 'es', { texts: own })).toBe('1. Tent — 1299,00\u00a0€\nEnvía 1: Details');
    expect(cardsAsText([tent], 'ja')).toContain('Detailsは 1 と返信');
  });

  test('e-mail: cards numbered after the buttons in both parts; the HTML part shows each picture with its title as alt text', () => {
    const msg = message([JACKET, { ...TENT, imageUrl: 'javascript:alert(1)' }], { channel: 'email', address: 'ann@b.test', text: 'Our **picks**', buttons: [{ title: 'More', payload: 'more' }] });
    const mail = composeMail(msg, { from: 'Shop <help@shop.test>', domain: 'shop.test', defaultSubject: 'Hello', thread: [] });
    expect(mail.text).toContain('Our picks\n\n1. More\n\n2. Trail Jacket — £89.50\n   Waterproof & light\n   https://shop.example/j\n   Size guide: https://shop.example/sizes\n   Reply 2 for Details\n\n3. Tent — €1,299.00');
    expect(mail.text).not.toContain('<img');
    const html = String(mail.html);
    expect(html).toContain('<ol start="2">');
    expect(html).toContain(
      '<li style="margin-bottom:12px"><img src="https://shop.example/j.jpg" alt="Trail Jacket" width="160" style="display:block;max-width:160px;height:auto;border:0;margin:4px 0">' +
        '<strong>Trail Jacket — £89.50</strong><br>\nWaterproof &#38; light<br>\n<a href="https://shop.example/j">https://shop.example/j</a><br>\nSize guide: <a href="https://shop.example/sizes">https://shop.example/sizes</a><br>\nReply 2 for Details</li>',
    );
    // Only web addresses become pictures.
    expect(html).toContain('<li style="margin-bottom:12px"><strong>Tent — €1,299.00</strong></li>');
    expect(html).not.toContain('javascript:');
    expect(offeredChoices(msg, { cards: true, cardsAsText: true }).map((b) => b.payload ?? b.title)).toEqual(['more', 'details-j', 'Tent']);
    // More buttons than a mail lists itself: the renderer writes them, and the cards after them, as text.
    const many = Array.from({ length: 21 }, (_, i) => ({ title: `Option ${i + 1}`, payload: `o${i + 1}` }));
    const [part] = render(message([JACKET], { buttons: many }), { ...RICH_CAPABILITIES, maxButtons: 20, cardsAsText: true });
    expect(part.cards).toBeUndefined();
    expect(part.text).toContain('21. Option 21\n\n22. Trail Jacket — £89.50');
    expect(part.text).toContain('Reply 22 for Details');
  });

  test('Slack: a section per card (linked title, escaped text, price, picture) and its buttons, ids unique in the message', () => {
    const args = postMessageArgs(message([JACKET, TENT], { buttons: [{ title: 'More', payload: 'more' }], thread: 'D1' }));
    expect(args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Our picks' } },
      {
        type: 'section',
        block_id: 'switchboard_card_0',
        text: { type: 'mrkdwn', text: '*<https://shop.example/j|Trail Jacket>*\nWaterproof &amp; light\n*£89.50*' },
        accessory: { type: 'image', image_url: 'https://shop.example/j.jpg', alt_text: 'Trail Jacket' },
      },
      {
        type: 'actions',
        block_id: 'switchboard_card_0_buttons',
        elements: [
          { type: 'button', action_id: 'switchboard_button_0', text: { type: 'plain_text', text: 'Details', emoji: true }, value: 'details-j' },
          { type: 'button', action_id: 'switchboard_link_1', text: { type: 'plain_text', text: 'Size guide', emoji: true }, value: 'Size guide', url: 'https://shop.example/sizes' },
        ],
      },
      { type: 'section', block_id: 'switchboard_card_1', text: { type: 'mrkdwn', text: '*Tent*\n*€1,299.00*' } },
      { type: 'actions', block_id: 'switchboard_buttons', elements: [{ type: 'button', action_id: 'switchboard_button_2', text: { type: 'plain_text', text: 'More', emoji: true }, value: 'more' }] },
    ]);
    expect(postMessageArgs(message([JACKET, TENT], { text: undefined })).text).toBe('Trail Jacket — £89.50, Tent — €1,299.00');
  });

  test('Teams: hero cards in a carousel; a card’s choice is a messageBack carrying its payload', () => {
    const activity = toActivity(message([JACKET, TENT]));
    expect(activity.attachmentLayout).toBe('carousel');
    expect(activity.attachments?.[0]).toEqual({
      contentType: 'application/vnd.microsoft.card.hero',
      content: {
        title: 'Trail Jacket',
        subtitle: 'Waterproof & light',
        text: '£89.50',
        images: [{ url: 'https://shop.example/j.jpg', alt: 'Trail Jacket' }],
        tap: { type: 'openUrl', title: 'Trail Jacket', value: 'https://shop.example/j' },
        buttons: [
          { type: 'messageBack', title: 'Details', text: 'Details', displayText: 'Details', value: { payload: 'details-j' } },
          { type: 'openUrl', title: 'Size guide', value: 'https://shop.example/sizes' },
        ],
      },
    });
    expect(toActivity(message([TENT])).attachmentLayout).toBeUndefined();
  });

  test('WhatsApp: the text, then per card reply buttons under its picture, a list beyond three, or a captioned image', () => {
    const many: Card = { title: 'Stove', imageUrl: 'https://shop.example/s.jpg', buttons: ['a', 'b', 'c', 'd'].map((p) => ({ title: p.toUpperCase(), payload: p })) };
    const plain: Card = { title: 'Mat', imageUrl: 'https://shop.example/m.jpg', price: { amount: 20, currency: 'GBP' } };
    const bodies = toGraphBodies(message([JACKET, many, plain, TENT], { address: '447700900001' }));
    expect(bodies.map((b) => b.type)).toEqual(['text', 'interactive', 'interactive', 'image', 'text']);
    expect(bodies[1]).toEqual({
      to: '447700900001',
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'image', image: { link: 'https://shop.example/j.jpg' } },
        body: { text: '*Trail Jacket — £89.50*\nWaterproof & light\nhttps://shop.example/j\nSize guide: https://shop.example/sizes' },
        action: { buttons: [{ type: 'reply', reply: { id: 'details-j', title: 'Details' } }] },
      },
    });
    expect(bodies[2]).toMatchObject({ interactive: { type: 'list', header: { type: 'text', text: 'Stove' }, action: { sections: [{ rows: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] }] } } });
    expect(bodies[3]).toEqual({ to: '447700900001', type: 'image', image: { link: 'https://shop.example/m.jpg', caption: '*Mat — £20.00*' } });
    expect(bodies[4]).toEqual({ to: '447700900001', type: 'text', text: { body: '*Tent — €1,299.00*', preview_url: false } });
  });
});
