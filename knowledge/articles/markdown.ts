import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Passage } from '../types';

/** An article file's front matter and body. */
export interface MarkdownArticle {
  id: string;
  locale: string;
  title: string;
  tags: string[];
  body: string;
}

const FILE_RE = /^([\w-]+)\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\.md$/;

/**
 * Parses one article: a `---` front-matter block (YAML: id, locale, title, tags) then Markdown.
 * `file` names the source in errors.
 */
export function parseArticle(source: string, file = 'article'): MarkdownArticle {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!m) throw new Error(`${file}: missing front matter; start the file with ---, id/locale/title/tags, ---`);
  let meta: Record<string, unknown>;
  try {
    meta = (parseYaml(m[1]!) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: front matter is not valid YAML: ${(err as Error).message}`);
  }
  for (const key of ['id', 'locale', 'title'] as const) {
    if (typeof meta[key] !== 'string' || !(meta[key] as string).trim()) throw new Error(`${file}: front matter needs a non-empty "${key}"`);
  }
  const tags = meta.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new Error(`${file}: "tags" must be a list of strings`);
  return { id: meta.id as string, locale: meta.locale as string, title: meta.title as string, tags, body: m[2]! };
}

/**
 * Splits an article into passages, one per section: text before the first heading is section 0
 * (under the title), each `#`..`######` heading starts the next. Empty sections are skipped.
 */
export function toPassages(article: MarkdownArticle): Passage[] {
  const sections: { heading?: string; lines: string[] }[] = [{ lines: [] }];
  let fence = false;
  for (const line of article.body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) sections.push({ heading: h[1]!, lines: [] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  const out: Passage[] = [];
  for (const s of sections) {
    const text = s.lines.join('\n').trim();
    if (!text) continue;
    out.push({
      id: `${article.id}.${article.locale}#${out.length}`,
      articleId: article.id,
      locale: article.locale,
      title: article.title,
      ...(s.heading ? { heading: s.heading } : {}),
      text,
      tags: article.tags,
    });
  }
  return out;
}

/**
 * Reads a folder of `<id>.<locale>.md` articles into passages. Other files are ignored; a file
 * whose front matter disagrees with its name is an error (it would be indexed under the wrong id).
 */
export function loadArticleDir(dir: string): Passage[] {
  const passages: Passage[] = [];
  for (const name of readdirSync(dir).sort()) {
    const fm = FILE_RE.exec(name);
    if (!fm) continue;
    const article = parseArticle(readFileSync(join(dir, name), 'utf8'), name);
    if (article.id !== fm[1] || article.locale !== fm[2]) {
      throw new Error(`${name}: front matter says ${article.id}.${article.locale}; rename the file or fix the front matter`);
    }
    passages.push(...toPassages(article));
  }
  return passages;
}
