import { z } from 'zod';
import type { AppModule, ModuleContext } from '../core/module';
import { ConsoleSessions, HandoffLookup, MediaStore, PhotoReader } from '../core/services';
import { mediaApp } from './routes';
import { mediaCustomerData, mediaMigrations, SqlMediaStore } from './store';
import { answerPhotoOnly, storePhotos } from './turn';

/** The `media:` block of `bot.yaml`. */
export const MediaSettings = z
  .object({
    /** Days a customer's photo is kept; a daily pass deletes older ones. */
    retentionDays: z.number().positive().max(36_500).default(90),
  })
  .strict();

/** Settings of the media module, as validated. */
export type MediaSettings = z.infer<typeof MediaSettings>;

/** The retention pass, a durable job: it deletes photos past `media.retentionDays`, then schedules the next pass. */
export const MEDIA_RETENTION_JOB = 'media.retention';

const HOUR_MS = 3_600_000;
/** How often the retention pass runs. */
const RETENTION_EVERY_MS = 6 * HOUR_MS;

/**
 * Customer photos: a media store (`MediaStore`) that keeps every inbound image with its
 * conversation — stripped of metadata, served at `/api/media/:id` to the customer and to agents,
 * exported and erased with the customer, deleted after `media.retentionDays` — and the turn
 * middleware that stores provider images (MMS, WhatsApp, Slack, Teams), hands each photo to the
 * `PhotoReader` when a vision module provides one, and answers a photo it cannot read.
 */
export function mediaModule(): AppModule {
  let store: SqlMediaStore | undefined;
  let context: ModuleContext | undefined;
  const media = (ctx = context): SqlMediaStore => {
    if (!ctx) throw new Error('The media store was used before the media module was set up');
    return (store ??= new SqlMediaStore(ctx.store.sql));
  };
  return {
    name: 'media',
    config: MediaSettings,
    provides: [MediaStore],
    uses: [PhotoReader, ConsoleSessions, HandoffLookup],
    migrations: mediaMigrations,
    customerData: [mediaCustomerData],
    middleware: [
      { place: 'early', handler: storePhotos({ media: () => media(), channels: () => context!.engine().channels }) },
      { place: 'late', handler: answerPhotoOnly() },
    ],
    jobs: [{ name: MEDIA_RETENTION_JOB, run: (_payload, ctx) => retentionPass(ctx, media(ctx)) }],
    routes: (ctx) => ({ path: '/api/media', app: mediaApp({ media: media(ctx), store: ctx.store, services: ctx.bot.services }) }),
    setup(ctx) {
      context = ctx;
      ctx.bot.services.provide(MediaStore, media(ctx));
    },
    async start(ctx) {
      // A pass at every start-up (instances that start together just find nothing left to delete).
      await ctx.scheduler.schedule(MEDIA_RETENTION_JOB, {}, Date.now());
    },
  };
}

/** The settings of the media module, defaults filled. */
export function mediaSettings(ctx: ModuleContext): MediaSettings {
  return MediaSettings.parse(ctx.bot.config.media ?? {});
}

/** Deletes what is past retention (in batches), then schedules the next pass. */
async function retentionPass(ctx: ModuleContext, store: SqlMediaStore): Promise<void> {
  const cutoff = Date.now() - mediaSettings(ctx).retentionDays * 24 * HOUR_MS;
  let deleted = 0;
  for (let batch = await store.deleteOlderThan(cutoff); batch > 0; batch = await store.deleteOlderThan(cutoff)) deleted += batch;
  if (deleted) ctx.logger.info({ deleted, retentionDays: mediaSettings(ctx).retentionDays }, 'photos past their retention deleted');
  await scheduleRetention(ctx, Date.now() + RETENTION_EVERY_MS);
}

/**
 * Schedules the pass due at `at`, once per six-hour slot: each pass schedules the next, and the
 * slot's id makes the passes of several instances one job. BullMQ keeps it across restarts; the
 * embedded scheduler loses it, and the next start runs a pass — the photos' ages are in the store,
 * so nothing is missed.
 */
async function scheduleRetention(ctx: ModuleContext, at: number): Promise<void> {
  const slot = Math.ceil(at / RETENTION_EVERY_MS);
  await ctx.scheduler.schedule(MEDIA_RETENTION_JOB, {}, slot * RETENTION_EVERY_MS, { id: `slot-${slot}` });
}
