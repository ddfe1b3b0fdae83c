import { join } from 'node:path';
import { symlinkSync } from 'node:fs';
import type { WireMessage } from '../../../core/message';
import { silentLogger, type Logger } from '../../../core/logger';
import { KnowledgeConfigSchema } from '../../../knowledge/config';
import { translatorsFromConfig } from '../../../knowledge/translation';
import { createApp, type App } from '../../../server/app';
import { botDir } from '../helpers';

const DICTD = join(__dirname, '../../fixtures/translation/dictd');

// A shop whose help centre is in English only; its customers also write in Spanish.
const ARTICLES: Array<[string, string, string, string]> = [
  ['garden-care', 'en', 'Caring for garden furniture', 'Oil wooden garden furniture twice a year and keep it covered in winter. Good care keeps it for years.'],
  ['parasols', 'en', 'Parasols and sunshades', 'Close the parasol in strong wind. A sunshade needs a heavy base.'],
  ['returns', 'en', 'Returning an item', 'You can send an item back within 30 days for a full refund.'],
];

const yaml = (translation = '') => `name: Shop\ndefaultLocale: en\nlocales: [en, es]\n${translation}`;

/** The bot as the server builds it (default modules, web chat) on an in-memory database. */
async function startApp(dir: string): Promise<{ app: App }> {
  return { app: await createApp({ botDir: dir, databaseUrl: ':memory:', env: {}, logger: silentLogger() }) };
}

/** A web chat customer's question and the bot's replies (POST /api/web/messages). */
async function askWeb(app: App, userId: string, text: string, locale: string): Promise<WireMessage[]> {
  const res = await app.fetch(
    new Request('http://local/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, locale }) }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
}

describe('cross-language answers with a FreeDict dictionary (knowledge.translation.freedict)', () => {
  it('answers a Spanish question from the English article its words translate to, saying it is in English', async () => {
    const question = '¿Cómo cuido los muebles del jardín?';
    const without = await startApp(botDir(ARTICLES, yaml()));
    const plain = await askWeb(without.app, 'ana', question, 'es');
    await without.app.close();
    // Without a dictionary only the thesaurus' care group ("cuidar" = "care") reaches the
    // English articles: one word, offered at most, never answered.
    expect(plain[0]!.knowledge!.outcome).not.toBe('answer');

    const dir = botDir(ARTICLES, yaml(`knowledge:\n  translation:\n    freedict: ${DICTD}\n`));
    const { app } = await startApp(dir);
    try {
      const [reply] = await askWeb(app, 'ana', question, 'es');
      expect(reply!.knowledge).toEqual({ outcome: 'answer', article: 'garden-care', locale: 'en' });
      expect(reply!.text).toMatch(/^Solo tengo esto en inglés:\n\nOil wooden garden furniture/);
      // An unrelated question in Spanish still gets no English article.
      const [other] = await askWeb(app, 'bea', '¿Cuál es el horario de la tienda?', 'es');
      expect(other!.knowledge).toEqual({ outcome: 'none' });
    } finally {
      await app.close();
    }
  });

  it('reads a folder relative to the bot folder', async () => {
    const dir = botDir(ARTICLES, yaml('knowledge:\n  translation:\n    freedict: dictionaries\n'));
    symlinkSync(DICTD, join(dir, 'dictionaries'));
    const { app } = await startApp(dir);
    try {
      const [reply] = await askWeb(app, 'ana', '¿Cómo cuido los muebles del jardín?', 'es');
      expect(reply!.knowledge?.article).toBe('garden-care');
    } finally {
      await app.close();
    }
  });

  it('stops start-up naming the setting when a configured folder or file is missing', async () => {
    await expect(startApp(botDir(ARTICLES, yaml('knowledge:\n  translation:\n    freedict: /nonexistent/dictd\n')))).rejects.toThrow(
      'knowledge.translation.freedict: folder /nonexistent/dictd does not exist',
    );
    await expect(startApp(botDir(ARTICLES, yaml('knowledge:\n  translation:\n    apertium: /nonexistent/apertium\n')))).rejects.toThrow(
      /knowledge\.translation\.apertium: \/nonexistent\/apertium\/modes does not exist/,
    );
    await expect(startApp(botDir(ARTICLES, yaml('knowledge:\n  translation:\n    freedict: 3\n')))).rejects.toThrow(/bot\.yaml:6:\d+.*freedict/s);
    await expect(startApp(botDir(ARTICLES, yaml('knowledge:\n  translation:\n    dictionary: auto\n')))).rejects.toThrow(/dictionary/);
  });

  it('"translation: auto" is both at Debian\'s paths; on a machine without the packages it is off, and the log says what to install', () => {
    const config = KnowledgeConfigSchema.parse({ translation: 'auto' }).translation;
    expect(config).toEqual({ freedict: 'auto', apertium: 'auto', timeoutMs: 5000, warm: 'startup' });
    const lines: string[] = [];
    const log = { info: (_: unknown, msg: string) => lines.push(msg), warn: () => {} } as unknown as Logger;
    const set = translatorsFromConfig(config, '/tmp', log, { freedict: '/nonexistent/dictd', apertium: '/nonexistent/apertium' });
    expect(set.translators).toHaveLength(0);
    expect(lines).toEqual([expect.stringMatching(/no FreeDict dictionaries installed \(apt-get install dict-freedict/), expect.stringMatching(/Apertium not installed .*apt-get install apertium/)]);
  });

  it('starts with "auto" whether or not the Debian packages are installed', async () => {
    const dir = botDir(ARTICLES, yaml('knowledge:\n  translation:\n    freedict: auto\n    apertium: auto\n'));
    const { app } = await startApp(dir);
    try {
      const [reply] = await askWeb(app, 'ana', 'How do I care for garden furniture?', 'en');
      expect(reply!.knowledge).toEqual({ outcome: 'answer', article: 'garden-care', locale: 'en' });
    } finally {
      await app.close();
    }
  });
});
