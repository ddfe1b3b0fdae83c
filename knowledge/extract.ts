import type { Citation } from '../core/services';
import { questionStems, stems } from './analysis/analyzer';
import type { Passage } from './types';

/** Longest extractive answer, before the citation (channels split longer texts anyway). */
export const DEFAULT_MAX_ANSWER_CHARS = 600;

/**
 * The part of a passage written in `lang` that answers: the whole passage when it fits in
 * `maxChars`; otherwise whole sentences (list items count as sentences), starting at the one that
 * shares the most stems with the question, until the budget is spent. Never cuts a sentence in
 * half unless a single one is too long.
 */
export function trimPassage(text: string, question: string, lang: string, maxChars = DEFAULT_MAX_ANSWER_CHARS): string {
  const clean = text.trim();
  if (clean.length <= maxChars) return clean;
  const units = clean
    .split(/\n+/)
    .flatMap((line) => {
      const bullet = /^\s*([-*+]|\d+[.)])\s+/.exec(line)?.[0] ?? '';
      return sentences(line.slice(bullet.length)).map((s, i) => ({ text: s, bullet: i === 0 ? bullet.trim() : '', newLine: i === 0 }));
    })
    .filter((u) => u.text);
  const terms = new Set(questionStems(question, lang));
  const score = (s: string) => stems(s, lang).filter((t) => terms.has(t)).length;
  let start = 0;
  units.forEach((u, i) => {
    if (score(u.text) > score(units[start].text)) start = i;
  });
  // Start a little earlier when the best sentence is an item: its list's lead-in gives context.
  if (start > 0 && units[start].bullet && !units[start - 1].bullet) start--;
  let out = '';
  for (const unit of units.slice(start)) {
    const piece = `${unit.bullet ? `${unit.bullet} ` : ''}${unit.text}`;
    const joined = out ? `${out}${unit.newLine ? '\n' : ' '}${piece}` : piece;
    if (joined.length > maxChars) break;
    out = joined;
  }
  if (!out) out = `${Array.from(units[start].text).slice(0, maxChars - 1).join('').trimEnd()}…`;
  return out;
}

/** Sentences of a text (Latin and CJK end marks), keeping their punctuation. */
function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').match(/[^.!?。！？]+(?:[.!?。！？]+["')\]]*|$)/g) ?? [])
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The citation line in Markdown: `Source: [Returns policy](https://…)`. */
export function citationLine(label: string, citations: Citation[]): string {
  const parts = citations.map((c) => (c.url ? `[${c.title}](${c.url})` : `“${c.title}”`));
  return `${label}: ${parts.join(', ')}`;
}

/** A passage as a citation. */
export function citationOf(passage: Passage): Citation {
  return { articleId: passage.articleId, title: passage.title, ...(passage.url ? { url: passage.url } : {}), passageId: passage.id };
}
