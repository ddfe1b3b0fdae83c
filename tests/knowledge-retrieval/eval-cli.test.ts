import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPassages } from '../../knowledge/articles/import';
import { runCli } from '../support/cli';

const FIX = join(__dirname, 'fixtures');
const KEYS = ['abstain_rate', 'false_abstain_rate', 'index_ms', 'mrr_at_10', 'query_p50_ms', 'query_p95_ms', 'recall_at_1', 'recall_at_5'];

describe('switchboard eval retrieval', () => {
  test('--squad: exact ranking metrics, and exactly the documented JSON keys', async () => {
    const { code, out } = await runCli('eval', 'retrieval', '--squad', join(FIX, 'tiny-squad.en.json'), '--json');
    expect(code).toBe(0);
    const m = JSON.parse(out) as Record<string, number | null>;
    expect(Object.keys(m).sort()).toEqual(KEYS);
    // q5 asks about lighthouses but its gold is the bee paragraph: rank 3 of 3; the others rank 1.
    expect(m.recall_at_1).toBeCloseTo(4 / 5, 10);
    expect(m.recall_at_5).toBe(1);
    expect(m.mrr_at_10).toBeCloseTo((4 + 1 / 3) / 5, 10);
    expect(m.abstain_rate).toBeNull();
    expect(m.index_ms).toBeGreaterThan(0);
    expect(m.query_p95_ms).toBeGreaterThanOrEqual(m.query_p50_ms!);
  });

  test('--squad with --docs: Spanish questions against English paragraphs (names, numbers, cognates)', async () => {
    const { code, out } = await runCli('eval', 'retrieval', '--squad', join(FIX, 'tiny-squad.es.json'), '--docs', join(FIX, 'tiny-squad.en.json'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ recall_at_1: 1, recall_at_5: 1, mrr_at_10: 1, abstain_rate: null });
    // A docs file without the questions' paragraphs is refused, naming the missing one.
    const dir = mkdtempSync(join(tmpdir(), 'kbr-'));
    try {
      writeFileSync(join(dir, 'short.en.json'), JSON.stringify({ data: [{ title: 'x', paragraphs: [{ context: 'c', qas: [] }] }] }));
      const bad = await runCli('eval', 'retrieval', '--squad', join(FIX, 'tiny-squad.es.json'), '--docs', join(dir, 'short.en.json'));
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/has no paragraph 0#1: it must have the same layout/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--kb: articles by section, answerable questions found, unanswerable ones abstained', async () => {
    const { code, out } = await runCli('eval', 'retrieval', '--kb', join(FIX, 'tiny-kb'), '--questions', join(FIX, 'tiny-kb.questions.jsonl'), '--json');
    expect(code).toBe(0);
    const m = JSON.parse(out);
    expect(Object.keys(m).sort()).toEqual(KEYS);
    expect(m).toMatchObject({ recall_at_1: 1, recall_at_5: 1, mrr_at_10: 1, abstain_rate: 1, false_abstain_rate: 0 });
    // Threshold 1 abstains on everything, and an abstention on an answerable question is a miss.
    const all = JSON.parse((await runCli('eval', 'retrieval', '--kb', join(FIX, 'tiny-kb'), '--questions', join(FIX, 'tiny-kb.questions.jsonl'), '--threshold', '1', '--json')).out);
    expect(all).toMatchObject({ recall_at_1: 0, abstain_rate: 1, false_abstain_rate: 1 });
  });

  test('prints a readable table without --json', async () => {
    const { code, out } = await runCli('eval', 'retrieval', '--kb', join(FIX, 'tiny-kb'), '--questions', join(FIX, 'tiny-kb.questions.jsonl'));
    expect(code).toBe(0);
    expect(out).toMatch(/recall@1\s+100\.0%/);
    expect(out).toMatch(/abstain \(unanswerable\)\s+100\.0%/);
  });

  test('bad input: clear errors and non-zero exit codes', async () => {
    expect((await runCli('eval', 'retrieval')).code).toBe(2);
    expect((await runCli('eval', 'retrieval', '--kb', FIX)).err).toMatch(/--questions/);
    expect((await runCli('eval', 'retrieval', '--squad', join(FIX, 'tiny-squad.en.json'), '--threshold', '7')).err).toMatch(/between 0 and 1/);
    const dir = mkdtempSync(join(tmpdir(), 'kbr-'));
    try {
      writeFileSync(join(dir, 'q.jsonl'), '{"text": "hi", "article": 5}\n');
      const bad = await runCli('eval', 'retrieval', '--kb', join(FIX, 'tiny-kb'), '--questions', join(dir, 'q.jsonl'));
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/q\.jsonl:1: "article" must be an article id or null/);
      writeFileSync(join(dir, 'x.json'), '{"nope": 1}');
      expect((await runCli('eval', 'retrieval', '--squad', join(dir, 'x.json'))).err).toMatch(/not SQuAD-v1 JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--kb reads articles as the bot does', () => {
  test('the passages the bot indexes: every <id>.<locale>.md, other files ignored, urls kept', () => {
    const passages = readPassages(join(FIX, 'tiny-kb'));
    expect(passages.map((p) => p.id)).toEqual(['account.de#0', 'returns.en#0', 'returns.en#1', 'returns.es#0', 'returns.es#1', 'shipping.en#0', 'shipping.en#1']);
    expect(passages[1]).toMatchObject({ articleId: 'returns', url: 'https://shop.example/help/returns' });
  });

  test('an article the bot would refuse fails the evaluation, every problem at its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbr-'));
    try {
      writeFileSync(join(dir, 'a.en.md'), '---\nid: b\nlocale: en\ntitle: T\n---\nText');
      writeFileSync(join(dir, 'c.en.md'), '---\nid: c\nlocale: en\ntitle: T\nauthor: me\n---\nText');
      const bad = await runCli('eval', 'retrieval', '--kb', dir, '--questions', join(FIX, 'tiny-kb.questions.jsonl'));
      expect(bad.code).toBe(1);
      expect(bad.err.split('\n')).toEqual([
        `Invalid articles in ${dir}:`,
        '  a.en.md: its front matter says id "b", locale "en": name the file b.en.md, or fix the front matter',
        '  c.en.md:5:1 author: unknown key; the front matter takes id, locale, title, tags, url, questions, codes',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
