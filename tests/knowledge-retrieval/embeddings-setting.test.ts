/**
 * @jest-environment ./tests/knowledge-retrieval/typed-array-environment.js
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors';
import { embeddingsSetting } from '../../core/embeddings';
import { knowledgeEmbedder } from '../../knowledge/embeddings';
import type { App } from '../../server/app';
import { ask, botDir, startApp } from '../knowledge/helpers';

// The fake endpoint gives translations of a help-centre word the same direction, like a multilingual model.
// 'dosh' is in neither the shipped thesaurus nor the articles, so only the model can connect
// the question below with the refunds article.
const CONCEPTS = [['refund', 'reembolso', 'refunds', 'money', 'dosh'], ['delivery', 'envio', 'shipping', 'lieferung'], ['password', 'contrasena']];
function fakeVector(text: string): number[] {
  const v = [0.01, 0.01, 0.01, 0.01];
  const words = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/[^a-z]+/);
  for (const w of words) CONCEPTS.forEach((c, i) => c.includes(w) && (v[i] += 1));
  return v;
}

let server: Server;
let url: string;
const seen: Array<{ auth?: string; model: string; input: string[] }> = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { model: string; input: string[] };
    seen.push({ auth: req.headers.authorization, ...body });
    if (req.headers.authorization !== 'Bearer test-key') {
      res.writeHead(401).end('{"error":"bad key"}');
      return;
    }
    // Reversed on purpose: clients must order by `index`.
    const data = body.input.map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t) })).reverse();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/embeddings`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const ARTICLES: Array<[string, string, string, string]> = [
  ['refunds', 'en', 'Getting your money back', 'We pay back to the original card within 5 working days once the parcel reaches our warehouse.'],
  ['password', 'en', 'Signing in', 'Use "Forgot password" on the sign-in page to get a reset link by email.'],
];
const yaml = (embeddings: string) => `name: Shop\ndefaultLocale: en\nlocales: [en, es]\nknowledge:\n  answerThreshold: 0.9\n  clarifyThreshold: 0.01\n${embeddings}`;
const offered = (reply: { buttons?: Array<{ payload?: string }>; metadata?: Record<string, unknown> }) => [
  ...(reply.buttons ?? []).map((b) => b.payload ?? ''),
  ...(((reply.metadata?.kb as { citations?: Array<{ articleId: string }> } | undefined)?.citations ?? []).map((c) => c.articleId)),
];

describe('knowledge.embeddings: an OpenAI-compatible endpoint', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('joined with the lexical search: a question sharing no word with the article finds it', async () => {
    ({ app } = await startApp(botDir(ARTICLES, yaml('')), {}));
    const [without] = await ask(app, 'Dosh?', { locale: 'en' });
    // Lexically the question matches nothing: whatever is offered first, it is not the refunds article.
    expect(offered(without)[0] ?? '').not.toMatch(/refunds/);
    await app.close();

    seen.length = 0;
    ({ app } = await startApp(botDir(ARTICLES, yaml(`  embeddings: { url: "${url}", model: multilingual-e5-small, apiKey: test-key }\n`))));
    const [withModel] = await ask(app, 'Dosh?', { locale: 'en' });
    // The model's clear lead makes the confidence sure, even at answerThreshold 0.9.
    expect(withModel!.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'refunds', locale: 'en' });
    expect(seen.every((r) => r.auth === 'Bearer test-key' && r.model === 'multilingual-e5-small')).toBe(true);
    expect(seen.flatMap((r) => r.input)).toContain('Dosh?');
  });

  test('the environment wins over bot.yaml; a bad key or setting is a clear error', async () => {
    const fromEnv = embeddingsSetting({ model: 'models/x' }, { KNOWLEDGE_EMBEDDINGS: url, KNOWLEDGE_EMBEDDINGS_MODEL: 'm', KNOWLEDGE_EMBEDDINGS_API_KEY: 'test-key' }, 'KNOWLEDGE');
    expect(fromEnv).toEqual({ url, model: 'm', apiKey: 'test-key', prefix: '' });
    expect(() => embeddingsSetting(undefined, { KNOWLEDGE_EMBEDDINGS: url }, 'KNOWLEDGE')).toThrow(ConfigError);
    expect(() => embeddingsSetting(undefined, { KNOWLEDGE_EMBEDDINGS: url }, 'KNOWLEDGE')).toThrow(/KNOWLEDGE_EMBEDDINGS_MODEL/);
    const wrongKey = await knowledgeEmbedder({ url, model: 'm', apiKey: 'nope' }, {}, '/');
    await expect(wrongKey!.embed(['refund'])).rejects.toThrow(/answered 401/);
    const [refund, money] = await (await knowledgeEmbedder({ url, model: 'm', apiKey: 'test-key' }, {}, '/'))!.embed(['refund', 'money']);
    expect(refund!.reduce((s, x, i) => s + x * money![i]!, 0)).toBeGreaterThan(0.99); // unit vectors, in input order
    await expect(startApp(botDir(ARTICLES, yaml('  embeddings: { url: not-a-url, model: m }\n')))).rejects.toThrow(/embeddings/);
  });
});

describe('knowledge.embeddings: a local model folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-embed-'));
    // The committed tiny model (fixtures/tiny-bert, made by make_tiny_model.py): no Python at test time.
    cpSync(join(__dirname, 'fixtures', 'tiny-bert'), join(dir, 'models', 'tiny-bert'), { recursive: true });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('with the bot’s default thresholds, the model’s clear lead answers a question the words cannot', async () => {
    // The tiny model puts "lieferung" (German) with "delivery"; no article has a German word.
    const articles: Array<[string, string, string, string]> = [
      ['delivery', 'en', 'Delivery times', 'Delivery takes 3 to 5 working days.'],
      ['password', 'en', 'Signing in', 'Use the password reset link on the sign-in page.'],
      ['invoice', 'en', 'Invoices', 'Invoice copies are in your account.'],
    ];
    const bot = botDir(articles, 'name: Shop\ndefaultLocale: en\nlocales: [en]\n');
    const words = await startApp(bot);
    expect((await ask(words.app, 'lieferung', { locale: 'en' }))[0]!.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
    await words.app.close();
    cpSync(join(dir, 'models'), join(bot, 'models'), { recursive: true });
    const withModel = await startApp(bot, { env: { KNOWLEDGE_EMBEDDINGS: join(bot, 'models', 'tiny-bert') } });
    expect((await ask(withModel.app, 'lieferung', { locale: 'en' }))[0]!.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'delivery', locale: 'en' });
    await withModel.app.close();
  });

  test('a folder relative to the bot folder (bot.yaml) or given by KNOWLEDGE_EMBEDDINGS loads through transformers.js', async () => {
    const local = await knowledgeEmbedder('models/tiny-bert', {}, dir);
    const [a, b] = await local!.embed(['refund', 'reembolso']);
    expect(a!.reduce((s, x, i) => s + x * b![i]!, 0)).toBeGreaterThan(0.95);
    const fromEnv = await knowledgeEmbedder(undefined, { KNOWLEDGE_EMBEDDINGS: join(dir, 'models', 'tiny-bert') }, '/elsewhere');
    expect((await fromEnv!.embed(['delivery']))[0]).toHaveLength(8);
    await expect(knowledgeEmbedder('models/missing', {}, dir)).rejects.toThrow(/has no config\.json/);
    expect(await knowledgeEmbedder(undefined, {}, dir)).toBeUndefined();
  });
});
