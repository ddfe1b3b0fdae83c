import type { Bot } from '../../../core/bot';
import type { WireMessage } from '../../../core/message';
import { builtInKeys } from '../../../core/texts';

/**
 * A phrase without its `{placeholders}` (and dialog templates' `{{slots.x}}`): its longest literal
 * part, which a customer always sees whatever the values.
 */
function fixedPart(text: string): string {
  return text
    .split(/\{\{?[^{}]*\}?\}/)
    .map((part) => part.trim())
    .reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}

/**
 * Every text key the bot can show: each module's registered built-in texts (`core/texts.ts`, so a
 * module's new text is checked the day it is registered) and the bot's own `messages:`.
 */
function textKeys(bot: Bot): string[] {
  const own = Object.values(bot.config.messages).flatMap((texts) => Object.keys(texts));
  return [...new Set([...[...builtInKeys().values()].flat(), ...own])];
}

/** The English phrases that differ in `lang`: what shows a leak when an `lang` customer sees it. */
function englishPhrases(bot: Bot, lang: string): string[] {
  const phrases = new Set<string>();
  for (const key of textKeys(bot)) {
    const en = fixedPart(bot.text(key, 'en'));
    if (en && en !== key && en !== fixedPart(bot.text(key, lang))) phrases.add(en);
  }
  return [...phrases];
}

/**
 * Whether replies to a question in `lang` contain English bot text: any registered built-in or
 * configured phrase (knowledge base, dialogs, handoff, fallback…) shown in English although the
 * phrase differs in `lang`. Article text is not bot text: an English article quoted with a note is
 * no leak.
 */
export function englishLeak(bot: Bot, lang: string, replies: WireMessage[]): boolean {
  if (lang.toLowerCase().startsWith('en')) return false;
  const phrases = englishPhrases(bot, lang);
  return replies.some((m) => {
    const titles = (m.buttons ?? []).map((b) => b.title);
    if (titles.some((t) => phrases.includes(t))) return true;
    const text = m.text ?? '';
    // Short phrases ("Yes", "Source") only count as whole lines or labels, long ones anywhere.
    return phrases.some((p) => (p.length >= 12 ? text.includes(p) : new RegExp(`(^|\\n)${escape(p)}(:|\\s*$)`, 'm').test(text)));
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
