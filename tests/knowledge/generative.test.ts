import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BaseMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { App } from '../../server/app';
import { chatModelFromEnv } from '../../core/llm';
import { ask, botDir, startApp } from './helpers';

/** A fake chat model that also records the prompts it was given. */
class RecordingModel extends FakeListChatModel {
  prompts: string[] = [];
  override async _generate(messages: BaseMessage[], ...rest: Parameters<FakeListChatModel['_generate']> extends [unknown, ...infer R] ? R : never) {
    this.prompts.push(messages.map((m) => m.text).join('\n---\n'));
    return super._generate(messages, ...rest);
  }
}

const ARTICLES: Array<[string, string, string, string]> = [
  ['gift-wrapping', 'en', 'Gift wrapping', 'Gift wrapping costs £3.50 per order: recycled paper and a handwritten card.'],
  ['trail-club', 'en', 'Trail Club membership', 'Trail Club is our free membership programme: one point per pound spent.'],
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95.'],
];
const GENERATIVE = 'name: Shop\ndefaultLocale: en\nlocales: [en, es]\nknowledge:\n  generative: true\n';

describe('generative answers (langchain)', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('a grounded answer cites the passage it used; the prompt holds only retrieved passages', async () => {
    const llm = new RecordingModel({ responses: ['Gift wrapping is £3.50 per order, with a handwritten card [1].'] });
    ({ app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm }));
    const [reply] = await ask(app, 'How much does gift wrapping cost?');
    expect(reply.text).toBe(
      'Gift wrapping is £3.50 per order, with a handwritten card.\n\nSource: [Gift wrapping](https://shop.example/en/gift-wrapping)\n\nDid this help?',
    );
    expect(llm.prompts).toHaveLength(1);
    expect(llm.prompts[0]).toMatch(/\[1\] Gift wrapping\nGift wrapping costs £3.50/);
    expect(llm.prompts[0]).toMatch(/Question: How much does gift wrapping cost\?/);
    expect(llm.prompts[0]).not.toMatch(/Trail Club/);
    expect(llm.prompts[0]).toMatch(/reply with exactly NO_ANSWER/);
  });

  test('when the model says the passages do not answer, the bot does not answer either', async () => {
    const llm = new RecordingModel({ responses: ['NO_ANSWER'] });
    ({ app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm }));
    const [reply] = await ask(app, 'Can you wrap a gift in gold paper?');
    expect(reply.text).not.toMatch(/£3.50|Source/);
    expect(reply.metadata?.kb).toMatchObject({ status: 'clarify' });
  });

  test('a reply that cites no passage counts as a refusal: ungrounded text never reaches the customer', async () => {
    const llm = new RecordingModel({ responses: ['Sure, gold paper is £10 extra.'] });
    ({ app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm }));
    const replies = await ask(app, 'How much does gift wrapping cost?');
    expect(replies.map((r) => r.text).join(' ')).not.toMatch(/gold paper/);
  });

  test('nonsense never reaches the model', async () => {
    const llm = new RecordingModel({ responses: ['should not be used [1]'] });
    ({ app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm }));
    expect((await ask(app, 'purple elephant quantum banana'))[0].text).toBe("Sorry, I can't help with that yet.");
    expect(llm.prompts).toHaveLength(0);
  });

  test('with a model configured, a default-locale answer is translated and says so', async () => {
    const llm = new RecordingModel({ responses: ['Trail Club es nuestro programa gratuito: un punto por cada libra gastada.'] });
    ({ app } = await startApp(botDir(ARTICLES, 'name: Shop\ndefaultLocale: en\nlocales: [en, es]\n'), { llm }));
    const [reply] = await ask(app, '¿Qué es el Trail Club?', { locale: 'es' });
    expect(reply.text).toMatch(/^Trail Club es nuestro programa gratuito: un punto por cada libra gastada.\n\n\(Traducido del inglés.\)\n\nFuente: \[Trail Club membership\]/);
    expect(llm.prompts[0]).toMatch(/from English to Spanish/);
    expect(llm.prompts[0]).toMatch(/Trail Club is our free membership programme/);
  });
});

/** A model whose provider is down. */
class BrokenModel extends FakeListChatModel {
  override async _generate(): Promise<never> {
    throw new Error('connect ECONNREFUSED');
  }
}

describe('when the model fails', () => {
  test('generative mode answers extractively, and translation falls back to saying the language', async () => {
    const { app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm: new BrokenModel({ responses: [] }) });
    expect((await ask(app, 'How much does gift wrapping cost?'))[0].text).toMatch(/^Gift wrapping costs £3.50 per order/);
    expect((await ask(app, '¿Qué es el Trail Club?', { locale: 'es', address: 'eva' }))[0].text).toMatch(/^Solo tengo esto en inglés:/);
    await app.close();
  });
});

describe('chat model from the environment', () => {
  let server: Server;
  const requests: Array<{ url?: string; auth?: string; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
  beforeAll(async () => {
    // An OpenAI-compatible server on loopback, as vLLM or Ollama would be.
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        requests.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(data) });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'local-model',
            choices: [{ index: 0, message: { role: 'assistant', content: 'Delivery takes 3 to 5 working days [1].' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('LLM_PROVIDER=openai with OPENAI_BASE_URL answers through the official client', async () => {
    const port = (server.address() as AddressInfo).port;
    const llm = chatModelFromEnv({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_MODEL: 'local-model', OPENAI_API_KEY: 'sk-test' });
    const { app } = await startApp(botDir(ARTICLES, GENERATIVE), { llm });
    const [reply] = await ask(app, 'How long does standard delivery take?');
    await app.close();
    expect(reply.text).toMatch(/^Delivery takes 3 to 5 working days.\n\nSource: \[Shipping times\]/);
    expect(requests[0]).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer sk-test', body: { model: 'local-model' } });
    expect(requests[0].body.messages[1].content).toMatch(/Standard delivery takes 3 to 5 working days/);
  });

  test('configuration errors say the fix', () => {
    expect(chatModelFromEnv({})).toBeUndefined();
    expect(() => chatModelFromEnv({ LLM_PROVIDER: 'acme' })).toThrow(/not supported: use "openai"/);
    expect(() => chatModelFromEnv({ LLM_PROVIDER: 'openai' })).toThrow(/needs OPENAI_API_KEY/);
  });
});
