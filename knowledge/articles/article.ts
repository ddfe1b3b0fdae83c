import { stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { formatYamlProblems, parseYaml, type YamlProblem } from '../../core/yaml';
import type { Passage } from '../types';

/**
 * A help article in one language. Translations share the `id`; each (id, locale) pair is one
 * article file `<id>.<locale>.md` and one row in the database.
 */
export interface Article {
  /** Shared by every translation: lower-case letters, digits and dashes (`returns-policy`). */
  id: string;
  /** BCP 47 language tag (`en`, `es`, `pt-BR`). */
  locale: string;
  title: string;
  tags: string[];
  /** Where the article lives on the help centre, cited in answers. */
  url?: string;
  /**
   * Editors' alternative questions: how customers ask for this article in its language ("can I
   * get my money back?"). They retrieve it like its text does, and a question like one of them
   * finds it as surely as a confirmed customer question would (see `knowledge/learning/`).
   */
  questions?: string[];
  /**
   * Codes printed on what the article is about — error codes, model and part numbers — found in a
   * customer's photo (OCR or a barcode) to answer with this article. Absent or empty when none.
   */
  codes?: string[];
  /** Markdown body without the front matter. */
  body: string;
}

/**
 * One code an article declares: letters and digits, with the dashes, dots, slashes and spaces
 * printed between them (`E-17`, `WM-8000`, `5012345678900`). Matching ignores case and those
 * separators, so `E-17` also finds `E17` and `e 17` on a display.
 */
export const ArticleCode = z
  .string()
  .trim()
  .min(2, 'a code needs at least 2 characters')
  .max(64, 'keep a code under 64 characters')
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9 ./-]*[A-Za-z0-9])?$/, 'use letters and digits, with dashes, dots, slashes or spaces between them, e.g. "E-17" or "WM-8000"')
  .refine((code) => /[0-9]/.test(code), 'a code needs at least one digit (a word alone would match ordinary text)');

/** What an article's front matter may hold (validated; unknown keys are refused). */
export const FrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'use lower-case letters, digits and dashes, e.g. "returns-policy"'),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'use a language tag such as "en" or "es-MX"'),
    title: z.string().trim().min(1, 'give the article a title').max(200),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    // Shown as a link to customers and in the console: http(s) only, never `javascript:` or `data:`.
    url: z.url({ protocol: /^https?$/, error: 'use an http(s) URL, e.g. https://example.com/returns' }).optional(),
    questions: z
      .array(z.string().trim().min(3, 'write the question as a customer would, e.g. "can I get my money back?"').max(300))
      .max(50, 'keep it to 50 questions; the most common phrasings matter most')
      .refine((list) => new Set(list.map(sameQuestion)).size === list.length, 'a question is listed twice')
      .optional(),
    codes: z.array(ArticleCode).max(100, 'list at most 100 codes; split the article').optional(),
  })
  .strict();

/** Two alternative questions are the same when they differ only in case, spacing and punctuation. */
export function sameQuestion(question: string): string {
  return question.toLowerCase().replace(/[\p{P}\s]+/gu, ' ').trim();
}

/** The editable fields of an article, as the editor API and importers validate them. */
export const ArticleSchema = FrontMatterSchema.extend({
  body: z.string().max(100_000, 'keep an article under 100,000 characters; split it into several'),
});

/**
 * A file that is not a valid article. Its message names the file and the fix: problems inside
 * the front matter one per line as `file:line:col message`, problems with the whole file (no
 * front matter, a name that does not match) as `file: message`.
 */
export class ArticleFormatError extends Error {
  constructor(
    readonly file: string,
    problems: string | YamlProblem[],
  ) {
    super(typeof problems === 'string' ? `${file}: ${problems}` : formatYamlProblems(file, problems));
    this.name = 'ArticleFormatError';
  }
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Parses an article file: a YAML front-matter block between `---` lines, then Markdown. When
 * `fileName` is given it must be `<id>.<locale>.md` matching the front matter, so a file can't
 * silently shadow another translation.
 */
export function parseArticle(text: string, fileName = 'article'): Article {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new ArticleFormatError(fileName, 'missing front matter: start the file with ---, then id, locale, title, tags, then ---');
  const front = parseYaml(match[1], FrontMatterSchema, { unknownKey: () => `unknown key; the front matter takes ${Object.keys(FrontMatterSchema.shape).join(', ')}` });
  // The YAML starts on the file's second line, under the opening ---.
  if (!front.ok) throw new ArticleFormatError(fileName, front.problems.map((p) => ({ ...p, line: p.line + 1 })));
  const article: Article = { ...front.data, body: text.slice(match[0].length).trim() };
  const expected = articleFileName(article);
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (base.endsWith('.md') && base !== expected) {
    throw new ArticleFormatError(fileName, `its front matter says id "${article.id}", locale "${article.locale}": name the file ${expected}, or fix the front matter`);
  }
  return article;
}

/**
 * The article as a file: front matter (tags in flow style, as people write them), a blank line,
 * the body. `parseArticle` reads it back unchanged, and exporting an imported file reproduces it.
 */
export function serializeArticle(article: Article): string {
  const scalar = (value: string) => stringifyYaml(value, { lineWidth: 0 }).trimEnd();
  const lines = [
    `id: ${article.id}`,
    `locale: ${article.locale}`,
    `title: ${scalar(article.title)}`,
    `tags: ${stringifyYaml(article.tags, { collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd()}`,
    ...(article.url ? [`url: ${scalar(article.url)}`] : []),
    ...(article.questions?.length ? ['questions:', ...article.questions.map((q) => `  - ${scalar(q)}`)] : []),
    ...(article.codes?.length ? [`codes: ${stringifyYaml(article.codes, { collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd()}`] : []),
  ];
  return `---\n${lines.join('\n')}\n---\n\n${article.body.trim()}\n`;
}

/** `<id>.<locale>.md`. */
export function articleFileName(article: Pick<Article, 'id' | 'locale'>): string {
  return `${article.id}.${article.locale}.md`;
}

/**
 * Splits an article into passages, one per section: the text before the first heading, then each
 * `#`–`###` heading with the text under it. Sections without text are dropped; an article with
 * no headings is one passage. Passage ids are `<id>.<locale>#<n>`, stable while sections stay.
 */
export function toPassages(article: Article): Passage[] {
  const sections: Array<{ heading?: string; lines: string[] }> = [{ lines: [] }];
  let fence = false;
  for (const line of article.body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const heading = fence ? null : /^#{1,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ heading: heading[1], lines: [] });
    else sections[sections.length - 1].lines.push(line);
  }
  return sections
    .map((s) => ({ heading: s.heading, text: s.lines.join('\n').trim() }))
    .filter((s) => s.text)
    .map((s, n) => ({
      id: `${article.id}.${article.locale}#${n}`,
      articleId: article.id,
      locale: article.locale,
      title: article.title,
      ...(s.heading ? { heading: s.heading } : {}),
      text: s.text,
      tags: article.tags,
      ...(article.url ? { url: article.url } : {}),
      ...(article.questions?.length ? { questions: article.questions } : {}),
    }));
}

/** Zod issues as one readable line: `title: give the article a title; tags: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ');
}
