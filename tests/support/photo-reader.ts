import { chatModelFromEnv } from '../../core/llm';
import type { AppModule } from '../../core/module';
import { defaultModules } from '../../server/modules';
import { PhotoReadTimeout } from '../../vision/pool';
import { LocalPhotoReader } from '../../vision/reader';
import { visionModule } from '../../vision/module';
import { jpegWithGps } from '../media/photos.fixture';

/**
 * The default modules, with the vision module reading photos through the demo's reader (bot.yaml's
 * defaults: 15 s a photo, waiting for a worker included) whose OCR and barcode workers `warm` starts.
 * A worker's cold start (2 s of CPU; 15.8 s for a first read at load 30) counts against the first
 * photo's deadline, and a read that expires mid-way replaces its worker: on a loaded machine the
 * photo a test is about would go to a person instead. Await `warm` before the tests.
 */
export function warmPhotoReader(): { modules: AppModule[]; warm: Promise<void> } {
  const reader = new LocalPhotoReader();
  const modules = defaultModules().map((m) => (m.name === 'vision' ? visionModule({ reader, chatModel: chatModelFromEnv }) : m));
  const warm = jpegWithGps(48, 32)
    .then((photo) => reader.read(photo))
    .then(
      () => undefined,
      (err: Error) => {
        // Refused because the workers started after its deadline: they are up and idle all the same.
        if (!(err instanceof PhotoReadTimeout)) throw err;
      },
    );
  return { modules, warm };
}
