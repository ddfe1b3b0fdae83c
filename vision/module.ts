import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AppModule, ModuleContext } from '../core/module';
import { Answerer, ArticleCodes, Escalator, PhotoReader, type Photo, type PhotoReading } from '../core/services';
import { VisionConfigSchema, visionSettings } from './config';
import { describePhoto } from './describe';
import { LocalPhotoReader, type ImageReader } from './reader';
import { photoMiddleware } from './respond';

/** Options for tests, benchmarks and embedders; bot.yaml's `vision:` block supplies the rest. */
export interface VisionModuleOptions {
  /** Reads images instead of the local OCR and barcode pools (a fake in tests). */
  reader?: ImageReader;
  /** The vision-capable chat model for `vision.describe`, from the environment (the server passes `LLM_PROVIDER`'s). */
  chatModel?: (env: NodeJS.ProcessEnv) => BaseChatModel | undefined;
}

/**
 * Visual troubleshooting: provides the `PhotoReader` the media module hands every customer photo
 * to (OCR, barcodes and QR codes, optionally a model's description), and answers photos — the
 * article whose code is in the picture, a focused question when unsure, a knowledge-base answer
 * to the text read, or a person with the photo and what was read.
 */
export function visionModule(options: VisionModuleOptions = {}): AppModule {
  let reader: ImageReader | undefined;
  return {
    name: 'vision',
    config: VisionConfigSchema,
    provides: [PhotoReader],
    uses: [ArticleCodes, Answerer, Escalator],
    setup(ctx: ModuleContext) {
      const settings = visionSettings(ctx.bot.config.vision);
      const images = options.reader ?? new LocalPhotoReader({ ocrWorkers: settings.ocrWorkers, timeoutMs: settings.timeoutMs, maxSide: settings.maxSide });
      reader = images;
      const llm = settings.describe ? options.chatModel?.(ctx.env) : undefined;
      if (settings.describe && !llm) ctx.logger.warn('vision.describe is on but no chat model is configured (LLM_PROVIDER): photos are read without a description');
      ctx.bot.services.provide(PhotoReader, {
        async read(photo: Photo, turn): Promise<PhotoReading> {
          const [reading, description] = await Promise.all([images.read(photo.bytes), llm ? describePhoto(llm, photo, turn) : undefined]);
          return { text: reading.text, codes: reading.codes, confidence: reading.confidence, ...(description ? { description } : {}) };
        },
      });
      ctx.early.use(photoMiddleware({ minTextConfidence: settings.minTextConfidence }));
    },
    async stop() {
      await reader?.close();
    },
  };
}
