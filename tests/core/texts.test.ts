import { Bot } from '../../core/bot';
import { BUILT_IN_LANGUAGES, builtInKeys, builtInText, localeTextProblems, lookupText } from '../../core/texts';
// Every module with built-in texts registers them when imported.
import '../../dialogs/texts';
import '../../core/cards';
import '../../catalog/texts';
import { kbText, languageName } from '../../knowledge/messages';
import { handoffText } from '../../handoff/texts';
import { csatText } from '../../core/csat';
import { smsKeyword, smsTexts } from '../../channels/sms/keywords';
import { linkingTexts } from '../../identity/texts';
import { widgetTexts } from '../../channels/web/texts';
import { WebChannel } from '../../channels/web/adapter';
import { adapterApp } from '../../testkit/channels/support';
import { globalCommand } from '../../dialogs/commands';

const placeholders = (text: string) => [...text.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((m) => m[1]).sort();

describe('built-in texts in every language', () => {
  const prefixes = [...builtInKeys().keys()];

  test('every module registered its table', () => {
    expect(prefixes.sort()).toEqual(['', 'cards', 'catalog', 'csat', 'dialog', 'handoff', 'identity', 'kb', 'sms', 'widget']);
  });

  test.each(BUILT_IN_LANGUAGES.filter((l) => l !== 'en'))('%s has every key, with the same placeholders, and is not a copy of English', (lang) => {
    for (const [prefix, keys] of builtInKeys()) {
      let copied = 0;
      for (const key of keys) {
        const english = builtInText(key, 'en')!;
        const text = builtInText(key, lang);
        expect({ key, lang, text: text === undefined ? 'MISSING' : 'ok' }).toEqual({ key, lang, text: 'ok' });
        expect({ key, lang, placeholders: placeholders(text!) }).toEqual({ key, lang, placeholders: placeholders(english) });
        if (text === english) copied++;
      }
      // A few words are the same in both ("No", "Source", "Message"); a whole table is not.
      expect({ prefix, lang, copiedShare: copied / keys.length <= 0.25 }).toEqual({ prefix, lang, copiedShare: true });
    }
  });

  test('the note on a translated article reads right whatever the language it was translated from', () => {
    // Italian elides before a vowel only: "dall’inglese" but "dal tedesco"; the note named the
    // language right after "dall’", so an article translated from German read "dall’tedesco".
    for (const from of BUILT_IN_LANGUAGES) {
      const note = kbText(undefined, 'translated', 'it', { language: languageName(from, 'it') });
      expect({ from, elidedBeforeConsonant: /dall’[^aeiouh]/i.test(note) }).toEqual({ from, elidedBeforeConsonant: false });
    }
  });
});

describe('one lookup, one fallback order', () => {
  const bot = new Bot({
    name: 'Shop',
    defaultLocale: 'de',
    locales: ['de', 'en', 'pt', 'sw'],
    messages: { pt: { 'kb.source': 'Artigo' }, de: { 'csat.thanks': 'Merci vielmals!' } },
  });

  test('customer locale, then its base language, the bot default, then English; the bot’s own texts first', () => {
    expect(kbText(bot, 'source', 'pt-BR')).toBe('Artigo'); // bot's own, base language
    expect(kbText(bot, 'sources', 'pt-BR')).toBe('Fontes'); // built-in, base language
    expect(kbText(bot, 'source', 'sw')).toBe('Quelle'); // no Swahili: the bot's default locale
    expect(csatText(bot.config, 'sw', 'thanks')).toBe('Merci vielmals!');
    expect(lookupText(undefined, 'kb.helpful', 'sw')).toBe('Did this help?'); // no bot: English
    expect(bot.text('fallback', 'ja')).toMatch(/申し訳/);
    expect(bot.text('no.such.key', 'en')).toBe('no.such.key');
  });

  test('placeholders are filled; dialog templates ({{…}}) are left for the dialog runtime', () => {
    expect(handoffText(bot.config, 'it', 'joined', { agent: 'Giulia' })).toBe('Giulia del nostro team si è unito e ti risponderà qui.');
    expect(kbText(bot, 'onlyIn', 'nl', { language: 'Engels' })).toBe('Dit heb ik alleen in het Engels:');
    const withTemplate = new Bot({ name: 'x', messages: { en: { greeting: 'Hi {{profile.name}}, {name}!' } } });
    expect(withTemplate.text('greeting', 'en', { name: 'Ana' })).toBe('Hi {{profile.name}}, Ana!');
  });

  test('SMS keywords and replies, identity linking, the widget and global commands speak the new languages', () => {
    expect(smsKeyword('Başla')).toEqual({ keyword: 'opt-in', locale: 'tr' });
    expect(smsKeyword('стоп')).toEqual({ keyword: 'opt-out', locale: 'ru' });
    expect(smsKeyword('AJUDA!')).toEqual({ keyword: 'help', locale: 'pt' });
    expect(smsTexts(bot.config, 'optedOut', 'pl')).toMatch(/Zrezygnowano/);
    expect(linkingTexts(bot.config, 'zh').sent).toBe('我已向 {phone} 发送验证码。请在这里输入以绑定您的手机。');
    expect(widgetTexts(bot.config, 'ar', 'Shop').typing).toBe('Shop يكتب…');
    expect(globalCommand('转人工')).toEqual({ command: 'agent', locale: 'zh' });
    expect(globalCommand('annulla per favore')).toEqual({ command: 'cancel', locale: 'it' });
  });

  test('GET /api/web/texts gives the widget its labels, and refuses a malformed locale', async () => {
    const web = new WebChannel({ title: 'Shop', texts: bot.config });
    const http = adapterApp(web);
    const ok = await http.request('/api/web/texts?locale=ja-JP');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { texts: Record<string, string> }).texts).toMatchObject({ placeholder: 'メッセージを入力…', send: '送信' });
    const bad = await http.request('/api/web/texts?locale=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/language tag/);
  });
});

describe('validate: locales without texts', () => {
  test('a listed locale with no built-in texts or no bot texts is reported; a complete one is not', () => {
    const problems = localeTextProblems({
      defaultLocale: 'en',
      locales: ['en', 'es-MX', 'pt', 'sw'],
      messages: { en: { greeting: 'Hi', menu: 'Menu' }, es: { greeting: 'Hola', menu: 'Menú' }, pt: { greeting: 'Olá' } },
    });
    expect(problems).toEqual([
      'locale "pt" lacks messages: menu (its customers would get en texts)',
      expect.stringMatching(/^locale "sw" has no built-in texts/),
      'locale "sw" is in locales but messages has no texts for it (missing: greeting, menu)',
    ]);
  });
});
