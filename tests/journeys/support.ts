import { join } from 'node:path';
import { RICH_CAPABILITIES } from '../../core/channel';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { journeysModule } from '../../journeys/module';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { JourneysKey } from '../../journeys/module';
import { plainText } from '../../core/markdown/format';
import { openEach } from '../support/open-each';

export const SHOP_BOT = join(__dirname, '..', 'fixtures', 'journeys-bot');
/** Northwind, the demo bot as it ships. */
export const DEMO_BOT = join(__dirname, '..', '..', 'bots', 'demo');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A Wednesday, 10:00 UTC: outside quiet hours in UTC and in Madrid. */
export const T0 = Date.UTC(2026, 2, 4, 10, 0, 0);

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public t = T0) {}
  now = () => this.t;
  advance(ms: number): number {
    return (this.t += ms);
  }
}

/**
 * The shop bot (or the bot in `botDir`; HTTP in process through `app.fetch`) with every default
 * module but those named in `without`, journeys on a fake clock and no timers, on test channels.
 */
export async function shopApp(options: { botDir?: string; clock?: FakeClock; databaseUrl?: string; env?: NodeJS.ProcessEnv; realChannels?: boolean; without?: string[] } = {}) {
  const clock = options.clock ?? new FakeClock();
  const web = new TestChannel('web');
  const sms = new TestChannel('sms', { maxButtons: 0, maxButtonTitle: 60, maxTextLength: 1600, format: plainText, media: true, typing: false });
  // Like the real adapter: free-form messages only within the customer-service window.
  const whatsapp = new TestChannel('whatsapp', { ...RICH_CAPABILITIES, serviceWindow: true });
  const modules = defaultModules()
    .filter((m) => !options.without?.includes(m.name))
    .map((m) => (m.name === 'journeys' ? journeysModule({ now: clock.now, timers: false }) : m));
  const app: App = await createApp({
    botDir: options.botDir ?? SHOP_BOT,
    databaseUrl: options.databaseUrl ?? ':memory:',
    env: options.env ?? {},
    // The real channels (web chat's /widget.js…) for browser tests; test channels otherwise.
    channels: options.realChannels ? undefined : [web, sms, whatsapp],
    modules,
    logger: silentLogger(),
  });
  const journeys = app.bot.services.require(JourneysKey);
  return { app, journeys, clock, web, sms, whatsapp };
}

/**
 * The shop app (see `shopApp`) opened before each test and closed after it, even when its start-up
 * outlives `beforeEach` (see `openEach`). `options` is called per test, so each gets a fresh clock.
 */
export function shopAppEach(options: () => Parameters<typeof shopApp>[0], use: (shop: Shop) => void): void {
  openEach(() => shopApp(options()), (shop) => shop.app.close(), use);
}

export type Shop = Awaited<ReturnType<typeof shopApp>>;
