import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArticleFormatError, parseArticle, serializeArticle } from '../../knowledge/articles/article';
import { ArticleCodes } from '../../core/services';
import type { App } from '../../server/app';
import { api, botDir, startApp } from './helpers';

const WASHER = `---
id: washer-errors
locale: en
title: Washing machine error codes
tags: [washer]
codes: [E-17, WM 8000]
---

E-17 means no water reaches the drum: open the tap and check the inlet hose.
`;

describe('article codes', () => {
  test('front matter lists codes; they survive serializing and parsing again', () => {
    const article = parseArticle(WASHER, 'washer-errors.en.md');
    expect(article.codes).toEqual(['E-17', 'WM 8000']);
    expect(serializeArticle(article)).toContain('codes: [E-17, WM 8000]');
    expect(parseArticle(serializeArticle(article), 'washer-errors.en.md')).toEqual(article);
  });

  test.each([
    ['a word without a digit', 'codes: [filter]', 'a.en.md:5:9 codes.0: a code needs at least one digit'],
    ['punctuation', 'codes: ["E17!"]', 'a.en.md:5:9 codes.0: use letters and digits'],
    ['a one-character code', 'codes: ["7"]', 'a.en.md:5:9 codes.0: a code needs at least 2 characters'],
    ['not a list', 'codes: E-17', 'a.en.md:5:8 codes: '],
  ])('refuses %s, naming the line and column', (_name, line, message) => {
    const text = `---\nid: a\nlocale: en\ntitle: T\n${line}\n---\nx`;
    expect(() => parseArticle(text, 'a.en.md')).toThrow(ArticleFormatError);
    expect(() => parseArticle(text, 'a.en.md')).toThrow(message);
  });

  describe('the ArticleCodes service', () => {
    let app: App;
    beforeEach(async () => {
      const dir = botDir([['shipping', 'en', 'Shipping', 'Standard delivery takes 3 to 5 days.']]);
      writeFileSync(join(dir, 'knowledge', 'washer-errors.en.md'), WASHER);
      writeFileSync(join(dir, 'knowledge', 'washer-errors.es.md'), WASHER.replace('locale: en', 'locale: es').replace('E-17 means no water', 'E-17 significa que no llega agua'));
      ({ app } = await startApp(dir));
    });
    afterEach(() => app.close());

    test('lists the codes of published articles with their languages', async () => {
      const codes = app.bot.services.require(ArticleCodes);
      expect(await codes.declared()).toEqual([
        { code: 'E-17', articleId: 'washer-errors', locales: ['en', 'es'] },
        { code: 'WM 8000', articleId: 'washer-errors', locales: ['en', 'es'] },
      ]);
    });

    test('editors change codes through the editor API, validated; published codes count at once', async () => {
      const bad = await api(app, 'PUT', '/api/kb/articles/shipping/en', { codes: ['no digits'] });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('a code needs at least one digit');
      expect(await api(app, 'PUT', '/api/kb/articles/shipping/en', { codes: ['SH-1'] }).then((r) => r.status)).toBe(200);
      const codes = app.bot.services.require(ArticleCodes);
      expect((await codes.declared()).map((c) => c.code)).not.toContain('SH-1'); // a draft until published
      expect(await api(app, 'POST', '/api/kb/articles/shipping/en/publish', {}).then((r) => r.status)).toBe(200);
      expect(await codes.declared()).toContainEqual({ code: 'SH-1', articleId: 'shipping', locales: ['en'] });
    });
  });
});
