import { readdirSync, readFileSync, statSync } from 'node:fs';
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
  for (const folder of folders) walk(join(root, folder));
  return files;
}
