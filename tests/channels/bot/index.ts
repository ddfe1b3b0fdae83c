import type { Bot } from '../../../core/bot';
import type { Card } from '../../../core/message';

/** Two products: one with a picture, both with a "Details" button (the payload tells them apart). */
export const CARDS: Card[] = [
  {
    title: 'Trail Jacket',
    subtitle: 'Waterproof and breathable',
    imageUrl: 'https://shop.example.test/img/trail.jpg',
    price: { amount: 89, currency: 'GBP' },
    url: 'https://shop.example.test/trail',
    buttons: [{ title: 'Details', payload: 'details-trail' }],
  },
  { title: 'Summit Tent', price: { amount: 199.5, currency: 'GBP' }, url: 'https://shop.example.test/tent', buttons: [{ title: 'Details', payload: 'details-tent' }] },
];

/**
 * Replies the conformance suite can recognise on any channel: a menu with two buttons, the payload
 * of a chosen button, what was attached, two product cards, a long text (splitting), else an echo.
 */
export default function conformanceBot(bot: Bot): void {
  bot.use(async (ctx, next) => {
    const m = ctx.message;
    if (m.payload) return ctx.reply(`You chose ${m.payload}`);
    if (m.attachments?.length) return ctx.reply(`Got ${m.attachments.map((a) => a.type).join(', ')}`);
    if (/^menu$/i.test(ctx.text.trim())) {
      return ctx.reply('Pick a colour', { buttons: [{ title: 'Red', payload: 'color-red' }, { title: 'Green', payload: 'color-green' }] });
    }
    if (/^many$/i.test(ctx.text.trim())) {
      const buttons = Array.from({ length: 5 }, (_, i) => ({ title: `Option ${i + 1}`, payload: `opt-${i + 1}` }));
      return ctx.reply('Pick one', { buttons });
    }
    if (/^cards$/i.test(ctx.text.trim())) return ctx.reply({ text: 'Our picks', cards: CARDS });
    if (/^long$/i.test(ctx.text.trim())) return ctx.reply(Array.from({ length: 60 }, (_, i) => `This is sentence number ${i + 1} of a long reply.`).join(' '));
    if (ctx.text) return ctx.reply(`echo: ${ctx.text}`);
    await next();
  });
}
