import { z } from 'zod';
import { Composer, type Middleware, type MiddlewareError, type MiddlewareFn } from './composer';
import type { SendContext, TurnContext } from './context';
import { ConfigError } from './errors';
import type { AppModule } from './module';
import { nearest } from './nearest';
import { Services } from './services';
import { lookupText, registerTexts, type TextValues } from './texts';

/**
 * A bot's core configuration, as read from its `bot.yaml` (validated) or given in code; the blocks
 * of the app's modules ride along under their module's name, validated by the modules' schemas.
 */
export const BotConfigSchema = z
  .object({
    name: z.string().min(1).describe('Shown to customers and in logs.'),
    defaultLocale: z.string().min(2).default('en').describe('Language used when the customer’s is unknown or unsupported.'),
    locales: z.array(z.string().min(2)).default(['en']).describe('Languages the bot answers in.'),
    /** Texts per locale; `fallback` is what the bot says when nothing else answered. */
    messages: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .describe('Texts per locale, e.g. messages.en.fallback.'),
    /** Settings for channels, each validated by its adapter. */
    channels: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /**
     * Where messages sent outside a customer's turn (agent replies, follow-ups) go: the channel the
     * customer used last (default), or the customer's `profile.preferredChannel` when they have an
     * address there. Replies within a turn always go where the message came from.
     */
    replyChannel: z.enum(['last-used', 'preferred']).default('last-used'),
  })
  /*
   * Every other top-level key is a module's block (`handoff:`, `knowledge:`…): core knows none of
   * them. Each module declares its block's schema (`AppModule.config`), and the bot.yaml reader
   * (`server/load-bot.ts`) builds the whole schema from the app's modules, so a module's mistake and
   * an unknown top-level key are still reported at their line and column.
   */
  .catchall(z.unknown());

/**
 * The top-level settings a bot may have: core's, then the block of each module in `modules` that
 * declares one (`AppModule.config`, under the module's name).
 */
export function knownSettings(modules: readonly Pick<AppModule, 'name' | 'config'>[] = []): string[] {
  return [...Object.keys(BotConfigSchema.shape), ...modules.filter((m) => m.config).map((m) => m.name)];
}

/** `unknown setting "knowlege" (did you mean "knowledge"?); known settings: name, …, knowledge` */
export function unknownSetting(key: string, known: readonly string[]): string {
  const meant = nearest(key, known);
  return `unknown setting "${key}"${meant ? ` (did you mean "${meant}"?)` : ''}; known settings: ${known.join(', ')}`;
}

/** A validated bot configuration. */
export type BotConfig = z.infer<typeof BotConfigSchema>;
/** What a bot author writes; defaults fill the rest. */
export type BotConfigInput = z.input<typeof BotConfigSchema>;

/** The bot's own built-in texts; `bot.yaml` `messages:` override them (see `core/texts.ts`). */
const botTexts = registerTexts<'fallback' | 'error'>('', {
  en: { fallback: "Sorry, I can't help with that yet.", error: 'Sorry, something went wrong on our side. Please try again in a moment.' },
  es: { fallback: 'Lo siento, todavía no puedo ayudarte con eso.', error: 'Lo siento, algo salió mal. Inténtalo de nuevo en un momento.' },
  de: { fallback: 'Tut mir leid, dabei kann ich noch nicht helfen.', error: 'Entschuldigung, da ist etwas schiefgelaufen. Bitte versuche es gleich noch einmal.' },
  fr: { fallback: 'Désolé, je ne peux pas encore vous aider pour cela.', error: 'Désolé, un problème est survenu. Réessayez dans un instant.' },
  pt: { fallback: 'Desculpe, ainda não consigo ajudar com isso.', error: 'Desculpe, algo deu errado do nosso lado. Tente novamente daqui a pouco.' },
  it: { fallback: 'Mi dispiace, non posso ancora aiutarti con questo.', error: 'Mi dispiace, qualcosa è andato storto da parte nostra. Riprova tra un momento.' },
  nl: { fallback: 'Sorry, daar kan ik je nog niet mee helpen.', error: 'Sorry, er ging bij ons iets mis. Probeer het zo nog eens.' },
  pl: { fallback: 'Przepraszam, jeszcze nie mogę w tym pomóc.', error: 'Przepraszamy, coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę.' },
  tr: { fallback: 'Üzgünüm, bu konuda henüz yardımcı olamıyorum.', error: 'Üzgünüz, bizim tarafımızda bir sorun oluştu. Lütfen birazdan tekrar deneyin.' },
  ru: { fallback: 'Извините, с этим я пока не могу помочь.', error: 'Извините, у нас что-то пошло не так. Попробуйте ещё раз чуть позже.' },
  ar: { fallback: 'عذرًا، لا أستطيع المساعدة في ذلك بعد.', error: 'عذرًا، حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى بعد قليل.' },
  zh: { fallback: '抱歉，我暂时还无法帮助处理这个问题。', error: '抱歉，我们这边出了点问题。请稍后再试。' },
  ja: { fallback: '申し訳ありません、その件にはまだお答えできません。', error: '申し訳ありません、こちらで問題が発生しました。しばらくしてからもう一度お試しください。' },
});

/**
 * A bot: the configuration plus the middleware that runs each turn, and the outbound chain
 * every message it sends passes through. Bots are built in code; plugins are middleware.
 */
export class Bot extends Composer<TurnContext> {
  readonly config: BotConfig;
  /** Services modules provide to each other (the knowledge base's answerer, handoff's escalator…). */
  readonly services = new Services();
  private readonly outbound = new Composer<SendContext>();
  private errorHandler: (error: MiddlewareError<TurnContext>) => unknown = defaultErrorHandler;

  /**
   * `config`'s top-level keys must be core settings or the block of one of `modules` (the app's
   * modules that declare `config`; their blocks are validated when the modules are wired): any
   * other key is a `ConfigError` naming it, the nearest known key and all of them, so a typo such as
   * `knowlege:` is not silently ignored. `bot.yaml` is checked the same way, at its line and column.
   */
  constructor(config: BotConfigInput, options: { modules?: readonly Pick<AppModule, 'name' | 'config'>[] } = {}) {
    super();
    const known = knownSettings(options.modules);
    const unknown = Object.keys(config).filter((key) => !known.includes(key));
    if (unknown.length) throw new ConfigError(`Bot settings: ${unknown.map((key) => unknownSetting(key, known)).join('\n')}`);
    this.config = BotConfigSchema.parse(config);
  }

  /**
   * Adds middleware to the outbound chain: every message the bot, an agent or a proactive rule
   * sends passes it before it is stored and delivered (translation, redaction, limits). What a
   * channel may not deliver (SMS to an opted-out number) its adapter declines at delivery.
   */
  onSend(...middleware: Array<Middleware<SendContext>>): this {
    this.outbound.use(...middleware);
    return this;
  }

  /** The composed outbound chain. */
  sendChain(): MiddlewareFn<SendContext> {
    return this.outbound.middleware();
  }

  /**
   * Sets the one handler for errors thrown during a turn. It receives the error wrapped with the
   * turn's context and may reply. The default logs and apologises in the customer's language.
   */
  catch(handler: (error: MiddlewareError<TurnContext>) => unknown): this {
    this.errorHandler = handler;
    return this;
  }

  /** Runs the error handler (used by the engine). */
  async handleError(error: MiddlewareError<TurnContext>): Promise<void> {
    await this.errorHandler(error);
  }

  /**
   * The text `key` for `locale` through the one lookup (`core/texts.ts`): this bot's `messages:`
   * or the built-in text, for the locale, its base language, the default locale, then English.
   */
  text(key: string, locale?: string, values?: TextValues): string {
    return lookupText(this.config, key, locale ?? this.config.defaultLocale, values);
  }
}

async function defaultErrorHandler(error: MiddlewareError<TurnContext>): Promise<void> {
  const ctx = error.ctx;
  ctx.log.error({ err: error.error }, 'turn failed');
  await ctx.reply(botTexts(ctx.bot.config, 'error', ctx.locale));
}
