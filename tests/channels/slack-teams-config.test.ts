import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackChannel } from '../../channels/slack/adapter';
import { TeamsChannel } from '../../channels/teams/adapter';
import { slack } from '../../channels/slack';
import { teams } from '../../channels/teams';
import { ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logger';
import type { ChannelAdapter } from '../../core/channel';
import { assemble } from '../../server/assemble';
import { fakeSlack } from '../../testkit/channels/slack-fake';
import type { FakeProvider } from '../../testkit/channels/support';

let dir: string;
let slackApi: FakeProvider;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-channels-'));
  slackApi = await fakeSlack().start(); // the adapter checks its token with auth.test at start
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await slackApi.close();
});

/** The channels an app assembles from `env` and a bot.yaml with `channels` (the real start-up path). */
async function channels(env: Record<string, string>, botYamlChannels = ''): Promise<ChannelAdapter[]> {
  const botDir = mkdtempSync(join(dir, 'bot-'));
  writeFileSync(join(botDir, 'bot.yaml'), `name: shop\n${botYamlChannels}`);
  const app = await assemble({ botDir, databaseUrl: ':memory:', env, logger: silentLogger() });
  await app.close();
  return app.channels;
}

describe('Slack and Teams configuration from the environment and the bot config', () => {
  test('no credentials: web chat only', async () => {
    expect((await channels({})).map((c) => c.name)).toEqual(['web']);
  });

  test('Slack is enabled by its credentials, over HTTP or Socket Mode', async () => {
    const apiUrl = `${slackApi.url}/api/`;
    const http = await channels({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: apiUrl });
    const adapter = http.find((c) => c.name === 'slack');
    expect(adapter).toBeInstanceOf(SlackChannel);
    expect((adapter as SlackChannel).socketMode).toBe(false);
    expect((adapter as SlackChannel).app.client.slackApiUrl).toBe(apiUrl);
    expect(slack.configure({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1' });
    const fromConfig = await channels({}, `channels:\n  slack: { signingSecret: s, botToken: xoxb-2, apiUrl: "${apiUrl}" }\n`);
    expect(fromConfig.map((c) => c.name)).toEqual(['web', 'slack']);
  });

  test('a partial Slack set-up is a ConfigError naming the missing variable', async () => {
    expect(() => slack.configure({ SLACK_SIGNING_SECRET: 's' })).toThrow(ConfigError);
    expect(() => slack.configure({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    await expect(channels({ SLACK_BOT_TOKEN: 'xoxb-1' })).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });

  test('Teams is enabled by MICROSOFT_APP_ID (authenticated) or a channels.teams section (Emulator, unauthenticated)', async () => {
    const authenticated = (await channels({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' })).find((c) => c.name === 'teams');
    expect(authenticated).toBeInstanceOf(TeamsChannel);
    expect((authenticated as TeamsChannel).authenticated).toBe(true);
    const emulator = (await channels({}, 'channels:\n  teams: {}\n')).find((c) => c.name === 'teams');
    expect((emulator as TeamsChannel).authenticated).toBe(false);
    expect(teams.configure({}, { teams: {} })).toEqual({});
    await expect(channels({ MICROSOFT_APP_ID: 'app' })).rejects.toThrow(/MICROSOFT_APP_PASSWORD/);
    await expect(channels({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).rejects.toThrow(/MICROSOFT_APP_TENANT_ID/);
  });
});
