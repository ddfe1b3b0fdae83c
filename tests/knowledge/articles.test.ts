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

  test('headings inside code fences do not split sections', () => {
    const article = parseArticle('---\nid: a\nlocale: en\ntitle: A\n---\nIntro\n```\n# not a heading\n```\n', 'a.en.md');
    expect(toPassages(article)).toHaveLength(1);
  });

  test.each([
    ['no front matter', 'Just text', /missing front matter/],
    ['bad yaml', '---\nid: [\n---\nx', /not valid YAML/],
    ['bad id', '---\nid: Returns Policy\nlocale: en\ntitle: T\n---\nx', /id: use lower-case/],
    ['no title', '---\nid: a\nlocale: en\n---\nx', /title/],
    ['unknown key', '---\nid: a\nlocale: en\ntitle: T\nauthor: me\n---\nx', /author/],
    ['bad url', '---\nid: a\nlocale: en\ntitle: T\nurl: not a url\n---\nx', /url/],
  ])('refuses %s with a message that names the file', (_name, text, message) => {
    expect(() => parseArticle(text, 'a.en.md')).toThrow(ArticleFormatError);
    expect(() => parseArticle(text, 'a.en.md')).toThrow(message);
  });

  test('the file name must match id and locale', () => {
    expect(() => parseArticle(FILE, 'returns.es.md')).toThrow('returns.es.md: the file must be named returns-policy.en.md');
  });
});
