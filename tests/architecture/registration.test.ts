import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_FOLDERS } from '../../scripts/architecture/counts';

/**
 * A feature is a top-level folder with a `module.ts`. Adding one means listing it in six places
 * (type checking, the import rules and their CI run, the architecture counts and the Docker image);
 * a folder missing from one of them is checked by nothing there, or missing from the image. This
 * test names the place a new feature was forgotten in.
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

const features = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['core', 'server', 'node_modules'].includes(d.name) && existsSync(join(ROOT, d.name, 'module.ts')))
  .map((d) => d.name)
  .sort();

const places: Record<string, (folder: string) => boolean> = {
  'tsconfig.json include': (f) => (JSON.parse(read('tsconfig.json')) as { include: string[] }).include.includes(f),
  'package.json lint:imports': (f) => (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['lint:imports'].split(/\s+/).includes(f),
  'Dockerfile COPY': (f) => read('Dockerfile').includes(`COPY ${f} ./${f}\n`),
  'scripts/architecture/counts.ts SOURCE_FOLDERS': (f) => SOURCE_FOLDERS.includes(f),
  '.dependency-cruiser.js FEATURES': (f) => new RegExp(`const FEATURES = '\\((?:[a-z]+\\|)*${f}(?:\\|[a-z]+)*\\)'`).test(read('.dependency-cruiser.js')),
  'tests/architecture/imports.test.ts SOURCE': (f) => read('tests/architecture/imports.test.ts').includes(`'${f}'`),
};

test('the feature folders are found', () => {
  expect(features).toEqual(expect.arrayContaining(['catalog', 'dialogs', 'handoff', 'knowledge', 'surveys', 'vision']));
});

test.each(Object.keys(places))('every feature folder is listed in %s', (place) => {
  expect(features.filter((f) => !places[place](f))).toEqual([]);
});
