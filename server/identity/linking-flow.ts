import type { CountryCode } from 'libphonenumber-js';
import type { MiddlewareFn } from '../../core/composer';
import type { TurnContext } from '../../core/context';
import { maskPhone, normalizePhone } from '../../core/identity/identities';
import { confirmLinkCode, issueLinkCode, LinkError } from '../../core/identity/linking';
import type { SqlDriver } from '../../core/storage/sql';

/** The linking step a conversation is in, kept in `ctx.state.link`. */
interface LinkState {
  step: 'phone' | 'code';
  tries: number;
}

type Texts = Record<'askPhone' | 'badPhone' | 'sent' | 'linked' | 'wrong' | 'expired' | 'limited' | 'showCode' | 'welcomeBack' | 'noPhoneChannel' | 'smsCode', string>;

const TEXTS: Record<string, Texts> = {
  en: {
    askPhone: "What's your mobile number? I'll text you a code so we can continue there.",
    badPhone: "That doesn't look like a phone number. Please include the country code, like +1 555 123 4567.",
    sent: 'I texted a code to {phone}. Type it here to link your phone.',
    linked: "Done — your phone is linked. You can carry on here or by text; I'll remember where we were.",
    wrong: "That code isn't right. Please check the text message and try again.",
    expired: 'That code has expired. Say "continue on my phone" to get a new one.',
    limited: 'Too many attempts. Please try again in an hour.',
    showCode: 'On the web chat, type: link {code} (valid for 10 minutes).',
    welcomeBack: "Welcome back! I've linked this chat with your earlier conversation.",
    noPhoneChannel: "Sorry, I can't send text messages from here yet.",
    smsCode: 'Your code is {code}. It expires in 10 minutes. If you did not ask for it, ignore this message.',
  },
  es: {
    askPhone: '¿Cuál es tu número de móvil? Te enviaré un código por SMS para continuar allí.',
    badPhone: 'Eso no parece un número de teléfono. Incluye el prefijo del país, por ejemplo +34 612 345 678.',
    sent: 'Te envié un código a {phone}. Escríbelo aquí para vincular tu teléfono.',
    linked: 'Listo: tu teléfono está vinculado. Puedes seguir aquí o por SMS.',
    wrong: 'Ese código no es correcto. Revisa el SMS e inténtalo de nuevo.',
    expired: 'Ese código ha caducado. Di «seguir en mi teléfono» para recibir otro.',
    limited: 'Demasiados intentos. Inténtalo de nuevo en una hora.',
    showCode: 'En el chat web, escribe: link {code} (válido 10 minutos).',
    welcomeBack: '¡Hola de nuevo! He vinculado este chat con tu conversación anterior.',
    noPhoneChannel: 'Lo siento, todavía no puedo enviar SMS desde aquí.',
    smsCode: 'Tu código es {code}. Caduca en 10 minutos. Si no lo pediste, ignora este mensaje.',
  },
  de: {
    askPhone: 'Wie lautet deine Handynummer? Ich schicke dir einen Code per SMS, damit wir dort weitermachen können.',
    badPhone: 'Das sieht nicht nach einer Telefonnummer aus. Bitte mit Ländervorwahl, z. B. +49 151 2345678.',
    sent: 'Ich habe einen Code an {phone} geschickt. Gib ihn hier ein, um dein Handy zu verknüpfen.',
    linked: 'Fertig – dein Handy ist verknüpft. Du kannst hier oder per SMS weitermachen.',
    wrong: 'Der Code stimmt nicht. Bitte prüfe die SMS und versuche es noch einmal.',
    expired: 'Der Code ist abgelaufen. Sag „weiter per SMS“, um einen neuen zu bekommen.',
    limited: 'Zu viele Versuche. Bitte versuche es in einer Stunde erneut.',
    showCode: 'Gib im Web-Chat ein: link {code} (10 Minuten gültig).',
    welcomeBack: 'Willkommen zurück! Ich habe diesen Chat mit deinem früheren Gespräch verknüpft.',
    noPhoneChannel: 'Leider kann ich von hier noch keine SMS senden.',
    smsCode: 'Dein Code ist {code}. Er läuft in 10 Minuten ab. Falls du ihn nicht angefordert hast, ignoriere diese Nachricht.',
  },
  fr: {
    askPhone: 'Quel est votre numéro de mobile ? Je vous envoie un code par SMS pour continuer là-bas.',
    badPhone: "Cela ne ressemble pas à un numéro de téléphone. Indiquez l'indicatif du pays, par ex. +33 6 12 34 56 78.",
    sent: 'Je vous ai envoyé un code au {phone}. Tapez-le ici pour lier votre téléphone.',
    linked: 'C’est fait : votre téléphone est lié. Vous pouvez continuer ici ou par SMS.',
    wrong: "Ce code n'est pas le bon. Vérifiez le SMS et réessayez.",
    expired: 'Ce code a expiré. Dites « continuer sur mon téléphone » pour en recevoir un nouveau.',
    limited: 'Trop de tentatives. Réessayez dans une heure.',
    showCode: 'Dans le chat web, tapez : link {code} (valable 10 minutes).',
    welcomeBack: 'Bon retour ! J’ai relié ce chat à votre conversation précédente.',
    noPhoneChannel: "Désolé, je ne peux pas encore envoyer de SMS d'ici.",
    smsCode: "Votre code est {code}. Il expire dans 10 minutes. Si vous ne l'avez pas demandé, ignorez ce message.",
  },
};

const TO_PHONE = [
  /\b(continue|carry on|switch)\b.*\b(phone|sms|text)\b/i,
  /\b(text me|link (my )?phone)\b/i,
  /\b(seguir|continuar)\b.*\b(tel[eé]fono|m[oó]vil|sms)\b/i,
  /\bweiter\b.*\b(handy|sms|telefon)\b/i,
  /\bcontinuer\b.*\b(t[ée]l[ée]phone|portable|sms)\b/i,
];
const TO_WEB = [/\b(continue|carry on|switch)\b.*\b(web|website|browser|online)\b/i, /\b(seguir|continuar)\b.*\bweb\b/i, /\bweiter\b.*\b(web|browser)\b/i, /\bcontinuer\b.*\b(web|site)\b/i];
const TYPED_LINK = /^\s*link\s+([A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\s*$/i;

/** Options of the linking flow. */
export interface LinkingOptions {
  sql: SqlDriver;
  /** The store's clock (`Store.now`): a code issued on one instance may be typed back on another. */
  now: () => number;
  /** Channels able to deliver a code to a phone, in order of preference (the first configured one is used). */
  phoneChannels: () => string[];
  /** Country for numbers typed without a country code. */
  defaultCountry?: CountryCode;
}

/**
 * "Continue on my phone": the bot asks for a number, texts a one-time code there, and links the
 * number when the customer types the code back. "Continue on the web": the bot shows a code that
 * the customer types in the web chat as `link ABCD-EFGH`. Either way, two customers who turn out
 * to be one are merged, and the conversation goes on wherever they write next.
 */
export function linkingFlow(options: LinkingOptions): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const lang = ctx.locale.split('-')[0];
    const t = Object.hasOwn(TEXTS, lang) ? TEXTS[lang] : TEXTS.en;
    const state = ctx.state.link as LinkState | undefined;
    const text = ctx.text;

    const typed = TYPED_LINK.exec(text);
    if (typed) return confirm(ctx, options, typed[1], t, 'welcomeBack');

    if (ctx.message.payload === 'link-phone' || TO_PHONE.some((re) => re.test(text))) {
      if (!options.phoneChannels().length) return ctx.reply(t.noPhoneChannel);
      ctx.state.link = { step: 'phone', tries: 0 } satisfies LinkState;
      return ctx.reply(t.askPhone);
    }
    if (ctx.message.payload === 'link-web' || TO_WEB.some((re) => re.test(text))) {
      try {
        const code = await issueLinkCode(options.sql, { customerId: ctx.customer.id, client: clientOf(ctx), now: options.now() });
        return ctx.reply(t.showCode.replace('{code}', code), { metadata: { confidential: true } });
      } catch (err) {
        if (err instanceof LinkError) return ctx.reply(t.limited);
        throw err;
      }
    }

    if (state?.step === 'phone') {
      const phone = normalizePhone(text, options.defaultCountry);
      if (!phone) {
        if (++state.tries >= 3) delete ctx.state.link;
        return ctx.reply(t.badPhone);
      }
      try {
        const channel = options.phoneChannels()[0];
        const code = await issueLinkCode(options.sql, { customerId: ctx.customer.id, channel, address: phone, client: clientOf(ctx), now: options.now() });
        // Sent to the number being linked, not to the customer's current channel; never shown in transcripts.
        await ctx.reply(t.smsCode.replace('{code}', code), { channel, address: phone, metadata: { confidential: true } });
        ctx.state.link = { step: 'code', tries: 0 } satisfies LinkState;
        return ctx.reply(t.sent.replace('{phone}', maskPhone(phone)));
      } catch (err) {
        delete ctx.state.link;
        if (err instanceof LinkError) return ctx.reply(t.limited);
        throw err;
      }
    }
    if (state?.step === 'code' && /^\s*\d{3}[\s-]?\d{3}\s*$/.test(text)) return confirm(ctx, options, text, t, 'linked');
    return next();
  };
}

async function confirm(ctx: TurnContext, options: LinkingOptions, code: string, t: Texts, success: 'linked' | 'welcomeBack'): Promise<void> {
  try {
    await confirmLinkCode(options.sql, { customerId: ctx.customer.id, code, client: clientOf(ctx), now: options.now() });
    delete ctx.state.link;
    await ctx.reply(t[success]);
  } catch (err) {
    if (!(err instanceof LinkError)) throw err;
    if (err.reason !== 'invalid') delete ctx.state.link;
    await ctx.reply(err.reason === 'expired' ? t.expired : err.reason === 'rate-limited' ? t.limited : t.wrong);
  }
}

/** The network address the message came from, when its channel knows it (web chat). */
function clientOf(ctx: TurnContext): string | undefined {
  const client = ctx.message.metadata?.clientAddress;
  return typeof client === 'string' ? client : undefined;
}
