import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Message } from '../../core/message';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { createApp, type App } from '../../server/app';
import { knowledgeModule } from '../../knowledge/module';
import type { KnowledgeBase } from '../../knowledge/base';
import type { AppModule } from '../../server/module';
import type { KnowledgeTrace } from '../../core/message';
import { WebChatDriver } from '../../cli/eval/answers/driver';
import { readPassages } from '../../knowledge/articles/import';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { QuestionSearch } from '../../knowledge/search';
import type { Passage } from '../../knowledge/types';

/** An article file's text. */
export function articleFile(id: string, locale: string, title: string, body: string, tags: string[] = []): string {
  return `---\nid: ${id}\nlocale: ${locale}\ntitle: ${JSON.stringify(title)}\ntags: ${JSON.stringify(tags)}\nurl: https://shop.example/${locale}/${id}\n---\n\n${body}\n`;
}

/** A throwaway bot folder with a bot.yaml and the given articles in knowledge/. */
export function botDir(articles: Array<[string, string, string, string]>, yaml = 'name: Shop\ndefaultLocale: en\nlocales: [en, es, de, fr]\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-bot-'));
  writeFileSync(join(dir, 'bot.yaml'), yaml);
  mkdirSync(join(dir, 'knowledge'));
  for (const [id, locale, title, body] of articles) writeFileSync(join(dir, 'knowledge', `${id}.${locale}.md`), articleFile(id, locale, title, body));
  return dir;
}

/** The app for a bot folder on an in-memory database, with a test channel, the knowledge module and its knowledge base. */
export async function startApp(dir: string, options: { env?: NodeJS.ProcessEnv; llm?: BaseChatModel; databaseUrl?: string; modules?: AppModule[] } = {}) {
  let kb!: KnowledgeBase;
  const channel = new TestChannel();
  const app = await createApp({
    botDir: dir,
    databaseUrl: options.databaseUrl ?? ':memory:',
    env: { EDITOR_API_KEY: 'secret-key', ...options.env },
    logger: silentLogger(),
    channels: [channel],
    modules: [...(options.modules ?? []), knowledgeModule({ llm: options.llm, onReady: (k) => (kb = k) })],
  });
  return { app, kb, channel };
}

/** Sends a message as a customer and returns the bot's replies. */
export async function ask(app: App, text: string, extra: { address?: string; locale?: string; payload?: string } = {}): Promise<Message[]> {
  const { message } = await app.engine.receive({ channel: 'test', address: extra.address ?? 'ann', text, locale: extra.locale, payload: extra.payload });
  const replies = await app.engine.repliesTo(message.id, 10_000);
  if (!replies) throw new Error(`no reply to ${text}`);
  return replies;
}

/** An editor API request. */
export function api(app: App, method: string, path: string, body?: unknown, key: string | null = 'secret-key'): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.fetch(new Request(`http://local${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

/** A small gift shop (en, es) whose thresholds leave paraphrases to a clarifying question until evidence is learned. */
export const GIFT_SHOP_YAML = `name: Shop
defaultLocale: en
locales: [en, es]
knowledge:
  answerThreshold: 0.7
  clarifyThreshold: 0.15
`;

/** The gift shop's English articles: two about gifts that a short question can confuse, and one apart. */
export const GIFT_SHOP_ARTICLES: Array<[string, string, string, string]> = [
  ['gift-cards', 'en', 'Gift cards', 'Gift cards are valid for two years and cannot be exchanged for cash.\n\n## Balance\nCheck your gift card balance online with the card number and PIN.'],
  ['gift-wrapping', 'en', 'Gift wrapping', 'Gift wrapping costs £3.50 per order: recycled paper and a handwritten card.'],
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
];

/**
 * The demo bot with the help-centre fixture's articles over web chat, the path `eval answers`
 * measures, and a question from a new customer each time: the knowledge base's trace of the reply.
 */
export async function helpCentre(): Promise<{ ask: (text: string, locale: string) => Promise<KnowledgeTrace | undefined>; close: () => Promise<void> }> {
  const root = join(__dirname, '..', '..');
  const driver = await WebChatDriver.start(join(root, 'bots', 'demo'), { knowledgeDir: join(root, 'tests', 'fixtures', 'helpcentre', 'knowledge') });
  let customers = 0;
  return {
    ask: async (text, locale) => (await driver.send(`customer-${++customers}`, { text, locale })).replies.find((m) => m.knowledge)?.knowledge,
    close: () => driver.close(),
  };
}

/** The answer layer's search over the help-centre articles (the lexical retriever, no other language), answering at `answerThreshold`. */
export async function helpCentreSearch(answerThreshold: number): Promise<QuestionSearch> {
  const retriever = new LexicalRetriever();
  await retriever.add(readPassages(join(__dirname, '..', 'fixtures', 'helpcentre', 'knowledge')));
  return new QuestionSearch({ retriever, answerThreshold });
}

/** A one-passage English article of a small shop, for tests that hand candidates to a rule. */
export function shopPassage(articleId: string, title: string, text: string): Passage {
  return { id: `${articleId}.en#0`, articleId, locale: 'en', title, text };
}
