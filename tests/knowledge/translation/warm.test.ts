import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { WireMessage } from '../../../core/message';
import { createApp, type App } from '../../../server/app';
import { botDir } from '../helpers';

const DICTD = join(__dirname, '../../fixtures/translation/dictd');
const READ = 'knowledge translation: dictionaries read';

// A help centre in English only, with customers who write in Spanish.
const ARTICLES: Array<[string, string, string, string]> = [
  ['garden-care', 'en', 'Caring for garden furniture', 'Oil wooden garden furniture twice a year and keep it covered in winter.'],
  ['returns', 'en', 'Returning an item', 'You can send an item back within 30 days for a full refund.'],
];

const bot = (warm?: string) =>
  botDir(ARTICLES, `name: Shop\ndefaultLocale: en\nlocales: [en, es]\nknowledge:\n  translation:\n    freedict: ${DICTD}\n${warm ? `    warm: ${warm}\n` : ''}`);

/** The bot as the server builds it, with the log lines it writes; `env` is all the environment it sees. */
async function start(dir: string, env: NodeJS.ProcessEnv = {}): Promise<{ app: App; logs: Array<{ msg: string; pairs?: string[] }> }> {
  const logs: Array<{ msg: string; pairs?: string[] }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await createApp({ botDir: dir, databaseUrl: ':memory:', env, logger: pino({ level: 'info' }, sink) });
  return { app, logs };
}

async function askWeb(app: App, text: string): Promise<WireMessage[]> {
  const body = JSON.stringify({ userId: 'ana', text, locale: 'es' });
  const res = await app.fetch(new Request('http://local/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
}

const read = (logs: Array<{ msg: string }>) => logs.filter((l) => l.msg === READ);

describe('knowledge.translation.warm: when the dictionaries are read', () => {
  it('startup (the default) reads the pairs the bot needs before the first customer', async () => {
    for (const dir of [bot(), bot('startup')]) {
      const { app, logs } = await start(dir);
      try {
        expect(read(logs)).toEqual([expect.objectContaining({ pairs: ['es>en'] })]);
      } finally {
        await app.close();
      }
    }
  });

  it('first-use reads nothing at start-up, and the first Spanish question still finds the English article', async () => {
    const { app, logs } = await start(bot('first-use'));
    try {
      expect(read(logs)).toEqual([]);
      const [reply] = await askWeb(app, '¿Cómo cuido los muebles del jardín?');
      expect(reply!.knowledge).toEqual({ outcome: 'answer', article: 'garden-care', locale: 'en' });
      expect(read(logs)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('KNOWLEDGE_TRANSLATION_WARM wins over bot.yaml; a value it does not know stops start-up naming the variable', async () => {
    const first = await start(bot('startup'), { KNOWLEDGE_TRANSLATION_WARM: 'first-use' });
    expect(read(first.logs)).toEqual([]);
    await first.app.close();
    const startup = await start(bot('first-use'), { KNOWLEDGE_TRANSLATION_WARM: 'startup' });
    expect(read(startup.logs)).toHaveLength(1);
    await startup.app.close();
    await expect(start(bot(), { KNOWLEDGE_TRANSLATION_WARM: 'lazy' })).rejects.toThrow('KNOWLEDGE_TRANSLATION_WARM must be startup or first-use, not "lazy"');
  });

  it('bot.yaml rejects another value at its line', async () => {
    await expect(start(bot('sometimes'))).rejects.toThrow(/bot\.yaml:\d+:\d+.*warm/s);
  });
});
