import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { MediaStore } from '../../core/services';
import { WebChannel } from './adapter';
import { WEB_PUSH_TOPIC } from './socket';

/**
 * Web chat, always on: the JSON API, the widget's WebSocket and `/widget.js`. With
 * `WEB_IDENTITY_SECRET` the host site can sign visitor tokens (see docs/identity.md).
 */
export const web = channel({
  name: 'web',
  label: 'Web chat',
  settings: z.object({ identitySecret: z.string().optional() }),
  env: { identitySecret: 'WEB_IDENTITY_SECRET' },
  enabled: () => true,
  adapter: (settings, ctx) =>
    new WebChannel({
      title: ctx.bot.config.name,
      maxBodyBytes: ctx.maxBodyBytes,
      identitySecret: settings.identitySecret,
      texts: ctx.bot.config,
      // Photos go to the media module's store, asked per request (modules set up after the channels).
      media: () => ctx.bot.services.get(MediaStore),
    }),
  topics: [WEB_PUSH_TOPIC],
});
