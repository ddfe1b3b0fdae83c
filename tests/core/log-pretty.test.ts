import { Writable } from 'node:stream';
import { createLogger, wantsPrettyLogs } from '../../core/logger';
import { prettyDestination, prettyLine } from '../../core/log-pretty';
import { bannerFacts, bannerLines, type BannerFacts } from '../../server/banner';
import { firstAdminHint } from '../../handoff/first-run';
import { CHANNELS } from '../../server/modules';
import { SqliteDriver } from '../../core/storage/sqlite';

const capture = () => {
  const lines: string[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { lines, out };
};

describe('logs a person can read', () => {
  test('a JSON line becomes time, level, message and fields; an error keeps its stack', () => {
    const time = Date.UTC(2026, 11, 6, 9, 4, 5);
    expect(prettyLine(JSON.stringify({ level: 30, time, msg: 'listening', port: 3000, channels: ['web'] }), false)).toBe('09:04:05 INFO  listening port=3000 channels=["web"]\n');
    const err = prettyLine(JSON.stringify({ level: 50, time, msg: 'turn failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } }), false);
    expect(err).toBe('09:04:05 ERROR turn failed\nError: boom\n    at x\n');
    expect(prettyLine('not json', false)).toBe('not json');
  });

  test('pretty output is still redacted', () => {
    const { lines, out } = capture();
    const log = createLogger({ level: 'info', destination: prettyDestination(out, false) });
    log.info({ from: '+44 7700 900123' }, 'message from ann@example.com');
    expect(lines.join('')).toMatch(/INFO {2}message from \[email\] from=\[phone\]/);
    expect(lines.join('')).not.toMatch(/7700|ann@/);
  });

  test('pretty on a terminal, JSON otherwise; LOG_FORMAT decides when set', () => {
    expect(wantsPrettyLogs({}, { isTTY: true })).toBe(true);
    expect(wantsPrettyLogs({}, { isTTY: false })).toBe(false);
    expect(wantsPrettyLogs({ LOG_FORMAT: 'json' }, { isTTY: true })).toBe(false);
    expect(wantsPrettyLogs({ LOG_FORMAT: 'pretty' }, {})).toBe(true);
  });
});

describe('start-up banner', () => {
  const facts: BannerFacts = { bot: 'Shop', url: 'http://localhost:3000', channels: ['web', 'sms'], storage: 'SQLite .data/shop.db', redis: false, accounts: { agents: 0, admins: 0 }, ownPage: false };

  test('names the URLs and the configuration, and how to create the first admin', () => {
    const text = bannerLines(facts).join('\n');
    expect(text).toMatch(/Chat {7}http:\/\/localhost:3000\//);
    expect(text).toMatch(/Console {4}http:\/\/localhost:3000\/console/);
    expect(text).toMatch(/Dashboard {2}http:\/\/localhost:3000\/console\/dashboard/);
    expect(text).toMatch(/Channels {3}web, sms/);
    expect(text).toMatch(/Storage {4}SQLite \.data\/shop\.db/);
    expect(text).toMatch(/Redis {6}off/);
    expect(text).toMatch(/Admin {6}No console account exists yet.*: npx switchboard agents add .*--role admin/);
    // The same one text the handoff module logs at start-up.
    expect(text).toContain(firstAdminHint({ agents: 0, admins: 0 }));
  });

  test('with an admin it says so; an uncountable admin leaves the line out', () => {
    expect(bannerLines({ ...facts, accounts: { agents: 1, admins: 1 } }).join('\n')).toMatch(/Admin {6}1 admin$/m);
    expect(bannerLines({ ...facts, accounts: undefined }).join('\n')).not.toMatch(/Admin/);
  });

  test('lists the channels that are off, from the same list validate reads', async () => {
    const known = CHANNELS.map((c) => c.channel.name);
    const sql = new SqliteDriver(':memory:');
    const read = await bannerFacts({ bot: 'Shop', botName: 'Shop', port: 3000, channels: ['web', 'sms'], known, sql, env: {}, ownPage: false });
    await sql.close();
    expect(read.off).toEqual(['whatsapp', 'whatsapp-web', 'slack', 'teams', 'email']);
    expect(bannerLines(read).join('\n')).toMatch(/Channels {3}web, sms {2}\(off until configured: whatsapp, whatsapp-web, slack, teams, email; see docs\/channels\.md\)/);
  });
});
