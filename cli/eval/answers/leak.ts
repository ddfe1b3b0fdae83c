import type { Bot } from '../../../core/bot';
import type { WireMessage } from '../../../core/message';
import { kbText, type KbTextKey } from '../../../knowledge/messages';

/** The knowledge base's and the fallback's phrases that a customer sees. */
const KB_KEYS: KbTextKey[] = ['onlyIn', 'translated', 'clarify', 'none', 'helpful', 'yes', 'no', 'thanks', 'sorry', 'source', 'sources'];

/** A phrase without its `{placeholders}`: the part before the first one, which is always shown. */
function fixedPart(text: string): string {
  return text.split('{')[0]!.trim();
}

/**
 * Whether replies to a question in `lang` contain English bot text: a built-in or configured
 * phrase (knowledge base texts, the fallback) shown in English although the phrase differs in
 * `lang`. Article text is not bot text: an English article quoted with a note is no leak.
 */
export function englishLeak(bot: Bot, lang: string, replies: WireMessage[]): boolean {
  if (lang.toLowerCase().startsWith('en')) return false;
  const phrases: string[] = [];
  for (const key of KB_KEYS) {
    const en = fixedPart(kbText(bot, key, 'en'));
    if (en && en !== fixedPart(kbText(bot, key, lang))) phrases.push(en);
  }
  const fallback = bot.text('fallback', 'en');
  if (fallback !== bot.text('fallback', lang)) phrases.push(fallback);
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
