import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { Bot } from '../../core/bot';
import { topic } from '../../core/bus';
import { ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logger';
import type { AppModule, ModuleContext } from '../../core/module';
import { serviceKey } from '../../core/services';
import { TestChannel } from '../../core/testing/harness';
import { createApp, type App } from '../../server/app';
import { wireDeclarations } from '../../server/contract';

interface Greeter {
  greet(name: string): string;
}
const Greeter = serviceKey<Greeter>('greeter');
const Greeted = topic<{ name: string }>('greetings.greeted');
const REMIND = 'greetings.remind';
const NAME = z.string().regex(/^[a-z]{1,20}$/, 'a name is 1–20 lowercase letters');

/** A feature written only against core/module.ts: declarations, no setup-time wiring but its service. */
function greetingsModule(reminded: string[]): AppModule {
  return {
    name: 'greetings',
    provides: [Greeter],
    topics: [Greeted],
    middleware: [
      {
        place: 'early',
        handler: async (ctx, next) => {
          if (ctx.text !== 'ping') return next();
          await ctx.reply(ctx.bot.services.require(Greeter).greet('pong'));
        },
      },
    ],
    jobs: [
      {
        name: REMIND,
        run: async (payload) => {
          const name = NAME.parse((payload as { name?: unknown } | undefined)?.name);
          reminded.push(name);
        },
      },
    ],
    routes: (ctx) => {
      const app = new Hono();
      app.get('/:name', (c) => {
        const name = NAME.safeParse(c.req.param('name'));
        if (!name.success) return c.json({ error: name.error.issues[0].message }, 400);
        void ctx.engine().bus.publish(Greeted, { name: name.data });
        return c.json({ text: ctx.bot.services.require(Greeter).greet(name.data) });
      });
      app.post('/:name/remind', async (c) => {
        const name = NAME.safeParse(c.req.param('name'));
        if (!name.success) return c.json({ error: name.error.issues[0].message }, 400);
        await ctx.scheduler.schedule(REMIND, { name: name.data }, Date.now());
        return c.json({ scheduled: true }, 202);
      });
      return { path: '/api/greetings', app };
    },
    setup(ctx) {
      ctx.bot.services.provide(Greeter, { greet: (name) => `Hello, ${name}` });
    },
  };
}

function botFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-bot-'));
  writeFileSync(join(dir, 'bot.yaml'), 'name: Contract\n');
  return dir;
}

async function start(modules: AppModule[]): Promise<{ app: App; channel: TestChannel }> {
  const channel = new TestChannel();
  const app = await createApp({ botDir: botFolder(), databaseUrl: ':memory:', logger: silentLogger(), channels: [channel], modules });
  return { app, channel };
}

describe('a module written against the contract', () => {
  let app: App | undefined;
  afterEach(async () => app?.close());

  test('its middleware, service, sub-app routes, topic and durable job all work once listed', async () => {
    const reminded: string[] = [];
    ({ app } = await start([greetingsModule(reminded)]));

    const { message } = await app.engine.receive({ channel: 'test', address: 'ann', text: 'ping' });
    expect((await app.engine.repliesTo(message.id, 5_000))?.map((m) => m.text)).toEqual(['Hello, pong']);

    const greeted: string[] = [];
    app.engine.bus.subscribe(Greeted, (payload) => greeted.push(payload.name));
    const hello = await app.fetch(new Request('http://local/api/greetings/ada'));
    expect(hello.status).toBe(200);
    expect(await hello.json()).toEqual({ text: 'Hello, ada' });
    expect(greeted).toEqual(['ada']);

    const bad = await app.fetch(new Request('http://local/api/greetings/Robert%27);DROP'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'a name is 1–20 lowercase letters' });

    const remind = await app.fetch(new Request('http://local/api/greetings/bo/remind', { method: 'POST' }));
    expect(remind.status).toBe(202);
    for (let i = 0; i < 100 && !reminded.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(reminded).toEqual(['bo']);
  });

  test('a module that requires one the app does not load stops start-up, naming both', async () => {
    const lonely: AppModule = { name: 'lonely', requires: ['greetings'] };
    await expect(start([lonely])).rejects.toThrow('Module "lonely" requires module "greetings", which this app does not load');
  });

  test('a module that says it provides a service but does not stops start-up', async () => {
    const liar: AppModule = { name: 'liar', provides: [Greeter] };
    await expect(start([liar])).rejects.toThrow('Module "liar" declares it provides the "greeter" service but did not provide it during setup');
  });

  test('two modules with one name stop start-up', async () => {
    await expect(start([{ name: 'twin' }, { name: 'twin' }])).rejects.toThrow('Two modules are called "twin"');
  });
});

describe('module settings', () => {
  const schema = z.object({ maxFallbacks: z.number().int().min(1).default(2) }).strict();
  const ctx = (bot: Bot) => ({ bot }) as unknown as ModuleContext;
  const modules = [{ name: 'handoff', config: schema }];

  test("a module's bot.yaml block is checked with the module's own schema", () => {
    const bot = new Bot({ name: 'x', handoff: { maxFallbacks: 0 } }, { modules });
    expect(() => wireDeclarations({ name: 'handoff', config: schema }, ctx(bot), [])).toThrow(ConfigError);
    expect(() => wireDeclarations({ name: 'handoff', config: schema }, ctx(bot), [])).toThrow(/handoff\.maxFallbacks: /);
  });

  test('a valid block, or none, passes', () => {
    expect(() => wireDeclarations({ name: 'handoff', config: schema }, ctx(new Bot({ name: 'x', handoff: { maxFallbacks: 3 } }, { modules })), [])).not.toThrow();
    expect(() => wireDeclarations({ name: 'handoff', config: schema }, ctx(new Bot({ name: 'x' })), [])).not.toThrow();
  });
});
