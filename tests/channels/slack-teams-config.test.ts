import { BotConfigSchema } from '../../core/bot';
import { ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logger';
import { SqliteDriver } from '../../core/storage/sqlite';
import { SlackChannel } from '../../channels/slack/adapter';
import { TeamsChannel } from '../../channels/teams/adapter';
import { configureChannels } from '../../server/channels';
import { configureSlackTeams } from '../../server/slack-teams';

function channels(env: Record<string, string>, config: Record<string, unknown> = {}, sql?: SqliteDriver) {
  const settings = { env, config: BotConfigSchema.parse({ name: 'shop', ...config }), logger: silentLogger(), sql };
  return [...configureChannels(settings), ...configureSlackTeams(settings)];
}

describe('Slack and Teams configuration from the environment and the bot config', () => {
  test('no credentials: neither channel', () => {
    expect(channels({}).map((c) => c.name)).toEqual(['web']);
  });

  test('Slack is enabled by its credentials, over HTTP or Socket Mode', () => {
    const http = channels({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const slack = http.find((c) => c.name === 'slack') as SlackChannel;
    expect(slack).toBeInstanceOf(SlackChannel);
    expect(slack.socketMode).toBe(false);
    expect(slack.app.client.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    const socket = channels({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).find((c) => c.name === 'slack') as SlackChannel;
    expect(socket.socketMode).toBe(true);
    const fromConfig = channels({}, { channels: { slack: { signingSecret: 's', botToken: 'xoxb-2' } } });
    expect(fromConfig.map((c) => c.name)).toEqual(['web', 'slack']);
  });

  test('a partial Slack set-up is a ConfigError naming the missing variable', () => {
    expect(() => channels({ SLACK_SIGNING_SECRET: 's' })).toThrow(ConfigError);
    expect(() => channels({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => channels({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  test('Teams is enabled by MICROSOFT_APP_ID (authenticated) or a channels.teams section (Emulator, unauthenticated)', () => {
    const sql = new SqliteDriver(':memory:');
    const teams = channels({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' }, {}, sql).find((c) => c.name === 'teams') as TeamsChannel;
    expect(teams).toBeInstanceOf(TeamsChannel);
    expect(teams.authenticated).toBe(true);
    const emulator = channels({}, { channels: { teams: {} } }).find((c) => c.name === 'teams') as TeamsChannel;
    expect(emulator.authenticated).toBe(false);
    expect(() => channels({ MICROSOFT_APP_ID: 'app' })).toThrow(/MICROSOFT_APP_PASSWORD/);
    expect(() => channels({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(/MICROSOFT_APP_TENANT_ID/);
    void sql.close();
  });
});
