import { Bot } from '../../core/bot';
import { globalCommand } from '../../dialogs/commands';
import { detectLanguage } from '../../dialogs/language';
import { fillTemplate, pickText, runtimeText } from '../../dialogs/texts';

describe('texts, templates and language', () => {
  test('per-locale text falls back: exact, base language, bot default, English', () => {
    const text = { en: 'Hello', 'es-mx': '¿Qué onda?', es: 'Hola', de: 'Hallo' };
    expect(pickText(text, 'es-MX', 'en')).toBe('¿Qué onda?');
    expect(pickText(text, 'es-AR', 'en')).toBe('Hola');
    expect(pickText(text, 'fr', 'de')).toBe('Hallo');
    expect(pickText({ en: 'Hello', it: 'Ciao' }, 'fr', 'de')).toBe('Hello');
    expect(pickText('plain', 'fr', 'en')).toBe('plain');
  });

  test('templates fill paths and format dates and numbers per locale', () => {
    const values = { slots: { day: '2026-12-02', n: 1234.5, order: { id: 'NW-1' } }, locale: 'de' };
    expect(fillTemplate('{{slots.order.id}} am {{ slots.day | date }}: {{slots.n | number}} {{slots.none}}!', values)).toBe('NW-1 am 2. Dezember 2026: 1.234,5 !');
    expect(fillTemplate('{{slots.day | date}}', { ...values, locale: 'en' })).toBe('December 2, 2026');
  });

  test('runtime texts: the bot’s own override the built-ins, in the customer’s language', () => {
    const bot = new Bot({ name: 'x', messages: { es: { 'dialog.noAgent': 'Nadie.' } } });
    expect(runtimeText(bot, 'dialog.noAgent', 'es-MX')).toBe('Nadie.');
    expect(runtimeText(bot, 'dialog.noAgent', 'de')).toMatch(/niemand verfügbar/);
    expect(runtimeText(bot, 'dialog.noAgent', 'ja')).toMatch(/担当者/);
    expect(runtimeText(bot, 'dialog.noAgent', 'sw')).toMatch(/No agent is available/); // no built-in Swahili: the default locale's
  });

  test('language detection: evidence in a supported language, weighed against the conversation so far', () => {
    const locales = ['en', 'es', 'de', 'fr'];
    expect(detectLanguage('¿Dónde está mi pedido, por favor?', locales)).toBe('es');
    expect(detectLanguage('Wo ist meine Bestellung geblieben?', locales)).toBe('de');
    expect(detectLanguage('Bonjour, je voudrais suivre ma commande', locales)).toBe('fr');
    expect(detectLanguage('ok', locales)).toBeUndefined();
    expect(detectLanguage('NW-1001', locales)).toBeUndefined();
    expect(detectLanguage('contact', locales)).toBeUndefined(); // one word no list knows
    expect(detectLanguage('sí', locales)).toBe('es');
    expect(detectLanguage('ok', locales, { current: 'es' })).toBe('es');
    expect(detectLanguage('thanks', locales, { current: 'es' })).toBe('es'); // one English word does not switch a conversation
    expect(detectLanguage('thank you, where is my order?', locales, { current: 'es' })).toBe('en');
    expect(detectLanguage('hola', locales, { hint: 'en' })).toBe('es'); // a clear word beats the browser's language
    expect(detectLanguage('Dov’è il mio ordine, per favore?', locales)).toBeUndefined(); // Italian: not a language of this bot
  });

  test('global commands are whole messages, in four languages', () => {
    expect(globalCommand('Cancel!')).toEqual({ command: 'cancel', locale: 'en' });
    expect(globalCommand('por favor, empezar de nuevo')).toEqual({ command: 'restart', locale: 'es' });
    expect(globalCommand('Parler à une personne')).toEqual({ command: 'agent', locale: 'fr' });
    expect(globalCommand('', 'help')).toEqual({ command: 'help' });
    expect(globalCommand('I want to cancel my order')).toBeUndefined();
  });
});
