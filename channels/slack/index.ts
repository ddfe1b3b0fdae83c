import { z } from 'zod';
import { channel } from '../../core/channel-module';

/**
 * Slack through Bolt, on when a Slack credential is set: `SLACK_SIGNING_SECRET` and
 * `SLACK_BOT_TOKEN` for the HTTP Events API, or `SLACK_BOT_TOKEN` and `SLACK_APP_TOKEN` for Socket
 * Mode; `SLACK_API_URL` points the Web API elsewhere (tests, proxies). The adapter checks the
 * combination and names what is missing.
 */
export const slack = channel({
  name: 'slack',
  label: 'Slack',
  settings: z.object({
    signingSecret: z.string().optional(),
    botToken: z.string().describe('the xoxb- bot token from OAuth & Permissions'),
    appToken: z.string().optional(),
    apiUrl: z.string().optional(),
  }),
  env: { signingSecret: 'SLACK_SIGNING_SECRET', botToken: 'SLACK_BOT_TOKEN', appToken: 'SLACK_APP_TOKEN', apiUrl: 'SLACK_API_URL' },
  adapter: (settings, ctx) => {
    // Loaded only when Slack is configured: Bolt and the Web API client are not needed otherwise.
    const { SlackChannel } = require('./adapter') as typeof import('./adapter');
    return new SlackChannel({ ...settings, maxBodyBytes: ctx.maxBodyBytes });
  },
});
