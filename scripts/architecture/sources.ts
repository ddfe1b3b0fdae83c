import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SOURCE_FOLDERS, type SourceFile } from './counts';

/** The TypeScript sources under `root`: the given folders and files, without declaration files, and without tests unless asked. */
export function readSources(root: string, folders: string[] = SOURCE_FOLDERS, options: { tests?: boolean } = {}): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if (path.endsWith('.ts') && (options.tests || !path.endsWith('.test.ts')) && !path.endsWith('.d.ts')) {
      files.push({ path: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  // A folder an older checkout does not have yet (`--root`) holds nothing to count.
  for (const folder of folders) if (existsSync(join(root, folder))) walk(join(root, folder));
  return files;
}
