import { dialogActions, inDialog, isGreeting, type Bot, type TurnContext } from 'switchboard';
import { OrderStore } from './orders';

/**
 * "start" or "menu" (with one more word at most): the menu, like a greeting alone (`isGreeting`:
 * "hola", "hi there", "hola Ana"). A greeting that opens a request ("hola, necesito cambiar la
 * dirección…") is the request: the dialogs and the knowledge base take it, not the menu.
 */
const MENU_WORDS = /^\s*(start|menu)(?![\p{L}\d])[\s!.,?]*(\p{L}+[\s!.,?]*)?$/iu;
const LANG_OF_GREETING: Array<[RegExp, string]> = [
  [/^\s*(hola|buenas)/i, 'es'],
  [/^\s*(hallo|guten tag|servus)/i, 'de'],
  [/^\s*(bonjour|salut|coucou)/i, 'fr'],
  [/^\s*(ol[aá](?![\p{L}\d])|bom dia|boa tarde)/iu, 'pt'],
  [/^\s*(ciao|buongiorno|buonasera)/i, 'it'],
];

/** The menu, in the customer's language. Payloads are the same in every language. */
function menu(ctx: TurnContext) {
  const titles: Record<string, [string, string, string, string]> = {
    en: ['Track an order', 'Return an item', 'Store hours', 'Talk to a person'],
    es: ['Seguir un pedido', 'Devolver un artículo', 'Horario', 'Hablar con una persona'],
    de: ['Bestellung verfolgen', 'Artikel zurücksenden', 'Öffnungszeiten', 'Mit einem Menschen sprechen'],
    fr: ['Suivre une commande', 'Retourner un article', 'Horaires', 'Parler à une personne'],
    pt: ['Seguir uma encomenda', 'Devolver um artigo', 'Horário', 'Falar com uma pessoa'],
    it: ['Traccia un ordine', 'Restituisci un articolo', 'Orari', 'Parla con una persona'],
  };
  const t = titles[ctx.locale.split('-')[0]] ?? titles.en;
  // These payloads start the dialogs in ./dialogs (their `triggers.payloads`); `agent` is the
  // global "talk to a person" command, which runs the `agent` dialog.
  const payloads = ['order-status', 'returns', 'store-hours', 'agent'];
  return t.map((title, i) => ({ title, payload: payloads[i] }));
}

/**
 * Northwind's support bot. Greets with a menu; the dialogs in `dialogs/` (order status, returns,
 * store hours, agent) do the rest, calling the actions registered here.
 */
export default function northwind(bot: Bot): void {
  const orders = new OrderStore();
  dialogActions(bot, {
    /** `{ found, number, status, carrier, date }` for the order the customer named. */
    lookupOrder: (_ctx, args) => {
      const order = orders.find(String(args.number ?? ''));
      return order ? { found: true, ...order } : { found: false, number: OrderStore.normalize(String(args.number ?? '')) };
    },
    createReturn: (_ctx, args) => orders.createReturn(String(args.order), String(args.reason), String(args.receivedOn)),
  });

  bot.filter(
    // Mid-form, "start over" or "hi" belong to the dialog, not to the greeting.
    (ctx) => !ctx.message.payload && (isGreeting(ctx.text) || MENU_WORDS.test(ctx.text)) && !inDialog(ctx),
    async (ctx) => {
      const lang = LANG_OF_GREETING.find(([re]) => re.test(ctx.text))?.[1];
      if (lang) ctx.locale = lang;
      await ctx.reply(bot.text('greeting', ctx.locale));
      await ctx.reply(bot.text('menu', ctx.locale), { buttons: menu(ctx) });
    },
  );
}
