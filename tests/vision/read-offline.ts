// Run by reader.test.ts in a child process without network: reads the fixture photos and prints what it read as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalPhotoReader } from '../../vision/reader';

async function main(): Promise<void> {
  const reader = new LocalPhotoReader({ ocrWorkers: 1 });
  const dir = join(__dirname, '..', 'fixtures', 'vision');
  const out: Record<string, unknown> = {};
  for (const file of process.argv.slice(2)) out[file] = await reader.read(readFileSync(join(dir, file)));
  await reader.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
