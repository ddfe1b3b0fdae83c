import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBot } from '../../cli/commands/validate';
import { readArticles } from '../../knowledge/articles/import';
import { api, ask, botDir, startApp } from './helpers';

// Editors' alternative questions (`questions:` in front matter): phrasings that find an article
// whose text says it in other words, through the search path and the learning path.
const ARTICLES: Array<[string, string, string, string]> = [
  ['assembly', 'en', 'Home assembly', 'Our team builds flat-pack furniture in your home for £40 per item.'],
  ['delivery', 'en', 'Delivery times', 'Parcels arrive in 3 to 5 working days.'],
  ['gift-cards', 'en', 'Gift cards', 'Gift cards never expire and can be spent online or in stores.'],
];
const QUESTION = 'could somebody screw my wardrobe together';

function withQuestions(dir: string, questions: string[]): void {
  const list = questions.map((q) => `  - ${JSON.stringify(q)}`).join('\n');
  writeFileSync(
    join(dir, 'knowledge', 'assembly.en.md'),
    `---\nid: assembly\nlocale: en\ntitle: Home assembly\nquestions:\n${list}\n---\n\n${ARTICLES[0]![3]}\n`,
  );
}

describe('alternative questions', () => {
  test('without them, a question in other words than the article finds nothing sure', async () => {
    const { app } = await startApp(botDir(ARTICLES));
    const [reply] = await ask(app, QUESTION, { locale: 'en' });
    expect(reply!.metadata?.knowledge).not.toMatchObject({ outcome: 'answer', article: 'assembly' });
    await app.close();
  });

  test('an editor’s phrasing in front matter answers a customer who asks that way', async () => {
    const dir = botDir(ARTICLES);
    withQuestions(dir, ['can someone screw my wardrobe together?', 'do you put beds together at home']);
    const { app } = await startApp(dir);
    const [reply] = await ask(app, QUESTION, { locale: 'en' });
    expect(reply!.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'assembly', locale: 'en' });
    expect(reply!.text).toMatch(/^Our team builds flat-pack furniture/);
    await app.close();
  });

  test('editors change them through the API, and the search follows at once', async () => {
    const { app } = await startApp(botDir(ARTICLES));
    const put = await api(app, 'PUT', '/api/kb/articles/assembly/en', { questions: ['can someone screw my wardrobe together?'], publish: true });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ questions: ['can someone screw my wardrobe together?'], status: 'published' });
    expect((await ask(app, QUESTION, { locale: 'en', address: 'a' }))[0]!.metadata?.knowledge).toMatchObject({ outcome: 'answer', article: 'assembly' });
    const { versions } = (await (await api(app, 'GET', '/api/kb/articles/assembly/en/versions')).json()) as { versions: Array<{ questions?: string[] }> };
    expect(versions[0]).toMatchObject({ questions: ['can someone screw my wardrobe together?'] });

    expect((await api(app, 'PUT', '/api/kb/articles/assembly/en', { questions: [], publish: true })).status).toBe(200);
    expect((await ask(app, QUESTION, { locale: 'en', address: 'b' }))[0]!.metadata?.knowledge).not.toMatchObject({ outcome: 'answer', article: 'assembly' });

    const bad = await api(app, 'PUT', '/api/kb/articles/assembly/en', { questions: ['money back?', 'Money back'] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/questions: a question is listed twice/) });
    await app.close();
  });

  test('the same question in two articles of one language is refused, by kb import and switchboard validate', async () => {
    const dir = botDir(ARTICLES);
    withQuestions(dir, ['can someone screw my wardrobe together?']);
    writeFileSync(
      join(dir, 'knowledge', 'delivery.en.md'),
      '---\nid: delivery\nlocale: en\ntitle: Delivery times\nquestions: ["Can someone screw my wardrobe together"]\n---\n\nParcels arrive in 3 to 5 working days.\n',
    );
    const message = 'questions: "Can someone screw my wardrobe together" is also a question of assembly.en.md; a question should lead to one article, keep it in the one that answers it';
    expect(readArticles(join(dir, 'knowledge')).errors.map((e) => e.message)).toEqual([`delivery.en.md: ${message}`]);
    expect((await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`)).toEqual([`knowledge/delivery.en.md:0:0 ${message}`]);
  });

  test('validate reports a malformed list at its line in the article file', async () => {
    const dir = botDir(ARTICLES);
    writeFileSync(join(dir, 'knowledge', 'assembly.en.md'), '---\nid: assembly\nlocale: en\ntitle: Home assembly\nquestions:\n  - ""\n---\n\nText.\n');
    const [problem] = await validateBot(dir);
    expect(problem).toMatchObject({ file: 'knowledge/assembly.en.md', line: 6, col: 5, message: expect.stringMatching(/^questions\.0: write the question as a customer would/) });
  });
});

