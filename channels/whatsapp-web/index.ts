import { existsSync } from 'node:fs';
import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { WhatsAppWebChannel } from './adapter';

/**
 * WhatsApp through whatsapp-web.js (unofficial: a linked phone's WhatsApp Web session in the
 * system Chromium), on with `WHATSAPP_WEB=1` or `channels.whatsapp-web.enabled: true`.
 */
export const whatsappWeb = channel({
  name: 'whatsapp-web',
  label: 'WhatsApp Web',
  aliases: ['wwebjs'],
  settings: z.object({
    enabled: z.stringbool(),
    chromium: z
      .string()
      .default('/usr/bin/chromium')
      .refine(existsSync, 'no Chromium there: install chromium, or point this at the system Chromium'),
    qrToken: z.string().optional(),
  }),
  env: { enabled: 'WHATSAPP_WEB', chromium: 'WHATSAPP_WEB_CHROMIUM', qrToken: 'WHATSAPP_WEB_QR_TOKEN' },
  enabled: (found) => ['1', 'true'].includes(found.enabled?.toLowerCase() ?? ''),
  adapter: (settings, ctx) => new WhatsAppWebChannel({ chromiumPath: settings.chromium, dataDir: ctx.env.DATA_DIR ?? '.data', qrToken: settings.qrToken }),
});
