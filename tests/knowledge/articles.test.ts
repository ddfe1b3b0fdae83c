import { ArticleFormatError, parseArticle, serializeArticle, toPassages } from '../../knowledge/articles/article';

const FILE = `---
id: returns-policy
locale: en
title: Returns policy
tags: [returns, refunds]
url: https://shop.example/help/returns
---

You can return most items within 60 days.

## What can be returned
Unused items with their tags.

## Items we can't take back
Opened socks and gift cards.
`;

describe('articles', () => {
  test('front matter and body parse; sections become passages with stable ids', () => {
    const article = parseArticle(FILE, 'returns-policy.en.md');
    expect(article).toMatchObject({ id: 'returns-policy', locale: 'en', title: 'Returns policy', tags: ['returns', 'refunds'] });
    const passages = toPassages(article);
    expect(passages.map((p) => [p.id, p.heading, p.text])).toEqual([
      ['returns-policy.en#0', undefined, 'You can return most items within 60 days.'],
      ['returns-policy.en#1', 'What can be returned', 'Unused items with their tags.'],
      ['returns-policy.en#2', "Items we can't take back", 'Opened socks and gift cards.'],
    ]);
    expect(passages[1]).toMatchObject({ articleId: 'returns-policy', locale: 'en', title: 'Returns policy', url: 'https://shop.example/help/returns' });
  });

  test('serializing and parsing again gives the same article', () => {
    const article = parseArticle(FILE, 'returns-policy.en.md');
    expect(parseArticle(serializeArticle(article), 'returns-policy.en.md')).toEqual(article);
  });

  test('sections: headings inside code fences and below ### do not split, sections without text are dropped', () => {
    const article = parseArticle('---\nid: a\nlocale: en\ntitle: A\n---\nIntro\n```\n# not a heading\n```\n## Empty\n### Steps\nOne.\n#### Detail\nTwo.\n', 'a.en.md');
    expect(toPassages(article).map((p) => [p.id, p.heading, p.text])).toEqual([
      ['a.en#0', undefined, 'Intro\n```\n# not a heading\n```'],
      ['a.en#1', 'Steps', 'One.\n#### Detail\nTwo.'],
    ]);
  });

  test.each([
    ['no front matter', 'Just text', 'a.en.md: missing front matter: start the file with ---'],
    ['bad yaml', '---\nid: [\n---\nx', 'a.en.md:2:6 not valid YAML: '],
    ['bad id', '---\nid: Returns Policy\nlocale: en\ntitle: T\n---\nx', 'a.en.md:2:5 id: use lower-case'],
    ['no title', '---\nid: a\nlocale: en\n---\nx', 'a.en.md:2:1 title: missing (expected string)'],
    ['unknown key', '---\nid: a\nlocale: en\ntitle: T\nauthor: me\n---\nx', 'a.en.md:5:1 author: unknown key; the front matter takes id, locale, title, tags, url, questions, codes'],
    ['bad url', '---\nid: a\nlocale: en\ntitle: T\nurl: not a url\n---\nx', 'a.en.md:5:6 url: '],
  ])('refuses %s with a message that names the file and the line and column to fix', (_name, text, message) => {
    expect(() => parseArticle(text, 'a.en.md')).toThrow(ArticleFormatError);
    expect(() => parseArticle(text, 'a.en.md')).toThrow(message);
  });

  test('every front-matter problem is listed on its own line, in file order', () => {
    const text = '---\nid: a\nlocale: english\ntitle: T\ntags: [ok, ""]\n---\nx';
    expect(() => parseArticle(text, 'a.en.md')).toThrow(/^a\.en\.md:3:9 locale: use a language tag.*\na\.en\.md:5:12 tags\.1: .*$/);
  });

  describe('alternative questions', () => {
    const withQuestions = '---\nid: refunds\nlocale: en\ntitle: Refunds\nquestions:\n  - when do I get my money back?\n  - "refund: how long?"\n---\nWe refund within 5 days.\n\n## Gift cards\nRefunded as a card.';

    test('are read, written back, and carried by every passage of the article', () => {
      const article = parseArticle(withQuestions, 'refunds.en.md');
      expect(article.questions).toEqual(['when do I get my money back?', 'refund: how long?']);
      expect(parseArticle(serializeArticle(article), 'refunds.en.md')).toEqual(article);
      expect(toPassages(article).map((p) => p.questions)).toEqual([article.questions, article.questions]);
      expect(serializeArticle(parseArticle(FILE, 'returns-policy.en.md'))).not.toContain('questions');
    });

    test.each([
      ['an empty one', '  - ""', 'refunds.en.md:6:5 questions.0: write the question as a customer would'],
      ['the same twice, but for case and punctuation', '  - Money back?\n  - money back', 'refunds.en.md:6:3 questions: a question is listed twice'],
      ['a list that is not one', '  when do I get my money back', 'refunds.en.md:6:3 questions: Invalid input: expected array'],
    ])('refuse %s, at its place', (_name, list, message) => {
      expect(() => parseArticle(`---\nid: refunds\nlocale: en\ntitle: Refunds\nquestions:\n${list}\n---\nx`, 'refunds.en.md')).toThrow(message);
    });
  });

  test('the file name must match id and locale', () => {
    expect(() => parseArticle(FILE, 'returns.es.md')).toThrow(
      'returns.es.md: its front matter says id "returns-policy", locale "en": name the file returns-policy.en.md, or fix the front matter',
    );
  });
});
