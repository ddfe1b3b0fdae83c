import { z } from 'zod';
import { channel } from '../../../core/channel-module';
import { EchoChannel } from './adapter';

/**
 * The echo channel: the whole definition of a channel. Registered by one line in an app's
 * channel list (`defaultModules([...CHANNELS, echo])`), it is on when `ECHO_PROVIDER_URL` and
 * `ECHO_SECRET` (or `channels.echo.{providerUrl, secret}` in bot.yaml) are set.
 */
export const echo = channel({
  name: 'echo',
  settings: z.object({
    providerUrl: z.url().describe('the provider API that takes POST /messages'),
    secret: z.string().min(16, 'must be at least 16 characters'),
  }),
  env: { providerUrl: 'ECHO_PROVIDER_URL', secret: 'ECHO_SECRET' },
  adapter: (settings, ctx) => new EchoChannel({ ...settings, maxBodyBytes: ctx.maxBodyBytes }),
});
