import type { Bot, TurnContext } from 'switchboard';

const GREETING = /^\s*(hi|hello|hey|hola|buenas|hallo|guten tag|servus|bonjour|salut|coucou|start|menu)\b/i;
const LANG_OF_GREETING: Array<[RegExp, string]> = [
  [/^\s*(hola|buenas)/i, 'es'],
  [/^\s*(hallo|guten tag|servus)/i, 'de'],
  [/^\s*(bonjour|salut|coucou)/i, 'fr'],
];

/** The menu, in the customer's language. Payloads are the same in every language. */
function menu(ctx: TurnContext) {
  const titles: Record<string, [string, string, string, string]> = {
    en: ['Track an order', 'Return an item', 'Store hours', 'Talk to a person'],
    es: ['Seguir un pedido', 'Devolver un artículo', 'Horario', 'Hablar con una persona'],
    de: ['Bestellung verfolgen', 'Artikel zurücksenden', 'Öffnungszeiten', 'Mit einem Menschen sprechen'],
    fr: ['Suivre une commande', 'Retourner un article', 'Horaires', 'Parler à une personne'],
  };
  const t = titles[ctx.locale.split('-')[0]] ?? titles.en;
  const payloads = ['order-status', 'returns', 'store-hours', 'agent'];
  return t.map((title, i) => ({ title, payload: payloads[i] }));
}

/**
 * Northwind's support bot. Greets with a menu; dialogs (order status, returns, store hours),
 * the knowledge base and human handoff are added by their modules from this folder's
 * `dialogs/` and `knowledge/`.
 */
export default function northwind(bot: Bot): void {
  bot.filter(
    (ctx) => !ctx.message.payload && GREETING.test(ctx.text),
    async (ctx) => {
      const lang = LANG_OF_GREETING.find(([re]) => re.test(ctx.text))?.[1];
      if (lang) ctx.locale = lang;
      await ctx.reply(bot.text('greeting', ctx.locale));
      await ctx.reply(bot.text('menu', ctx.locale), { buttons: menu(ctx) });
    },
  );
}
